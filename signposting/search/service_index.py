"""An inverted index of the services, ranked by how well their words match the caller's."""

from __future__ import annotations

from collections import OrderedDict

import numpy as np

from signposting.search.entries import ServiceEntry
from signposting.search.matcher import TokenMatcher
from signposting.search.postings import FloatVector, Postings
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
PHRASE_FIELDS = ("keywords", "conditions")
#: Score vectors of recently typed words (one float per service each).
TOKEN_CACHE_SIZE = 32
ANALYSIS_CACHE_SIZE = 200_000


class ServiceIndex:
    """Word -> {service id: weight}, kept current by ``upsert`` and ``remove``."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.entries: dict[int, ServiceEntry] = {}
        self.matcher = TokenMatcher(fuzzy_cutoff=0.8, min_prefix=2, prefix_strength=0.85)
        self._postings = Postings()
        self._words_of: dict[int, set[str]] = {}
        self._phrases_of: dict[int, list[str]] = {}
        self._token_scores: OrderedDict[tuple[str, bool], FloatVector] = OrderedDict()
        self._analysed: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}

    def __len__(self) -> int:
        return len(self.entries)

    def analyse(self, text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """A text's canonical words (lay phrases rewritten, plus the plain words) and its
        significant rewritten words in order, for phrase matching. Remembered per text, as
        directories repeat the same keywords many times."""
        known = self._analysed.get(text)
        if known is not None:
            return known
        normalised = normalise(text)
        rewritten = self.vocabulary.rewrite(normalised)
        plain = [self.vocabulary.canonical(word) for word in normalised.split()]
        words = tuple(w for w in dict.fromkeys(rewritten + plain) if w not in STOPWORDS)
        result = (words, tuple(significant(rewritten)))
        if len(self._analysed) >= ANALYSIS_CACHE_SIZE:
            self._analysed.clear()
        self._analysed[text] = result
        return result

    def upsert(self, entry: ServiceEntry) -> None:
        """Add a service, or replace what the index holds for it."""
        self.remove(entry.id)
        best: dict[str, float] = {}
        fields_with: dict[str, int] = {}
        phrases: list[str] = []
        for field_name, texts in (
            ("name", (entry.name,)),
            ("keywords", entry.keywords),
            ("conditions", entry.conditions),
            ("category", (entry.category,)),
            ("description", (entry.description,)),
        ):
            weight = FIELD_WEIGHTS[field_name]
            in_field: set[str] = set()
            for text in texts:
                words, phrase = self.analyse(text)
                in_field.update(words)
                if len(phrase) > 1 and field_name in PHRASE_FIELDS:
                    phrases.append(" " + " ".join(phrase) + " ")
            for word in in_field:
                if word in best:
                    best[word] = max(best[word], weight)
                    fields_with[word] += 1
                else:
                    best[word] = weight
                    fields_with[word] = 1
        weights = {
            word: weight + EXTRA_FIELD_WEIGHT * (fields_with[word] - 1)
            for word, weight in best.items()
        }
        self._postings.add(entry.id, weights)
        for word in weights:
            if word not in self.matcher:
                self.matcher.add(word)
                for surface in self.vocabulary.surfaces_of(word):
                    self.matcher.add_alias(surface, word)
        self.entries[entry.id] = entry
        self._words_of[entry.id] = set(weights)
        self._phrases_of[entry.id] = phrases
        if self._token_scores:
            self._token_scores.clear()

    def remove(self, service_id: int) -> None:
        self._postings.remove(service_id, self._words_of.pop(service_id, set()))
        self.entries.pop(service_id, None)
        self._phrases_of.pop(service_id, None)
        self._token_scores.clear()

    def own_words(self, service_id: int) -> set[str]:
        return self._words_of.get(service_id, set())

    def search(
        self, words: list[str], *, last_partial: bool, limit: int
    ) -> list[tuple[int, float]]:
        """Best services for the query words, as ``(id, relevance 0-1)``, best first."""
        if not words or not self.entries:
            return []
        total = np.zeros(self._postings.size, dtype=np.float32)
        matched = np.zeros(self._postings.size, dtype=np.int16)
        for position, word in enumerate(words):
            partial = last_partial and position == len(words) - 1
            scores = self._scores_for(word, partial)
            total += scores
            matched += scores > 0
        if len(words) > 1:
            total += np.float32(COVERAGE_BONUS) * (matched == len(words))
        candidates = np.flatnonzero(total)
        if candidates.size > limit * 3:
            keep = np.argpartition(total[candidates], -limit * 3)[-limit * 3 :]
            candidates = candidates[keep]
        best = [(self._postings.service_at(int(slot)), float(total[slot])) for slot in candidates]
        joined = " " + " ".join(words) + " "
        with_phrases = [(sid, score + self._phrase_bonus(sid, joined)) for sid, score in best]
        with_phrases.sort(key=lambda item: (-item[1], self.entries[item[0]].name))
        ceiling = MAX_WEIGHT * len(words) + (COVERAGE_BONUS if len(words) > 1 else 0) + PHRASE_BONUS
        return [(sid, min(1.0, score / ceiling)) for sid, score in with_phrases[:limit]]

    def _scores_for(self, word: str, partial: bool) -> FloatVector:
        key = (word, partial)
        cached = self._token_scores.get(key)
        if cached is not None:
            self._token_scores.move_to_end(key)
            return cached
        scores = self._postings.scores(self.matcher.expand(word, partial=partial))
        self._token_scores[key] = scores
        if len(self._token_scores) > TOKEN_CACHE_SIZE:
            self._token_scores.popitem(last=False)
        return scores

    def _phrase_bonus(self, service_id: int, joined_query: str) -> float:
        for phrase in self._phrases_of.get(service_id, ()):
            if phrase in joined_query:
                return PHRASE_BONUS
        return 0.0
