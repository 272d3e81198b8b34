"""Writes an audit entry for every insert, update and delete of a service, a red-flag protocol
or draft, or a thesaurus change.

It hooks the session's flush, so no code path (window, command line, import) can change the
directory without leaving a trace. Who made the change comes from ``session.info["actor"]``.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from signposting.db.base import utc_now
from signposting.db.models import (
    AuditEntry,
    RedFlagDraft,
    RedFlagProtocol,
    Service,
    StaffMember,
    ThesaurusChange,
)
from signposting.domain import AuditAction

AUDITED_TYPES: dict[type[Any], str] = {
    Service: "service",
    RedFlagProtocol: "red_flag_protocol",
    RedFlagDraft: "red_flag_draft",
    ThesaurusChange: "thesaurus_change",
}
#: Bookkeeping columns whose change alone is not worth an entry.
UNAUDITED_COLUMNS = frozenset({"updated_at", "version", "created_at", "password_hash"})


def install_audit_listener(factory: sessionmaker[Session]) -> None:
    """Attach the audit hook to every session the factory makes."""
    event.listen(factory, "after_flush", _after_flush)


def _after_flush(session: Session, _context: Any) -> None:
    rows: list[dict[str, Any]] = []
    for obj in session.new:
        if type(obj) in AUDITED_TYPES:
            rows.append(_row(session, obj, AuditAction.CREATED, None, _snapshot(obj)))
    for obj in session.dirty:
        if type(obj) in AUDITED_TYPES and session.is_modified(obj):
            before, after = _changes(obj)
            if after:
                rows.append(_row(session, obj, AuditAction.UPDATED, before, after))
    for obj in session.deleted:
        if type(obj) in AUDITED_TYPES:
            rows.append(_row(session, obj, AuditAction.DELETED, _snapshot(obj), None))
    if rows:
        session.connection().execute(sa.insert(AuditEntry), rows)


def _row(
    session: Session,
    obj: Any,
    action: AuditAction,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> dict[str, Any]:
    actor = session.info.get("actor")
    if isinstance(actor, StaffMember):
        actor_id: int | None = actor.id
        actor_label = actor.name
    else:
        actor_id, actor_label = None, str(actor or "system")
    return {
        "at": utc_now(),
        "actor_id": actor_id,
        "actor_label": actor_label,
        "entity_type": AUDITED_TYPES[type(obj)],
        "entity_id": obj.id,
        "action": action.value,
        "before": before,
        "after": after,
    }


def _snapshot(obj: Any) -> dict[str, Any]:
    mapper = sa.inspect(obj).mapper
    return {
        column.key: _jsonable(getattr(obj, column.key))
        for column in mapper.column_attrs
        if column.key not in UNAUDITED_COLUMNS
    }


def _changes(obj: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    state = sa.inspect(obj)
    before: dict[str, Any] = {}
    after: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        if attr.key in UNAUDITED_COLUMNS:
            continue
        history = state.attrs[attr.key].history
        if not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else None
        if _jsonable(old) == _jsonable(new):
            continue
        before[attr.key] = _jsonable(old)
        after[attr.key] = _jsonable(new)
    return before, after


_PLAIN = (str, int, float, bool, type(None))


def _jsonable(value: Any) -> Any:
    """The value as JSON can hold it; plain leaves are passed through without a call each."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is list:
        return [item if type(item) in _PLAIN else _jsonable(item) for item in value]
    if kind is dict:
        return {k: (v if type(v) in _PLAIN else _jsonable(v)) for k, v in value.items()}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    return value


def record_bulk_creations(
    session: Session, entity_type: str, created: list[tuple[int, dict[str, Any]]]
) -> None:
    """Audit rows inserted in bulk (bypassing the flush hook): ``(id, values)`` for each."""
    actor = session.info.get("actor")
    if isinstance(actor, StaffMember):
        actor_id: int | None = actor.id
        actor_label = actor.name
    else:
        actor_id, actor_label = None, str(actor or "system")
    now = utc_now()
    rows = [
        {
            "at": now,
            "actor_id": actor_id,
            "actor_label": actor_label,
            "entity_type": entity_type,
            "entity_id": entity_id,
            "action": AuditAction.CREATED.value,
            "before": None,
            "after": {k: _jsonable(v) for k, v in values.items() if k not in UNAUDITED_COLUMNS},
        }
        for entity_id, values in created
    ]
    if rows:
        session.connection().execute(sa.insert(AuditEntry), rows)
