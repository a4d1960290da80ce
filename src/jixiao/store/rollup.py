"""Totals kept per organisation as the evaluations under it change: what the tables of
:mod:`jixiao.store.finding_totals`, :mod:`jixiao.store.three_public_totals` and
:mod:`jixiao.store.evaluation_counts` share.

An evaluation's change adds its difference to a row of its unit and of every organisation
above it, in the same transaction as the change, so a bureau's or a department's total is
one row to read and exact at every commit.

Concurrent writers (PostgreSQL). Each upsert takes its rows in key order, but a transaction
writes several: a save writes its finding totals, then its 三公经费 total; a creation both
of those, then its evaluation's counts; a batch publish the counts of each evaluation in
turn, in the order the reviewer chose. Two transactions taking the same rows in different
orders across statements deadlock; two batch publishes of the same bureau did. And a
write acts on what it read before it took any lock: two transitions of one evaluation,
each on the status it had read, both went through and counted the evaluation twice; a
write that had read its unit's path before a move added to the old department's totals
(tests/web/test_concurrent_totals.py).

So the rule: **a transaction that writes an evaluation or a total first locks the bureau
above it** (:func:`lock`: the row of the root organisation, in id order when there are
several), before it writes anything else, and keeps it to its commit, in one of two ways:

- **shared** (``FOR SHARE``), when it writes one evaluation and nothing else of the
  bureau's: a save, a transition, a creation, a draft imported from a report. It then
  locks that evaluation's row (``FOR NO KEY UPDATE``; a creation its unit's row, so that
  two creations of one unit see each other) and reads the status, version and unit path
  under that lock (:func:`jixiao.store.evaluations.for_writing`, in the same statement,
  or ``as_last_written`` after an unlocked read), refusing a stale view (409). Writers of
  different evaluations of a bureau thus go on side by side; writers of one evaluation
  take turns. Such a transaction takes the rows it shares with others (the totals of its
  unit, department and bureau) in one order: finding totals, then 三公经费 totals, then
  evaluation counts, each upsert in key order, so none waits for another that waits
  for it.
- **alone** (``FOR NO KEY UPDATE``), when it writes several evaluations (a batch publish,
  a yearly task, the demonstration's fill) or moves an organisation (its old and its new
  bureau, before it reads the paths again). It waits for the shared holders to commit and
  keeps every other writer of the bureau waiting, so the order of its rows does not
  matter. A batch takes it outside its savepoints, whose rollback would release a lock
  taken inside.

Reading goes on undisturbed: neither lock stops a reader, nor the foreign keys of new rows
(``FOR KEY SHARE``). SQLite has one writer at a time, as if every writer held the bureau
alone; the locks are not taken there but the bookkeeping is, so that the tests hold every
write path to the rule on both databases.

Who locks: :func:`jixiao.store.evaluations.for_writing` (the service's saves and
transitions), ``lock_unit`` (creations, imported drafts), ``apply_figures``,
``transition`` and ``save_version`` (a no-op when done already), every flush that writes
evaluations (:func:`flushing`, from the listener of :mod:`jixiao.store.evaluation_counts`:
alone when the transaction took no lock, and a second evaluation under a shared lock is
refused with a ``RuntimeError``), and the writers of several evaluations, alone.

A new write path follows the same rule: lock first (a flush of evaluations does it by
itself, alone), and name every bureau in the first lock if the transaction writes under
several. Asking for a bureau alone after sharing it is refused: two writers doing so would
wait for each other (tests/web/test_bureau_locks.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from jixiao.store.models import Organisation


def ancestors(path: str) -> list[int]:
    """The organisations a path runs through, the root first ("/1/4/9/" → 1, 4, 9)."""
    return [int(part) for part in path.strip("/").split("/") if part]


def covering(paths: Iterable[str]) -> list[int]:
    """The organisations whose totals answer a scope of these paths: each path's own
    organisation, leaving out those under another path of the scope (counted there)."""
    unique = sorted(set(paths))
    kept = [p for p in unique if not any(p != q and p.startswith(q) for q in unique)]
    return [ancestors(p)[-1] for p in kept if ancestors(p)]


ALONE, SHARED = "alone", "shared"


def lock(db: Session, paths: Iterable[str], *, shared: bool = False, evaluation: Any = None) -> None:
    """Lock the bureau (root organisation) of each path until the transaction ends, in id
    order: the first thing a transaction that writes evaluations or totals does (see the
    module's docstring). ``shared``: the transaction writes one evaluation (``evaluation``,
    the object) and nothing else of the bureau's; otherwise it holds the bureau alone.
    Asked again in the same transaction it runs nothing. SQLite has one writer at a time
    already: the bookkeeping only, so that the tests hold every write path to the rule."""
    roots = sorted({ancestors(path)[0] for path in paths if ancestors(path)})
    state = _state(db)
    held = state.held
    if shared:
        if evaluation is not None and any(held.get(root) != ALONE for root in roots):
            _only(state, evaluation)
            state.single = evaluation
    elif any(held.get(root) == SHARED for root in roots):
        # Two writers sharing a bureau and then each asking for it alone wait for each other.
        raise RuntimeError("the bureau is held shared by this transaction: ask for it alone first")
    wanted = [root for root in roots if root not in held]
    if not wanted:
        return
    if not state.nested:
        held.update(dict.fromkeys(wanted, SHARED if shared else ALONE))
    if db.get_bind().dialect.name == "postgresql":
        db.execute(select(Organisation.id).where(Organisation.id.in_(wanted)).order_by(Organisation.id)
                   .with_for_update(read=shared, key_share=not shared))


def flushing(db: Session, written: Iterable[tuple[Any, str]]) -> None:
    """A flush writes these evaluations (each with its unit's path): the bureau of each
    that the transaction has not locked is locked now, alone; a second evaluation written
    under a shared lock is refused. Every write path passes here (the listener of
    :mod:`jixiao.store.evaluation_counts`), so none escapes the rule."""
    state = _state(db)
    unlocked = []
    for evaluation, path in written:
        mode = state.held.get(ancestors(path)[0]) if ancestors(path) else None
        if mode is None:
            unlocked.append(path)
        elif mode == SHARED:
            _only(state, evaluation)
    if unlocked:
        lock(db, unlocked)


def _only(state: _Held, evaluation: Any) -> None:
    """Refuse a second evaluation written under a shared lock."""
    if state.single is not None and state.single is not evaluation:
        raise RuntimeError("a transaction that writes several evaluations holds its bureau alone: "
                           "rollup.lock(db, paths) before the first")


@dataclass
class _Held:
    """What the session's transaction has locked: the bureaus and how, and the one
    evaluation a shared lock was taken for. Inside a savepoint, nothing taken there is
    kept (a savepoint rolled back lets go of the locks taken in it, so what was done there
    may need doing again); what the transaction took before stays."""

    transaction: Any = None
    held: dict[int, str] = field(default_factory=dict)
    single: Any = None
    nested: bool = False


def _state(db: Session) -> _Held:
    state = db.info.get("bureau locks")
    if state is None or state.transaction is not db.get_transaction():
        state = db.info["bureau locks"] = _Held(db.get_transaction())
    if db.in_nested_transaction():
        return _Held(state.transaction, dict(state.held), state.single, nested=True)
    return state


def first_in_transaction(db: Session, key: Any) -> bool:
    """Whether ``key`` is asked for the first time in the session's transaction (marked
    now). Inside a savepoint always (see :class:`_Held`)."""
    if db.in_nested_transaction():
        return True
    transaction, done = db.info.get("done in transaction", (None, frozenset()))
    if transaction is not db.get_transaction():
        done = frozenset()
    if key in done:
        return False
    db.info["done in transaction"] = (db.get_transaction(), done | {key})
    return True


def add(db: Session, model: Any, keys: Sequence[str], rows: list[dict[str, Any]]) -> None:
    """Add each row's other columns to the row with its keys (inserted when missing): one
    upsert, its rows in key order. The caller holds the lock of the rows' bureau (:func:`lock`)."""
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
