"""Whether a matched service suits this caller: age band, exclusions, closure, opening hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from signposting.directory.opening import open_state
from signposting.domain import ServiceStatus
from signposting.search.entries import ServiceEntry
from signposting.search.text import STOPWORDS, normalise
from signposting.search.vocabulary import Vocabulary

#: Words too general to say that an exclusion applies to this caller.
GENERIC_WORDS = frozenset(
    """
    red flag not only under over more less days day old weeks week months month years year
    same gp clinician pharmacy pharmacist self care call see urgent already without other new
    recent last ae 999 111 service services routine patients patient people anyone aged age
    first practice appointment referral refer team nurse instead go must needs
    """.split()
)


@dataclass(frozen=True)
class Eligibility:
    """``eligible`` with the reasons it is not (empty when it is) and the opening state text.

    ``blocking`` is set when the patient cannot use the service at all (age, exclusion,
    temporary closure), as opposed to only not right now (closed until the next session).
    """

    eligible: bool
    reasons: tuple[str, ...]
    opening: str
    blocking: bool = False

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def age_reason(entry: ServiceEntry, age: int) -> str | None:
    """Why an age falls outside the service's band, or None."""
    low, high = entry.min_age, entry.max_age
    if (low is None or age >= low) and (high is None or age <= high):
        return None
    if low is not None and high is not None:
        return f"ages {low} to {high} only"
    if low is not None:
        return f"ages {low} and over only"
    return f"ages up to {high} only"


def exclusion_reasons(
    entry: ServiceEntry, query_words: set[str], own_words: set[str], vocabulary: Vocabulary
) -> list[str]:
    """Exclusions whose distinctive words the caller has mentioned ("pregnant", "man")."""
    reasons = []
    for exclusion in entry.exclusions:
        head = exclusion.split(":", 1)[0]
        words = set(vocabulary.rewrite(normalise(head)))
        distinctive = {
            word
            for word in words
            if word not in STOPWORDS
            and word not in GENERIC_WORDS
            and word not in own_words
            and not word.isdigit()
        }
        if distinctive & query_words:
            reasons.append(f"excluded: {exclusion}")
    return reasons


def assess(
    entry: ServiceEntry,
    *,
    age: int | None,
    now: datetime,
    query_words: set[str],
    own_words: set[str],
    vocabulary: Vocabulary,
) -> Eligibility:
    """Check one service for one caller at one moment."""
    reasons: list[str] = []
    if entry.status is ServiceStatus.TEMPORARILY_CLOSED:
        reasons.append("temporarily closed" + (f": {entry.alert}" if entry.alert else ""))
    elif entry.status is ServiceStatus.RETIRED:
        reasons.append("retired")
    if age is not None:
        too_young_or_old = age_reason(entry, age)
        if too_young_or_old:
            reasons.append(too_young_or_old)
    reasons.extend(exclusion_reasons(entry, query_words, own_words, vocabulary))
    blocking = bool(reasons)
    state = open_state(entry.opening_sessions, entry.closures, now)
    opening = state.describe(now)
    if state.has_hours and not state.is_open:
        reasons.append(opening[0].lower() + opening[1:])
    return Eligibility(
        eligible=not reasons, reasons=tuple(reasons), opening=opening, blocking=blocking
    )
