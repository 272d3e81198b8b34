"""Words for people: every vocabulary value the screens show ("temporarily_closed" reads
"Temporarily closed"), from one place so every list and table says the same."""

from __future__ import annotations

from enum import Enum

from signposting.domain import (
    AccessMethod,
    AuditAction,
    Channel,
    Outcome,
    Role,
    ScenarioCategory,
    ServiceStatus,
    ThesaurusChangeKind,
    Urgency,
)

_WORDS: tuple[tuple[Enum, str], ...] = (
    (ServiceStatus.ACTIVE, "Active"),
    (ServiceStatus.TEMPORARILY_CLOSED, "Temporarily closed"),
    (ServiceStatus.RETIRED, "Retired"),
    (Role.RECEPTIONIST, "Receptionist"),
    (Role.MANAGER, "Manager"),
    (Role.CLINICIAN, "Clinician"),
    (Role.TRAINER, "Trainer"),
    # The same words as the export's outcome column (signposting.export.profiles).
    (Outcome.ACCEPTED, "Accepted"),
    (Outcome.DECLINED, "Declined"),
    (Outcome.RED_FLAG_ESCALATED, "Red flag escalated"),
    (Outcome.NO_SUITABLE_SERVICE, "No suitable service"),
    (Outcome.BOOKED_CLINICIAN, "Booked with clinician"),
    (Channel.PHONE, "Telephone"),
    (Channel.IN_PERSON, "Face to face"),
    (Channel.ONLINE, "Online"),
    (AuditAction.CREATED, "Created"),
    (AuditAction.UPDATED, "Changed"),
    (AuditAction.DELETED, "Deleted"),
    (ThesaurusChangeKind.ADD, "Add words"),
    (ThesaurusChangeKind.REMOVE, "Remove a word"),
    (ThesaurusChangeKind.SYNONYMS, "Words that mean the same"),
)

# Keyed by (vocabulary, value): two vocabularies may share a stored value.
_LABELS = {(type(member), member.value): words for member, words in _WORDS}
#: Vocabularies that already carry their own wording.
_LABELLED = (Urgency, AccessMethod, ScenarioCategory)


def humanise(identifier: str) -> str:
    """'review_interval_days' -> 'Review interval days': for names no table knows."""
    words = identifier.replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


def label(value: Enum) -> str:
    """What a person reads for a vocabulary value (never the stored ``value``)."""
    if isinstance(value, _LABELLED):
        return str(value.label)
    known = _LABELS.get((type(value), value.value))
    return known if known is not None else humanise(str(value.value))
