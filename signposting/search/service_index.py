"""An inverted index of the services, ranked by how well their words match the caller's."""

from __future__ import annotations

import heapq
from collections import OrderedDict
from collections.abc import Iterable

from signposting.search.entries import ServiceEntry
from signposting.search.matcher import TokenMatcher
from signposting.search.text import STOPWORDS, normalise, significant
from signposting.search.vocabulary import Vocabulary

#: How much a word counts by where it appears in the entry.
FIELD_WEIGHTS = {
    "name": 3.0,
    "keywords": 3.0,
    "conditions": 2.5,
    "category": 1.0,
    "description": 0.5,
}
#: A word found in several fields of one entry counts this much more for each extra field.
EXTRA_FIELD_WEIGHT = 0.2
MAX_WEIGHT = 3.0 + 2 * EXTRA_FIELD_WEIGHT
#: Bonus when every typed word matched, and when a whole keyword phrase was typed.
COVERAGE_BONUS = 1.0
PHRASE_BONUS = 2.0
TOKEN_CACHE_SIZE = 256


class ServiceIndex:
    """Word -> {service id: weight}, kept current by ``upsert`` and ``remove``."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.entries: dict[int, ServiceEntry] = {}
        self.matcher = TokenMatcher(fuzzy_cutoff=0.8, min_prefix=2, prefix_strength=0.85)
        self._postings: dict[str, dict[int, float]] = {}
        self._words_of: dict[int, set[str]] = {}
        self._phrases_of: dict[int, list[tuple[str, ...]]] = {}
        self._token_scores: OrderedDict[tuple[str, bool], dict[int, float]] = OrderedDict()

    def __len__(self) -> int:
        return len(self.entries)

    def words(self, text: str) -> list[str]:
        """Canonical words of a text: lay phrases rewritten, plus the plain words."""
        normalised = normalise(text)
        rewritten = self.vocabulary.rewrite(normalised)
        plain = [self.vocabulary.canonical(word) for word in normalised.split()]
        return [word for word in dict.fromkeys(rewritten + plain) if word not in STOPWORDS]

    def upsert(self, entry: ServiceEntry) -> None:
        """Add a service, or replace what the index holds for it."""
        self.remove(entry.id)
        field_weights: dict[str, list[float]] = {}
        fields: Iterable[tuple[str, Iterable[str]]] = (
            ("name", [entry.name]),
            ("keywords", entry.keywords),
            ("conditions", entry.conditions),
            ("category", [entry.category]),
            ("description", [entry.description]),
        )
        phrases: list[tuple[str, ...]] = []
        for field_name, texts in fields:
            weight = FIELD_WEIGHTS[field_name]
            for text in texts:
                for word in self.words(text):
                    seen = field_weights.setdefault(word, [])
                    if weight not in seen:
                        seen.append(weight)
                if field_name in ("keywords", "conditions"):
                    phrase = tuple(significant(self.vocabulary.rewrite(normalise(text))))
                    if len(phrase) > 1:
                        phrases.append(phrase)
        weights = {
            word: max(seen) + EXTRA_FIELD_WEIGHT * (len(seen) - 1)
            for word, seen in field_weights.items()
        }
        for word, weight in weights.items():
            self._postings.setdefault(word, {})[entry.id] = weight
            if word not in self.matcher:
                self.matcher.add(word)
                for surface in self.vocabulary.surfaces_of(word):
                    self.matcher.add_alias(surface, word)
        self.entries[entry.id] = entry
        self._words_of[entry.id] = set(weights)
        self._phrases_of[entry.id] = phrases
        self._token_scores.clear()

    def remove(self, service_id: int) -> None:
        for word in self._words_of.pop(service_id, ()):
            posting = self._postings.get(word)
            if posting is not None:
                posting.pop(service_id, None)
        self.entries.pop(service_id, None)
        self._phrases_of.pop(service_id, None)
        self._token_scores.clear()

    def own_words(self, service_id: int) -> set[str]:
        return self._words_of.get(service_id, set())

    def search(
        self, words: list[str], *, last_partial: bool, limit: int
    ) -> list[tuple[int, float]]:
        """Best services for the query words, as ``(id, relevance 0-1)``, best first."""
        if not words:
            return []
        totals: dict[int, float] = {}
        counts: dict[int, int] = {}
        for position, word in enumerate(words):
            partial = last_partial and position == len(words) - 1
            for service_id, score in self._scores_for(word, partial).items():
                totals[service_id] = totals.get(service_id, 0.0) + score
                counts[service_id] = counts.get(service_id, 0) + 1
        if len(words) > 1:
            for service_id, count in counts.items():
                if count == len(words):
                    totals[service_id] += COVERAGE_BONUS
        best = heapq.nlargest(limit * 3, totals.items(), key=lambda item: item[1])
        with_phrases = [(sid, score + self._phrase_bonus(sid, words)) for sid, score in best]
        with_phrases.sort(key=lambda item: (-item[1], self.entries[item[0]].name))
        ceiling = MAX_WEIGHT * len(words) + (COVERAGE_BONUS if len(words) > 1 else 0) + PHRASE_BONUS
        return [(sid, min(1.0, score / ceiling)) for sid, score in with_phrases[:limit]]

    def _scores_for(self, word: str, partial: bool) -> dict[int, float]:
        key = (word, partial)
        cached = self._token_scores.get(key)
        if cached is not None:
            self._token_scores.move_to_end(key)
            return cached
        scores: dict[int, float] = {}
        for known, strength in self.matcher.expand(word, partial=partial):
            for service_id, weight in self._postings.get(known, {}).items():
                score = weight * strength
                if score > scores.get(service_id, 0.0):
                    scores[service_id] = score
        self._token_scores[key] = scores
        if len(self._token_scores) > TOKEN_CACHE_SIZE:
            self._token_scores.popitem(last=False)
        return scores

    def _phrase_bonus(self, service_id: int, words: list[str]) -> float:
        joined = " " + " ".join(words) + " "
        for phrase in self._phrases_of.get(service_id, ()):
            if " " + " ".join(phrase) + " " in joined:
                return PHRASE_BONUS
        return 0.0
