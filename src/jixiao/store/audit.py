"""The audit log: every write records who, when, what and from where, in the write's own
transaction (no write without its entry, no entry without its write)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from jixiao.store.models import AuditEntry
from jixiao.store.roles import Caller


def record(db: Session, caller: Caller, action: str, target: str = "", **detail: Any) -> None:
    db.add(AuditEntry(user_id=caller.user_id, username=caller.username, address=caller.address[:100],
                      action=action, target=target, detail=detail))
