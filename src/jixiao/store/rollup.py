"""Totals kept per organisation as the evaluations under it change: what the tables of
:mod:`jixiao.store.finding_totals`, :mod:`jixiao.store.three_public_totals` and
:mod:`jixiao.store.evaluation_counts` share.

An evaluation's change adds its difference to a row of its unit and of every organisation
above it, in the same transaction as the change, so a bureau's or a department's total is
one row to read and exact at every commit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def ancestors(path: str) -> list[int]:
    """The organisations a path runs through, the root first ("/1/4/9/" → 1, 4, 9)."""
    return [int(part) for part in path.strip("/").split("/") if part]


def covering(paths: Iterable[str]) -> list[int]:
    """The organisations whose totals answer a scope of these paths: each path's own
    organisation, leaving out those under another path of the scope (counted there)."""
    unique = sorted(set(paths))
    kept = [p for p in unique if not any(p != q and p.startswith(q) for q in unique)]
    return [ancestors(p)[-1] for p in kept if ancestors(p)]


def add(db: Session, model: Any, keys: Sequence[str], rows: list[dict[str, Any]]) -> None:
    """Add each row's other columns to the row with its keys (inserted when missing): one
    upsert, its rows in key order (two transactions touching the same totals then lock
    them in the same order, and cannot deadlock on them)."""
    if not rows:
        return
    rows = sorted(rows, key=lambda row: tuple(row[k] for k in keys))
    dialect = db.get_bind().dialect.name
    upsert: Any = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = upsert(model).values(rows)
    added = [column for column in rows[0] if column not in keys]
    db.execute(statement.on_conflict_do_update(
        index_elements=list(keys),
        set_={column: getattr(model, column) + getattr(statement.excluded, column) for column in added}))
