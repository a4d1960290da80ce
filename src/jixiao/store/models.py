"""The tables. One class per table, typed with SQLAlchemy 2's ``Mapped``.

An evaluation is a row with its indexed figures (what lists and dashboards query) and a
chain of immutable versions, each a snapshot of the data document. ``Evaluation.version``
is SQLAlchemy's version counter: every write sets it to the new version's number and the
UPDATE is conditional on the number read, so two writers based on the same version cannot
both succeed (see :mod:`jixiao.store.evaluations`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Constraint names fixed by convention, so migrations can name what they alter on both databases.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

Document = JSON().with_variant(JSONB(), "postgresql")
Money = Numeric(20, 4)  # 万元 with four decimals covers every figure a report states
BigId = BigInteger().with_variant(Integer(), "sqlite")  # SQLite autoincrements only INTEGER keys


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Organisation(Base):
    """财政局 (bureau) → 主管部门 (department) → 单位 (unit). ``path`` is the chain of ids
    from the root ("/1/4/9/"), so "everything under X" is one indexed prefix match."""

    __tablename__ = "organisations"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # bureau | department | unit
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    path: Mapped[str] = mapped_column(String(400), default="")
    region: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    parent: Mapped[Organisation | None] = relationship(remote_side=[id])
    __table_args__ = (
        UniqueConstraint("parent_id", "name"),
        # The scope's prefix match on path, with the kind and the name beside it: counting a
        # scope's units and naming them in rankings and lists reads no table row.
        Index("ix_organisations_scope", "path", "kind", "name"),
        # The units in name order with their path: a list page (a year's evaluations of the
        # scope by unit name) walks them by name and stops at the page's end rather than
        # sorting every evaluation of the year (PostgreSQL, 5,000 a year: 5.3 → 0.4 ms).
        Index("ix_organisations_by_name", "name", "id", "path"),
    )


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    memberships: Mapped[list[Membership]] = relationship(back_populates="user", lazy="selectin")


class Membership(Base):
    """A role a user holds at an organisation; it applies to that organisation and
    everything under it."""

    __tablename__ = "memberships"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    role: Mapped[str] = mapped_column(String(40))

    user: Mapped[User] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation] = relationship(lazy="joined")
    __table_args__ = (UniqueConstraint("user_id", "organisation_id", "role"),)


class LoginSession(Base):
    """A browser session. Only a hash of the cookie's secret is stored; any app process
    can look it up, so processes keep no state of their own."""

    __tablename__ = "login_sessions"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    address: Mapped[str] = mapped_column(String(100), default="")


class ApiToken(Base):
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Task(Base):
    """A yearly task: the bureau opens a year under a framework with a deadline."""

    __tablename__ = "tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    bureau_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    framework: Mapped[str] = mapped_column(String(100))
    deadline: Mapped[dt.date | None] = mapped_column()
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    __table_args__ = (UniqueConstraint("bureau_id", "year", "framework"),)


class TaskUnit(Base):
    __tablename__ = "task_units"
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)


class Evaluation(Base):
    __tablename__ = "evaluations"
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id"))
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))  # overall | project
    title: Mapped[str] = mapped_column(String(400), default="")
    framework: Mapped[str] = mapped_column(String(100), default="")
    # the status replaced stays known until the flush, which counts the change (evaluation_counts)
    status: Mapped[str] = mapped_column(String(30), default="draft", active_history=True)
    version: Mapped[int] = mapped_column(Integer, default=0)  # the current version's number
    submitted_version: Mapped[int | None] = mapped_column(Integer)  # the last one submitted
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Indexed figures of the current version, for lists and dashboards.
    reported_total: Mapped[Decimal | None] = mapped_column(Money)
    recomputed_total: Mapped[Decimal | None] = mapped_column(Money)
    self_score: Mapped[Decimal | None] = mapped_column(Money)
    review_score: Mapped[Decimal | None] = mapped_column(Money)
    grade: Mapped[str | None] = mapped_column(String(20))
    execution_rate: Mapped[Decimal | None] = mapped_column(Money)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    explained_errors: Mapped[int] = mapped_column(Integer, default=0)  # of those, explained by the unit (问题说明)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    infos: Mapped[int] = mapped_column(Integer, default=0)
    times_returned: Mapped[int] = mapped_column(Integer, default=0)
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # 三公经费 (本年决算数), 年度资金总额 (全年预算数, else 年初预算数) and its 决算数, in 万元 as
    # the current version resolves them; when the current submission was made.
    three_public_expenses: Mapped[Decimal | None] = mapped_column(Money)
    budget_total: Mapped[Decimal | None] = mapped_column(Money)
    final_total: Mapped[Decimal | None] = mapped_column(Money)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))

    unit: Mapped[Organisation] = relationship(lazy="joined")
    finding_counts: Mapped[list[EvaluationFinding]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, lazy="select")
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}  # noqa: RUF012
    __table_args__ = (
        Index("ix_evaluations_unit_year", "unit_id", "year"),
        Index("ix_evaluations_year_status", "year", "status"),
        # The dashboard's aggregates read only this index (a covering index: no table row is
        # fetched on SQLite, index-only scans on PostgreSQL; the id last, which SQLite keeps
        # in every index anyway, so that PostgreSQL can rank evaluations from it too).
        Index("ix_evaluations_dashboard", "year", "unit_id", "kind", "status", "grade", "execution_rate",
              "self_score", "review_score", "errors", "explained_errors", "times_returned", "three_public_expenses",
              "submitted_at", "id"),
    )


class EvaluationFinding(Base):
    """How many findings of one rule and level the evaluation's current version has
    (replaced at every save), so "findings by rule" is a GROUP BY, not a read of every
    result document."""

    __tablename__ = "evaluation_findings"
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[str] = mapped_column(String(80), primary_key=True)
    level: Mapped[str] = mapped_column(String(10), primary_key=True)  # error | warning | info
    count: Mapped[int] = mapped_column(Integer)
    # the evaluation's year and unit (neither ever changes), so a year's counts in a scope
    # are read from one index without visiting the evaluations
    year: Mapped[int] = mapped_column(Integer)
    unit_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    __table_args__ = (Index("ix_evaluation_findings_year_unit", "year", "unit_id", "code", "level", "count"),)


class FindingTotal(Base):
    """The findings of the current versions of one year's evaluations under an
    organisation (its own, when it is a unit), by rule and level: kept with every save
    (:mod:`jixiao.store.finding_totals`), so "findings by rule" for a bureau or a department
    reads a few dozen rows instead of grouping every evaluation's counts."""

    __tablename__ = "finding_totals"
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(80), primary_key=True)
    level: Mapped[str] = mapped_column(String(10), primary_key=True)
    total: Mapped[int] = mapped_column(Integer)  # findings
    evaluations: Mapped[int] = mapped_column(Integer)  # evaluations with at least one


