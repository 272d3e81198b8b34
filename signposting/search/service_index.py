"""An inverted index of the services, ranked by how well their words match the caller's."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING

from signposting.redflags.lexicon import is_common_word
from signposting.search.clinician_cues import DEMOTION
from signposting.search.entries import ServiceEntry
from signposting.search.entry_terms import MAX_WEIGHT, EntryReader
from signposting.search.matcher import STEM_STRENGTH, TokenMatcher
from signposting.search.postings import Postings
from signposting.search.ranking import (
    DISTINCTIVE_WORD,
    STRONG_WORD,
    Candidate,
    is_generic,
    rarity,
    relevant,
    stem,
)
from signposting.search.service_table import ServiceTable
from signposting.search.vocabulary import Vocabulary

if TYPE_CHECKING:
    from signposting.search.postings import FloatVector

#: Bonus per word when the caller used two or more words of one of a service's phrases, in
#: any order ("weeing ... burns" for "burning when I wee"), by how rare each is, times the share
#: of the phrase they make up: more of a longer phrase says more.
PHRASE_WORD_BONUS = 1.5
#: How surely a typed word must mean a phrase's word to count towards the phrase.
PHRASE_STRENGTH = 0.75
#: Score vectors of recently typed words (one float per service each).
TOKEN_CACHE_SIZE = 32


class ServiceIndex:
    """Word -> {service id: weight}, kept current by ``upsert`` and ``remove``."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.reader = EntryReader(vocabulary)
        self.entries = ServiceTable()
        self.matcher = TokenMatcher(
            fuzzy_cutoff=0.8,
            min_prefix=2,
            prefix_strength=0.85,
            is_real_word=is_common_word,
            stem=stem,
        )
        self._postings = Postings()
        #: Words the matcher has been taught (with the stem they stand for).
        self._taught: set[str] = set()
        self._token_scores: OrderedDict[tuple[str, bool], tuple[FloatVector, float]] = OrderedDict()

    def __getstate__(self) -> dict[str, object]:
        """The index without the scores of recently typed words (saved with a prebuilt index)."""
        return {**self.__dict__, "_token_scores": OrderedDict()}

    def __len__(self) -> int:
        return len(self.entries)

    def upsert(self, entry: ServiceEntry) -> None:
        """Add a service, or replace what the index holds for it (by stem: see entry_terms)."""
        self.remove(entry.id)
        terms = self.reader.read(entry)
        self._postings.add(entry.id, terms.weights)
        for term, word in terms.new_words:
            if word in self._taught:
                continue
            self._taught.add(word)
            if term not in self.matcher:
                self.matcher.add(term)
            self.matcher.add_alias(word, term)
            for surface in self.vocabulary.surfaces_of(word):
                self.matcher.add_alias(surface, term)
        self.entries.put(entry, frozenset(terms.weights), terms.phrases)
        if self._token_scores:
            self._token_scores.clear()

    def remove(self, service_id: int) -> None:
        self._postings.remove(service_id, self.entries.discard(service_id))
        self._token_scores.clear()

    def own_words(self, service_id: int) -> set[str]:
        """The service's stems and the words they were read from."""
        entry = self.entries.get(service_id)
        return self.reader.words_of(entry) if entry is not None else set()

    def search(
        self,
        words: list[str],
        *,
        last_partial: bool,
        limit: int,
        demote: Callable[[int], bool] | None = None,
    ) -> list[tuple[int, float]]:
        """The services relevant to the query words, as ``(id, relevance 0-1)``, best first;
        none when no service has enough evidence (see ``ranking``). A service ``demote`` picks
        out scores ``DEMOTION`` of itself before the cut-off (see ``clinician_cues``)."""
        typed = [
            (word, last_partial and position == len(words) - 1)
            for position, word in enumerate(words)
            if not is_generic(word)
        ]
        if not typed or not self.entries:
            return []
        import numpy as np  # noqa: PLC0415 - loaded with the index (see postings)

        total = np.zeros(self._postings.size, dtype=np.float32)
        strong = np.zeros(self._postings.size, dtype=np.int16)
        matched = np.zeros(self._postings.size, dtype=np.int16)
        for word, partial in typed:
            scores, strong_from = self._scores_for(word, partial)
            if strong_from:
                total += scores
                strong += scores >= strong_from
                matched += scores > 0
        candidates = np.flatnonzero(total)
        if candidates.size > limit * 3:
            keep = np.argpartition(total[candidates], -limit * 3)[-limit * 3 :]
            candidates = candidates[keep]
        meant = self._terms_meant(typed)
        found = []
        for slot in candidates.tolist():
            service_id = self._postings.service_at(slot)
            score = float(total[slot]) + self._phrase_bonus(service_id, meant)
            if demote is not None and demote(service_id):
                score *= DEMOTION
            found.append(Candidate(service_id, score, int(strong[slot]), int(matched[slot])))
        found.sort(key=lambda c: (-c.score, self.entries[c.service_id].name))
        ceiling = (MAX_WEIGHT + PHRASE_WORD_BONUS) * len(typed)
        return [(c.service_id, min(1.0, c.score / ceiling)) for c in relevant(found, limit)]

    def _scores_for(self, word: str, partial: bool) -> tuple[FloatVector, float]:
        """Per slot, the word's score (by where the service has it, how surely the word was
        meant and how rare it is), and the score from which it is strong evidence (0 when the
        word means nothing known).

        Strong: the service has the word as a whole keyword, condition or name, or in several
        of its phrases (the score before rarity is looked at); or, for a word typed as known
        that is not everyday English ("sti"), in any of them."""
        key = (word, partial)
        cached = self._token_scores.get(key)
        if cached is not None:
            self._token_scores.move_to_end(key)
            return cached
        services = len(self.entries)
        expansions = [
            (term, strength, rarity(self._postings.frequency(term), services))
            for term, strength in self.matcher.expand(word, partial=partial)
        ]
        strong_from = 0.0
        if expansions:
            _, strength, surest_rarity = expansions[0]
            distinctive = strength >= STEM_STRENGTH and not is_common_word(word)
            strong_from = (DISTINCTIVE_WORD if distinctive else STRONG_WORD) * surest_rarity
        scores = self._postings.scores([(term, s * rare) for term, s, rare in expansions])
        found = (scores, strong_from)
        self._token_scores[key] = found
        if len(self._token_scores) > TOKEN_CACHE_SIZE:
            self._token_scores.popitem(last=False)
        return found

    def _terms_meant(self, typed: list[tuple[str, bool]]) -> set[str]:
        """The indexed stems the typed words surely stand for."""
        return {
            term
            for word, partial in typed
            for term, strength in self.matcher.expand(word, partial=partial)
            if strength >= PHRASE_STRENGTH
        }

    def _phrase_bonus(self, service_id: int, meant: set[str]) -> float:
        """For the keyword phrase the caller used most of (two words at least): per word used,
        by how rare it is, times the share of the phrase used."""
        best = 0.0
        services = len(self.entries)
        for phrase in self.entries.phrases(service_id):
            used = phrase & meant
            if len(used) >= 2:
                weight = sum(rarity(self._postings.frequency(term), services) for term in used)
                best = max(best, PHRASE_WORD_BONUS * weight * len(used) / len(phrase))
        return best
