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


def age_band_text(min_age: int | None, max_age: int | None) -> str:
    """A service's age band as a person says it: 'Any age', '16 and over', 'Up to 15',
    '16 to 64' (a lower limit of 0 is no limit)."""
    low = min_age or None
    if low is None and max_age is None:
        return "Any age"
    if max_age is None:
        return f"{low} and over"
    if low is None:
        return f"Up to {max_age}"
    if low == max_age:
        return f"Aged {low} only"
    return f"{low} to {max_age}"


#: Words in concept names that are not spelled as written: initials, and the apostrophes a
#: name cannot hold.
_CONCEPT_WORDS = {"co": "CO", "uti": "UTI", "cant": "can't", "wont": "won't"}


def concept_label(name: str) -> str:
    """A red-flag concept as a person reads it: 'CHEST_SENSATION' -> 'Chest sensation',
    'UTI' -> 'UTI'. Rules are written with the name; screens show this."""
    words = [_CONCEPT_WORDS.get(word, word) for word in name.lower().split("_") if word]
    text = " ".join(words)
    return text[:1].upper() + text[1:]