class ThreePublicTotal(Base):
    """三公经费 (本年决算数, 万元) of one year's 整体支出 evaluations under an organisation (its
    own, when it is a unit), summed over those that state it: kept with every save
    (:mod:`jixiao.store.three_public_totals`), so the chart's years read a row each."""

    __tablename__ = "three_public_totals"
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    total: Mapped[Decimal] = mapped_column(Money)
    evaluations: Mapped[int] = mapped_column(Integer)  # the evaluations that state it


class EvaluationCount(Base):
    """How many evaluations of one year, kind and status lie under an organisation (its
    own, when it is a unit): kept with every create, transition, delete and move
    (:mod:`jixiao.store.evaluation_counts`), so the list's pager counts a bureau's years
    from a few rows instead of joining every evaluation of the scope to its unit."""

    __tablename__ = "evaluation_counts"
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    status: Mapped[str] = mapped_column(String(30), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


class Version(Base):
    """An immutable snapshot of an evaluation's data document."""

    __tablename__ = "versions"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    based_on: Mapped[int | None] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(Document)
    content_hash: Mapped[str] = mapped_column(String(64))
    result: Mapped[dict[str, Any] | None] = mapped_column(Document)  # findings, score, counts
    origin: Mapped[str] = mapped_column(String(400), default="")  # how it came: upload, field, put …
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    __table_args__ = (UniqueConstraint("evaluation_id", "number"),)


class Comment(Base):
    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(400), default="")  # JSON pointer into the data document
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ReviewScore(Base):
    """A reviewer's 复核得分 with its reason, kept beside the unit's self score."""

    __tablename__ = "review_scores"
    id: Mapped[int] = mapped_column(primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    score: Mapped[Decimal] = mapped_column(Money)
    self_score: Mapped[Decimal | None] = mapped_column(Money)
    reason: Mapped[str] = mapped_column(Text)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Transition(Base):
    __tablename__ = "transitions"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    evaluation_id: Mapped[int] = mapped_column(ForeignKey("evaluations.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(30))
    from_status: Mapped[str] = mapped_column(String(30))
    to_status: Mapped[str] = mapped_column(String(30))
    version: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str] = mapped_column(Text, default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AuditEntry(Base):
    """Every write: who, when, what, from where."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    username: Mapped[str] = mapped_column(String(100), default="")
    address: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(60))
    target: Mapped[str] = mapped_column(String(100), default="")  # "evaluation:12", "user:3" …
    detail: Mapped[dict[str, Any]] = mapped_column(Document, default=dict)


class LoginAttempt(Base):
    """A failed sign-in (page or token), kept for the rate limit: every app process reads
    the same rows, so the limit holds however many processes serve the database."""

    __tablename__ = "login_attempts"
    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    username: Mapped[str] = mapped_column(String(100), default="", index=True)
    address: Mapped[str] = mapped_column(String(100), default="", index=True)
