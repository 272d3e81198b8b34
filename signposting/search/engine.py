"""The search engine the desk and the command line use: red flags first, then services."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from signposting.directory.opening import OpenState, open_state
from signposting.domain import ServiceStatus
from signposting.redflags.recogniser import Flag, Recogniser
from signposting.redflags.thesaurus import Thesaurus, shipped_thesaurus
from signposting.search.eligibility import Eligibility, ExclusionRule, assess, compile_exclusions
from signposting.search.entries import RedFlagEntry, ServiceEntry
from signposting.search.service_index import ServiceIndex
from signposting.search.text import normalise, significant
from signposting.search.vocabulary import Vocabulary, shipped_vocabulary

log = logging.getLogger(__name__)

DEFAULT_LIMIT = 20
#: Services scoring below this share of the best match are noise, not suggestions.
RELATIVE_CUTOFF = 0.35
#: A service the caller cannot use stays listed but drops below usable ones near it.
INELIGIBLE_FACTOR = 0.6


@dataclass(frozen=True)
class ServiceMatch:
    entry: ServiceEntry
    score: float
    eligibility: Eligibility


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
            "services": [
                {
                    "id": match.entry.id,
                    "name": match.entry.name,
                    "score": round(match.score, 3),
                    "eligible": match.eligibility.eligible,
                    "reason": match.eligibility.reason,
                }
                for match in self.services
            ],
        }


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
        self._opening.pop(service_id, None)

    def _exclusions_of(self, entry: ServiceEntry) -> tuple[ExclusionRule, ...]:
        rules = self._exclusions.get(entry.id)
        if rules is None:
            own = self.services.own_words(entry.id)
            rules = self._exclusions[entry.id] = compile_exclusions(entry, own, self.vocabulary)
        return rules

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
        now: datetime | None = None,
        limit: int = DEFAULT_LIMIT,
    ) -> SearchResult:
        """Red flags and services for what was typed so far."""
        words, last_partial = self.query_words(text)
        recognition = self.red_flags.recognise(text, last_partial=last_partial)
        if not words:
            return SearchResult(text, recognition.banner, (), recognition.checks)
        moment = now or datetime.now(UTC)
        query_set = set(words)
        ranked = []
        for service_id, score in self.services.search(
            words, last_partial=last_partial, limit=limit
        ):
            entry = self.services.entries[service_id]
            eligibility = assess(
                entry,
                age=age,
                now=moment,
                query_words=query_set,
                exclusions=self._exclusions_of(entry),
                opening=self._opening_of(entry, moment),
            )
            ranked.append(ServiceMatch(entry, score, eligibility))
        ranked.sort(key=lambda m: -(m.score * (INELIGIBLE_FACTOR if m.eligibility.blocking else 1)))
        return SearchResult(text, recognition.banner, tuple(ranked), recognition.checks)
