"""The login rate limit: after too many failed sign-ins for a username, or from one
client address, within a window, further attempts are refused for a while, with the wait
in the message.

Failures are rows of ``login_attempts``, so every app process serving the database sees
the same count. A refused attempt is not checked (its password is not even verified) and
not counted, so waiting out the refusal is enough; a successful sign-in clears the
username's failures."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from jixiao.store import audit
from jixiao.store.errors import StoreError
from jixiao.store.models import LoginAttempt, utcnow
from jixiao.store.roles import Caller


@dataclass(frozen=True)
class Limits:
    per_username: int = 5  # failures for one username within the window
    per_address: int = 20  # failures from one client address (any usernames) within the window
    window: dt.timedelta = dt.timedelta(minutes=15)


DEFAULT = Limits()


class TooManyAttempts(StoreError):
    status = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message, retry_after=retry_after)
        self.retry_after = retry_after


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def wait_text(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} 秒"
    return f"{math.ceil(seconds / 60)} 分钟"


def _wait(db: Session, column: object, value: str, limit: int, limits: Limits, now: dt.datetime) -> int:
    """Seconds until fewer than ``limit`` failures remain in the window (0: not limited)."""
    if not value or limit <= 0:
        return 0
    since = now - limits.window
    recent = list(db.scalars(select(LoginAttempt.at).where(column == value, LoginAttempt.at > since)  # type: ignore[arg-type]
                             .order_by(LoginAttempt.at.desc()).limit(limit)))
    if len(recent) < limit:
        return 0
    oldest_counted = _aware(recent[-1])
    return max(1, math.ceil((oldest_counted + limits.window - now).total_seconds()))


def check(db: Session, username: str, address: str, limits: Limits = DEFAULT) -> TooManyAttempts | None:
    """The refusal (429, with the wait) of a sign-in for a username or from an address over
    its limit, recorded in the audit log; the caller raises it once its transaction is
    committed. None when the attempt may go ahead."""
    now = utcnow()
    by_user = _wait(db, LoginAttempt.username, username[:100], limits.per_username, limits, now)
    by_address = _wait(db, LoginAttempt.address, address[:100], limits.per_address, limits, now)
    wait = max(by_user, by_address)
    if wait:
        audit.record(db, Caller(None, username[:100], address=address), "login.refused", f"username:{username[:80]}",
                     retry_after=wait, by="username" if by_user >= by_address else "address")
        which = "该用户名" if by_user >= by_address else "您所在的网络地址"
        return TooManyAttempts(f"{which}登录失败次数过多，请 {wait_text(wait)}后再试", wait)
    return None


def failed(db: Session, username: str, address: str, limits: Limits = DEFAULT) -> None:
    """Count a failed sign-in (and forget failures older than the window)."""
    now = utcnow()
    db.execute(delete(LoginAttempt).where(LoginAttempt.at < now - limits.window))
    db.add(LoginAttempt(at=now, username=username[:100], address=address[:100]))
    audit.record(db, Caller(None, username[:100], address=address), "login.failed", f"username:{username[:80]}")


def succeeded(db: Session, username: str) -> None:
    db.execute(delete(LoginAttempt).where(LoginAttempt.username == username[:100]))
