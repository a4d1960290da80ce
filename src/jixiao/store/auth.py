"""Passwords (argon2), browser sessions and API tokens.

Secrets handed to clients are random; the database keeps only their SHA-256, so a copy
of the database does not let anyone in. Sessions live in the database, not in a process."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from jixiao.store import audit
from jixiao.store.errors import Invalid
from jixiao.store.models import ApiToken, LoginSession, Membership, Organisation, User, utcnow
from jixiao.store.roles import ROLE_ORGANISATION_KIND, ROLES, Caller, Grant

SESSION_LIFETIME = dt.timedelta(hours=12)
TOKEN_LIFETIME = dt.timedelta(days=30)

# OWASP's argon2id minimum (19 MiB, two passes, one lane): about 30 ms a login on one core,
# where the library's default (64 MiB, four lanes) costs a busy two-core server a second.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# A hash to verify against when the user does not exist, so both cases take the same time.
_DUMMY_HASH = _hasher.hash("jixiao-no-such-user")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def authenticate(db: Session, username: str, password: str) -> User | None:
    user = db.scalar(select(User).where(User.username == username))
    try:
        _hasher.verify(user.password_hash if user is not None else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if user is None or not user.active:
        return None
    return user


def caller_for(user: User, address: str = "", via: str = "session", csrf_token: str = "") -> Caller:
    grants = tuple(Grant(m.organisation_id, m.organisation.path, m.role) for m in user.memberships)
    return Caller(user.id, user.username, grants, address, via, csrf_token)


def _aware(moment: dt.datetime) -> dt.datetime:
    """SQLite gives back naive datetimes (stored in UTC)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def open_session(db: Session, user: User, address: str = "") -> tuple[str, str]:
    """A new browser session: (cookie secret, CSRF token)."""
    secret, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    db.execute(delete(LoginSession).where(LoginSession.user_id == user.id, LoginSession.expires_at < utcnow()))
    db.add(LoginSession(secret_hash=_digest(secret), csrf_token=csrf, user_id=user.id,
                        expires_at=utcnow() + SESSION_LIFETIME, address=address[:100]))
    audit.record(db, caller_for(user, address), "login", f"user:{user.id}")
    return secret, csrf


@dataclass(frozen=True)
class SignedIn:
    """A live session's caller, with what the page header names: the user's display name
    and the organisations of its roles (each once, in the order of their ids)."""

    caller: Caller
    display_name: str
    organisations: tuple[str, ...]


def session_user(db: Session, secret: str, address: str = "") -> SignedIn | None:
    """The caller of a live session. Every signed-in request asks, so this is one
    statement of plain rows, no ORM objects: the session and its user joined to the
    user's roles and their organisations, a row a role (one row with no role for a user
    who holds none)."""
    rows = db.execute(
        select(LoginSession.expires_at, LoginSession.csrf_token, User.id, User.username, User.display_name,
               User.active, Membership.organisation_id, Membership.role, Organisation.path, Organisation.name)
        .join(User, User.id == LoginSession.user_id)
        .outerjoin(Membership, Membership.user_id == User.id)
        .outerjoin(Organisation, Organisation.id == Membership.organisation_id)
        .where(LoginSession.secret_hash == _digest(secret))
        .order_by(Membership.id)).all()
    if not rows:
        return None
    first = rows[0]
    if _aware(first.expires_at) < utcnow() or not first.active:
        return None
    held = [row for row in rows if row.role is not None]
    grants = tuple(Grant(row.organisation_id, row.path, row.role) for row in held)
    names = tuple(dict.fromkeys(row.name for row in sorted(held, key=lambda row: row.organisation_id)))
    caller = Caller(first.id, first.username, grants, address, "session", first.csrf_token)
    return SignedIn(caller, first.display_name, names)


def session_caller(db: Session, secret: str, address: str = "") -> Caller | None:
    found = session_user(db, secret, address)
    return found.caller if found is not None else None


def close_session(db: Session, secret: str) -> None:
    db.execute(delete(LoginSession).where(LoginSession.secret_hash == _digest(secret)))


def issue_token(db: Session, user: User, address: str = "", name: str = "") -> tuple[str, dt.datetime]:
    secret = "jx_" + secrets.token_urlsafe(32)
    expires = utcnow() + TOKEN_LIFETIME
    db.add(ApiToken(secret_hash=_digest(secret), user_id=user.id, name=name[:100], expires_at=expires))
    audit.record(db, caller_for(user, address, "token"), "token.issue", f"user:{user.id}")
    return secret, expires


def token_caller(db: Session, secret: str, address: str = "") -> Caller | None:
    row = db.scalar(select(ApiToken).where(ApiToken.secret_hash == _digest(secret)))
    if row is None or _aware(row.expires_at) < utcnow():
        return None
    user = db.get(User, row.user_id)
    if user is None or not user.active:
        return None
    return caller_for(user, address, "token")


def add_user(db: Session, username: str, password: str, organisation: Organisation, role: str,
             display_name: str = "", by: Caller | None = None) -> User:
    """A user with one role at one organisation (or that role added to an existing user)."""
    if role not in ROLES:
        raise Invalid(f"未知角色“{role}”；可用：{'、'.join(ROLES)}")
    if ROLE_ORGANISATION_KIND[role] != organisation.kind:
        raise Invalid(f"角色“{ROLES[role]}”须设在{_KIND_NAMES[ROLE_ORGANISATION_KIND[role]]}，"
                      f"而“{organisation.name}”是{_KIND_NAMES[organisation.kind]}")
    if len(password) < 8:
        raise Invalid("密码至少 8 个字符")
    user = db.scalar(select(User).where(User.username == username))
    if user is None:
        user = User(username=username, display_name=display_name or username, password_hash=hash_password(password))
        db.add(user)
        db.flush()
    db.add(Membership(user_id=user.id, organisation_id=organisation.id, role=role))
    db.flush()
    db.refresh(user)
    if by is not None:
        audit.record(db, by, "user.add", f"user:{user.id}", role=role, organisation=organisation.id)
    return user


_KIND_NAMES = {"bureau": "财政局", "department": "主管部门", "unit": "单位"}


def add_organisation(db: Session, name: str, kind: str, parent: Organisation | None,
                     by: Caller | None = None, region: str = "") -> Organisation:
    expected_parent = {"bureau": None, "department": "bureau", "unit": "department"}
    if kind not in expected_parent:
        raise Invalid(f"未知机构类别“{kind}”")
    wanted = expected_parent[kind]
    if (parent.kind if parent is not None else None) != wanted and not (kind == "unit" and parent is not None
                                                                        and parent.kind == "bureau"):
        raise Invalid(f"{_KIND_NAMES[kind]}“{name}”的上级机构类别不对")
    org = Organisation(name=name, kind=kind, parent_id=parent.id if parent else None, region=region)
    db.add(org)
    db.flush()
    org.path = f"{parent.path if parent else '/'}{org.id}/"
    db.flush()
    if by is not None:
        audit.record(db, by, "organisation.add", f"organisation:{org.id}", name=name, kind=kind)
    return org


def administer(db: Session, caller: Caller, organisation_id: int) -> Organisation:
    """The organisation, if the caller is an administrator at it or above it."""
    from jixiao.store.errors import Forbidden, NotFound
    from jixiao.store.roles import ADMIN

    org = db.get(Organisation, organisation_id)
    if org is None or not caller.roles_at(org.path):
        raise NotFound("机构不存在，或不在您的范围内")
    if ADMIN not in caller.roles_at(org.path):
        raise Forbidden("只有管理员可以管理机构和用户")
    return org
