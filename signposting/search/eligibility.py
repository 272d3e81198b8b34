"""Whether a matched service suits this caller (age band, sex, pregnancy, exclusions, closure)
and whether it is open now."""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import datetime

from signposting.directory.opening import OpenState, open_state
from signposting.domain import ServiceStatus
from signposting.search.caller import Caller, CallerRule
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
    after before behind since during
    """.split()
)


@dataclass(frozen=True)
class Eligibility:
    """``eligible`` with the reasons it is not (empty when it is) and the opening state text.

    ``blocking`` is set when the patient cannot use the service at all (age, sex, pregnancy,
    exclusion, temporary closure: ``fit_reasons``), as opposed to only not right now (closed
    until the next session). ``open_now`` is None when the hours are not recorded.
    """

    eligible: bool
    reasons: tuple[str, ...]
    opening: str
    blocking: bool = False
    fit_reasons: tuple[str, ...] = ()
    open_now: bool | None = None

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)

    @property
    def fits(self) -> bool:
        """Whether this caller can use the service at all, open or not."""
        return not self.blocking

    @property
    def fit_reason(self) -> str:
        return "; ".join(self.fit_reasons)

    @property
    def closed_now(self) -> bool:
        return self.open_now is False


def age_reason(entry: ServiceEntry, age: int) -> str | None:
    """Why an age falls outside the service's band, or None."""
    return age_band_reason(entry.min_age, entry.max_age, age)


def age_band_reason(low: int | None, high: int | None, age: int) -> str | None:
    """Why an age falls outside the band ``low`` to ``high`` (either open), or None."""
    if (low is None or age >= low) and (high is None or age <= high):
        return None
    if low is not None and high is not None:
        return f"ages {low} to {high} only"
    if low is not None:
        return f"ages {low} and over only"
    return f"ages up to {high} only"


@dataclass(frozen=True)
class ExclusionRule:
    """An exclusion and the distinctive words that show the caller falls under it."""

    text: str
    words: frozenset[str]


def compile_exclusions(
    entry: ServiceEntry, own_words: set[str], vocabulary: Vocabulary
) -> tuple[ExclusionRule, ...]:
    """Distinctive words of each exclusion ("pregnant", "men"): not general words, and not the
    service's own words (a shingles exclusion about the rash must not fire on "rash")."""
    rules = []
    for exclusion in entry.exclusions:
        head = exclusion.split(":", 1)[0]
        words = frozenset(
            word
            for word in vocabulary.rewrite(normalise(head))
            if word not in STOPWORDS
            and word not in GENERIC_WORDS
            and word not in own_words
            and not word.isdigit()
        )
        if words:
            rules.append(ExclusionRule(exclusion, words))
    return tuple(rules)


def assess(
    entry: ServiceEntry,
    *,
    age: int | None,
    now: datetime,
    query_words: AbstractSet[str],
    exclusions: tuple[ExclusionRule, ...],
    opening: OpenState | None = None,
    caller: Caller | None = None,
    caller_rules: tuple[CallerRule, ...] = (),
) -> Eligibility:
    """Check one service for one caller at one moment. ``caller`` adds the sex and pregnancy
    the desk knows to ``age``; ``caller_rules`` are the service's rules on them."""
    reasons: list[str] = []
    if entry.status is ServiceStatus.TEMPORARILY_CLOSED:
        reasons.append("temporarily closed" + (f": {entry.alert}" if entry.alert else ""))
    elif entry.status is ServiceStatus.RETIRED:
        reasons.append("retired")
    if age is not None:
        too_young_or_old = age_reason(entry, age)
        if too_young_or_old:
            reasons.append(too_young_or_old)
    reasons.extend(f"excluded: {rule.text}" for rule in exclusions if rule.words & query_words)
    if caller is not None:
        known = Caller(age, caller.sex, caller.pregnant)
        for caller_rule in caller_rules:
            if caller_rule.applies_to(known) and caller_rule.reason not in reasons:
                reasons.append(caller_rule.reason)
    fit_reasons = tuple(reasons)
    state = opening or open_state(entry.opening_sessions, entry.closures, now)
    described = state.describe(now)
    if state.has_hours and not state.is_open:
        reasons.append(described[0].lower() + described[1:])
    return Eligibility(
        eligible=not reasons,
        reasons=tuple(reasons),
        opening=described,
        blocking=bool(fit_reasons),
        fit_reasons=fit_reasons,
        open_now=state.is_open if state.has_hours else None,
    )
