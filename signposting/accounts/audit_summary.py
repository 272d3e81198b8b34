"""The audit log in words: each entry as "Status: Active → Temporarily closed", with every
field in full on demand, and the thing changed named rather than numbered."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeGuard

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.accounts.audit_log import read_audit_log
from signposting.accounts.permissions import Permission, require
from signposting.db.models import (
    AuditEntry,
    RedFlagDraft,
    RedFlagProtocol,
    Service,
    StaffMember,
    ThesaurusChange,
)
from signposting.directory.opening import UK
from signposting.domain import (
    AccessMethod,
    AuditAction,
    Role,
    ServiceStatus,
    ThesaurusChangeKind,
    Urgency,
)
from signposting.labels import concept_label, humanise, label

ENTITY_LABELS = {
    "service": "Service",
    "red_flag_protocol": "Red-flag protocol",
    "red_flag_draft": "Red-flag draft",
    "thesaurus_change": "Thesaurus change",
    "staff_member": "Member of staff",
}
FIELD_LABELS = {
    "access_methods": "How patients get there",
    "eligibility_notes": "Other eligibility",
    "is_example": "Example content",
    "max_age": "Maximum age",
    "min_age": "Minimum age",
    "opening_sessions": "Opening sessions",
    "patient_script": "Say to the patient",
    "protocol_id": "Protocol",
    "review_interval_days": "Review every (days)",
    "sign_in_failures": "Failed sign-ins",
    "snomed_code": "SNOMED CT code",
    "snomed_term": "SNOMED CT term",
}
#: Fields whose stored values are a vocabulary's, shown in its words.
FIELD_VOCABULARIES: dict[str, type[Enum]] = {
    "status": ServiceStatus,
    "urgency": Urgency,
    "role": Role,
    "kind": ThesaurusChangeKind,
    "access_methods": AccessMethod,
}
#: Fields worth naming first when an entry records something new or removed.
LEADING_FIELDS = ("status", "urgency", "kind", "concept", "terms", "category", "role", "note")
SHORT = 40
SUMMARY_FIELDS = 3
NONE = "(none)"
ARROW = "\u2192"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@dataclass(frozen=True)
class FieldChange:
    """One field of one entry, both sides in words (``before`` is empty for a new entry)."""

    field: str
    before: str
    after: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def line(self, action: AuditAction) -> str:
        """The field in a short line: old → new, or what a list gained and lost."""
        if action is AuditAction.CREATED:
            return f"{self.field}: {_short(self.after)}"
        if action is AuditAction.DELETED:
            return f"{self.field}: {_short(self.before)}"
        if self.added or self.removed:
            parts = [f"added {_quoted(self.added)}"] if self.added else []
            parts += [f"removed {_quoted(self.removed)}"] if self.removed else []
            return f"{self.field}: {', '.join(parts)}"
        return f"{self.field}: {_short(self.before)} {ARROW} {_short(self.after)}"


@dataclass(frozen=True)
class AuditLine:
    """One audit entry as the audit log shows it."""

    entry_id: int
    when: str
    who: str
    what: str
    change: str
    summary: str
    details: str

    def matches(self, needle: str) -> bool:
        """Whether a case-blind search for ``needle`` finds this entry."""
        text = " ".join((self.when, self.who, self.what, self.change, self.details))
        return needle.casefold() in text.casefold()


def audit_lines(
    session: Session, actor: StaffMember | None, *, entity_type: str | None = None
) -> list[AuditLine]:
    """The newest entries, in words (only roles that may read the audit log)."""
    require(actor, Permission.READ_AUDIT_LOG)
    entries = read_audit_log(session, actor, entity_type=entity_type)
    names = _entity_names(session, entries)
    people = _people(session, entries)
    return [_line(entry, names, people) for entry in entries]


def field_changes(
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    person: Callable[[int], str] = lambda number: f"staff #{number}",
) -> list[FieldChange]:
    """Every field either side holds, in words, in the order it was recorded."""
    old, new = before or {}, after or {}
    changes = []
    for key in [*old, *(k for k in new if k not in old)]:
        if key == "id":
            continue  # the entry's own number: the log names the thing instead
        was, now = old.get(key), new.get(key)
        added: tuple[str, ...] = ()
        removed: tuple[str, ...] = ()
        if before is not None and after is not None and _plain_list(was) and _plain_list(now):
            added = tuple(_value(key, v, person) for v in now if v not in was)
            removed = tuple(_value(key, v, person) for v in was if v not in now)
        changes.append(
            FieldChange(
                FIELD_LABELS.get(key, humanise(key.removesuffix("_id"))),
                _value(key, was, person) if before is not None else "",
                _value(key, now, person) if after is not None else "",
                added,
                removed,
            )
        )
    return changes


def summarise(action: AuditAction, changes: list[FieldChange]) -> str:
    """A line for the table: the changed fields, or the leading fields of a new or removed entry."""
    if action is AuditAction.UPDATED:
        shown = changes
    else:
        side = [c for c in changes if (c.after if action is AuditAction.CREATED else c.before)]
        shown = [c for c in side if c.field in _LEADING_LABELS] or side
    lines = [change.line(action) for change in shown[:SUMMARY_FIELDS]]
    if len(shown) > SUMMARY_FIELDS:
        lines.append(f"and {len(shown) - SUMMARY_FIELDS} more")
    text = "; ".join(lines)
    if action is AuditAction.CREATED:
        return f"New entry, {len(changes)} fields set; {text}" if text else "New entry"
    if action is AuditAction.DELETED:
        return f"Removed; it was {text}" if text else "Removed"
    return text or "No field changed"


def details(action: AuditAction, changes: list[FieldChange]) -> str:
    """Every field in full, one block each: before and after, or the value held."""
    blocks = []
    for change in changes:
        if action is AuditAction.UPDATED:
            blocks.append(f"{change.field}\n  before: {change.before}\n  after:  {change.after}")
        else:
            value = change.after if action is AuditAction.CREATED else change.before
            blocks.append(f"{change.field}\n  {value}")
    return "\n".join(blocks)


_LEADING_LABELS = {FIELD_LABELS.get(key, humanise(key)) for key in LEADING_FIELDS}


def _line(
    entry: AuditEntry, names: dict[tuple[str, int], str], people: dict[int, str]
) -> AuditLine:
    kind = ENTITY_LABELS.get(entry.entity_type, humanise(entry.entity_type))
    name = names.get((entry.entity_type, entry.entity_id)) or _own_name(entry)
    changes = field_changes(
        entry.before, entry.after, lambda number: people.get(number, f"staff #{number}")
    )
    what = f"{kind}: {name}" if name else f"{kind} #{entry.entity_id}"
    when = entry.at.astimezone(UK).strftime("%d/%m/%Y %H:%M")
    heading = f"{label(entry.action)} {what}\nby {entry.actor_label or 'system'} on {when}\n"
    return AuditLine(
        entry.id,
        when,
        entry.actor_label,
        what,
        label(entry.action),
        summarise(entry.action, changes),
        heading + "\n" + details(entry.action, changes),
    )


def _own_name(entry: AuditEntry) -> str:
    """The name an entry itself carries (a removed service's, say)."""
    for side in (entry.after, entry.before):
        for key in ("name", "title"):
            if side and isinstance(side.get(key), str):
                return str(side[key])
    return ""


def _entity_names(session: Session, entries: Iterable[AuditEntry]) -> dict[tuple[str, int], str]:
    wanted: dict[str, set[int]] = {}
    for entry in entries:
        wanted.setdefault(entry.entity_type, set()).add(entry.entity_id)
    names: dict[tuple[str, int], str] = {}
    named: tuple[tuple[str, Any, Any], ...] = (
        ("service", Service.id, Service.name),
        ("red_flag_protocol", RedFlagProtocol.id, RedFlagProtocol.title),
        ("red_flag_draft", RedFlagDraft.id, RedFlagDraft.title),
        ("staff_member", StaffMember.id, StaffMember.name),
    )
    for kind, key, column in named:
        if kind in wanted:
            query = sa.select(key, column).where(key.in_(wanted[kind]))
            names.update({(kind, row_id): str(text) for row_id, text in session.execute(query)})
    if "thesaurus_change" in wanted:
        query = sa.select(ThesaurusChange).where(ThesaurusChange.id.in_(wanted["thesaurus_change"]))
        names.update({("thesaurus_change", c.id): c.describe() for c in session.scalars(query)})
    return names


def _people(session: Session, entries: Iterable[AuditEntry]) -> dict[int, str]:
    """Names of staff an entry refers to by number (who signed a protocol off, say)."""
    numbers = {
        value
        for entry in entries
        for side in (entry.before, entry.after)
        if side
        for key, value in side.items()
        if key.endswith("_by_id") and isinstance(value, int)
    }
    if not numbers:
        return {}
    query = sa.select(StaffMember.id, StaffMember.name).where(StaffMember.id.in_(numbers))
    return dict(session.execute(query).all())


def _plain_list(value: Any) -> TypeGuard[list[Any]]:
    return isinstance(value, list) and all(isinstance(v, str | int | float) for v in value)


def _value(key: str, value: Any, person: Callable[[int], str]) -> str:
    """A stored value in words: vocabularies labelled, dates in UK form, lists joined."""
    if value is None or value in ("", []):
        return NONE
    if isinstance(value, bool):
        return "yes" if value else "no"
    if key.endswith("_by_id") and isinstance(value, int):
        return person(value)
    if isinstance(value, list):
        return "; ".join(_item(key, item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return _item(key, value)


def _item(key: str, value: Any) -> str:
    vocabulary = FIELD_VOCABULARIES.get(key)
    if vocabulary is not None:
        try:
            return label(vocabulary(value))
        except ValueError:
            return str(value)
    if key == "concept" and isinstance(value, str):
        return f"{concept_label(value)} ({value})"
    if key == "opening_sessions" and isinstance(value, dict):
        return f"{value.get('day', '')} {value.get('opens', '')}-{value.get('closes', '')}"
    if key == "rules" and isinstance(value, dict):
        return _rule(value)
    if key == "modifiers" and isinstance(value, dict):
        concepts = " or ".join(concept_label(str(c)) for c in value.get("concepts", []))
        urgency = _item("urgency", value.get("urgency", ""))
        why = f" ({value['why']})" if value.get("why") else ""
        return f"{concepts} {ARROW} {urgency}{why}"
    if key == "closures" and isinstance(value, dict):
        span = f"{value.get('start', '')} to {value.get('end') or value.get('start', '')}"
        return f"{span}: {value.get('reason', '')}".rstrip(": ")
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and _DATE.match(value):
        return f"{date.fromisoformat(value):%d/%m/%Y}"
    if isinstance(value, str) and _MOMENT.match(value):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        local = moment.astimezone(UK) if moment.tzinfo else moment
        return f"{local:%d/%m/%Y %H:%M}"
    return str(value)


def _rule(rule: dict[str, Any]) -> str:
    """A recognition rule as the editor's chips read: 'CHEST + PAIN (within 8 words)'."""
    slots = " + ".join(
        " or ".join(str(word) for word in slot) if isinstance(slot, list) else str(slot)
        for slot in rule.get("slots", [])
    )
    window = rule.get("window")
    return f"{slots} (within {window} words)" if window else slots


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SHORT else flat[: SHORT - 1] + "\u2026"


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f"\u2018{_short(value)}\u2019" for value in values)
