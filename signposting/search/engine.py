"""The search engine the desk and the command line use: red flags first, then services."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import UTC, datetime

from signposting.directory.opening import OpenState, open_state
from signposting.domain import ServiceStatus
from signposting.redflags.recogniser import Flag, Recogniser
from signposting.redflags.thesaurus import Thesaurus, shipped_thesaurus
from signposting.search.caller import Caller, CallerRule, Sex, caller_rules
from signposting.search.clinician_cues import clinician_cues
from signposting.search.eligibility import Eligibility, ExclusionRule, assess, compile_exclusions
from signposting.search.entries import RedFlagEntry, ServiceEntry
from signposting.search.service_index import ServiceIndex
from signposting.search.stated import made_for
from signposting.search.text import normalise, significant
from signposting.search.vocabulary import Vocabulary, shipped_vocabulary

log = logging.getLogger(__name__)

DEFAULT_LIMIT = 20
#: A service the caller cannot use stays listed but drops below usable ones near it.
INELIGIBLE_FACTOR = 0.6
#: A service made for the age the caller's words state (see ``stated.made_for``) moves above
#: a general one near it.
MADE_FOR_AGE_FACTOR = 1.5


@dataclass(frozen=True)
class ServiceMatch:
    """A service found for the words: how well it matched (``score``, and which of the query's
    words, as the engine read them, found it), and whether it suits this caller now."""

    entry: ServiceEntry
    score: float
    eligibility: Eligibility
    matched_words: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        """The flat keys scripts have read since the first release, then the three answers
        apart: ``relevance``, ``fits`` (this caller can use it) and ``open`` (right now)."""
        eligibility = self.eligibility
        return {
            "id": self.entry.id,
            "name": self.entry.name,
            "score": round(self.score, 3),
            "eligible": eligibility.eligible,
            "reason": eligibility.reason,
            "relevance": {"score": round(self.score, 3), "matched": list(self.matched_words)},
            "fits": {"ok": eligibility.fits, "reasons": list(eligibility.fit_reasons)},
            "open": {"now": eligibility.open_now, "text": eligibility.opening},
        }


@dataclass(frozen=True)
class SearchResult:
    """The red-flag banner (most urgent first), quiet checks for clearly past mentions, and the
    services ranked for this caller."""

    query: str
    red_flags: tuple[Flag, ...]
    services: tuple[ServiceMatch, ...]
    checks: tuple[Flag, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "red_flags": [flag.to_json() for flag in self.red_flags],
            "checks": [flag.to_json() for flag in self.checks],
            "services": [match.to_json() for match in self.services],
        }


def ranking_score(match: ServiceMatch, stated_age: int | None) -> float:
    """The score the list is ordered by: lower for a service the caller cannot use, higher for
    one made for the age their words state."""
    factor = INELIGIBLE_FACTOR if match.eligibility.blocking else 1.0
    if made_for(match.entry, stated_age):
        factor *= MADE_FOR_AGE_FACTOR
    return match.score * factor


class SearchEngine:
    """Indexes the directory once, then answers each keystroke.

    ``upsert_service``, ``remove_service`` and ``set_red_flags`` keep it current without a rebuild.
    """

    def __init__(
        self, vocabulary: Vocabulary | None = None, thesaurus: Thesaurus | None = None
    ) -> None:
        self.vocabulary = vocabulary or shipped_vocabulary()
        self.thesaurus = thesaurus or shipped_thesaurus()
        self.services = ServiceIndex(self.vocabulary)
        self._red_flag_entries: list[RedFlagEntry] = []
        self._recogniser: Recogniser | None = None
        self._exclusions: dict[int, tuple[ExclusionRule, ...]] = {}
        self._caller_rules: dict[int, tuple[CallerRule, ...]] = {}
        self._opening: dict[int, OpenState] = {}
        self._opening_minute: datetime | None = None

    @classmethod
    def build(
        cls,
        services: Iterable[ServiceEntry],
        red_flags: Iterable[RedFlagEntry],
        vocabulary: Vocabulary | None = None,
        thesaurus: Thesaurus | None = None,
    ) -> SearchEngine:
        engine = cls(vocabulary, thesaurus)
        for entry in services:
            engine.upsert_service(entry)
        engine.set_red_flags(list(red_flags))
        log.info(
            "indexed %d services, %d red flags", len(engine.services), len(engine._red_flag_entries)
        )
        return engine

    def upsert_service(self, entry: ServiceEntry) -> None:
        self.remove_service(entry.id)
        if entry.status is not ServiceStatus.RETIRED:
            self.services.upsert(entry)

    def remove_service(self, service_id: int) -> None:
        self.services.remove(service_id)
        self._exclusions.pop(service_id, None)
        self._caller_rules.pop(service_id, None)
        self._opening.pop(service_id, None)

    def _exclusions_of(self, entry: ServiceEntry) -> tuple[ExclusionRule, ...]:
        rules = self._exclusions.get(entry.id)
        if rules is None:
            own = self.services.own_words(entry.id)
            rules = self._exclusions[entry.id] = compile_exclusions(entry, own, self.vocabulary)
        return rules

    def _caller_rules_of(self, entry: ServiceEntry) -> tuple[CallerRule, ...]:
        rules = self._caller_rules.get(entry.id)
        if rules is None:
            rules = self._caller_rules[entry.id] = caller_rules(entry)
        return rules

    def _matched_words(self, service_id: int, words: list[str], last_partial: bool) -> list[str]:
        """The query words that found this service: those with a meaning (exact, misspelt or
        completed, as the index scored them) among the service's own words."""
        own = self.services.own_words(service_id)
        matcher = self.services.matcher
        return [
            word
            for position, word in enumerate(words)
            if any(
                known in own
                for known, _ in matcher.expand(
                    word, partial=last_partial and position == len(words) - 1
                )
            )
        ]

    def _opening_of(self, entry: ServiceEntry, now: datetime) -> OpenState:
        """Opening state, worked out once a minute per service."""
        minute = now.replace(second=0, microsecond=0)
        if minute != self._opening_minute:
            self._opening.clear()
            self._opening_minute = minute
        state = self._opening.get(entry.id)
        if state is None:
            state = self._opening[entry.id] = open_state(
                entry.opening_sessions, entry.closures, now
            )
        return state

    def check(
        self,
        entry: ServiceEntry,
        caller: Caller,
        now: datetime,
        query_words: AbstractSet[str] = frozenset(),
    ) -> Eligibility:
        """Whether this service suits this caller at this moment, as a search would say (an
        exclusion only counts by the caller's words when there are some)."""
        return assess(
            entry,
            age=caller.age,
            now=now,
            query_words=query_words,
            exclusions=self._exclusions_of(entry),
            opening=self._opening_of(entry, now),
            caller=caller,
            caller_rules=self._caller_rules_of(entry),
        )

    def set_red_flags(
        self, entries: list[RedFlagEntry], thesaurus: Thesaurus | None = None
    ) -> None:
        """New protocols (and thesaurus, if it changed), compiled when next needed."""
        if thesaurus is not None:
            self.thesaurus = thesaurus
        self._red_flag_entries = list(entries)
        self._recogniser = None

    @property
    def red_flags(self) -> Recogniser:
        """The protocols compiled against the thesaurus."""
        if self._recogniser is None:
            self._recogniser = Recogniser(self.thesaurus, self._red_flag_entries)
        return self._recogniser

    def query_words(self, text: str) -> tuple[list[str], bool]:
        """Meaningful canonical words of the query, and whether the last is still being typed."""
        normalised = normalise(text)
        words = significant(self.vocabulary.rewrite(normalised))
        last_partial = bool(normalised) and not text[-1:].isspace() and text[-1:].isalnum()
        return words, last_partial

    def search(
        self,
        text: str,
        *,
        age: int | None = None,
        sex: Sex | None = None,
        pregnant: bool = False,
        now: datetime | None = None,
        limit: int = DEFAULT_LIMIT,
    ) -> SearchResult:
        """Red flags and services for what was typed so far, checked against what is known of
        the caller (an unknown age, sex or pregnancy rules nothing out)."""
        words, last_partial = self.query_words(text)
        recognition = self.red_flags.recognise(text, last_partial=last_partial)
        if not words:
            return SearchResult(text, recognition.banner, (), recognition.checks)
        moment = now or datetime.now(UTC)
        query_set = set(words)
        caller = Caller(age, sex, pregnant)
        ranked = []
        cues = clinician_cues(text)
        services = self.services

        def demote(service_id: int) -> bool:
            entry = services.entries[service_id]
            return cues.demotes(
                entry, lambda: services.own_words(service_id), self._caller_rules_of(entry)
            )

        for service_id, score in self.services.search(
            words,
            last_partial=last_partial,
            limit=limit,
            demote=demote if cues.may_demote else None,
        ):
            entry = self.services.entries[service_id]
            if cues.rules_out(entry, self._caller_rules_of(entry)):
                continue  # the caller's own words say this service cannot take them
            eligibility = self.check(entry, caller, moment, query_set)
            matched = self._matched_words(service_id, words, last_partial)
            ranked.append(ServiceMatch(entry, score, eligibility, tuple(matched)))
        stated_age = cues.caller.age
        ranked.sort(key=lambda m: -ranking_score(m, stated_age))
        return SearchResult(text, recognition.banner, tuple(ranked), recognition.checks)
