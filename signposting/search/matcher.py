"""Finding the known words a typed word may mean: exact, misspelt (rapidfuzz) or half-typed."""

from __future__ import annotations

import math
from bisect import bisect_left, insort
from collections import OrderedDict
from collections.abc import Callable

from rapidfuzz import process
from rapidfuzz.distance import OSA

#: How many expansions of one typed word to remember between keystrokes.
CACHE_SIZE = 512
#: Misspellings are looked for only between words of at least this many letters.
MIN_FUZZY_LENGTH = 4
#: At most this many completions of a half-typed word are considered.
MAX_PREFIX_MATCHES = 64
#: A word found through its stem ("burns" for "burning") counts nearly as an exact match.
STEM_STRENGTH = 0.95
#: Completing a word that is already a word ("bit" to "bite") counts this much less.
FINISHED_WORD_PREFIX_FACTOR = 0.6


class TokenMatcher:
    """A vocabulary of known words and the rules for what a typed word matches in it.

    Misspellings are scored by optimal string alignment (a swap of two letters is one edit), as
    a share of the longer word: ``fuzzy_cutoff`` 0.8 allows one slip in five letters.

    Expansions are ``(known_word, strength)`` with strength 1.0 for an exact match and less for
    a misspelling or a completion. Results are cached, so retyping earlier words costs nothing.

    With ``stem``, a word whose stem is known matches it ("burns" finds "burning"). With
    ``is_real_word``, an ordinary word is never taken for a misspelling of another ("calling" is
    not "falling"), and completing one counts less than an exact match: it may be finished.
    """

    def __init__(
        self,
        *,
        fuzzy_cutoff: float,
        min_prefix: int,
        prefix_strength: float,
        min_prefix_share: float = 0.0,
        is_real_word: Callable[[str], bool] | None = None,
        stem: Callable[[str], str] | None = None,
    ) -> None:
        self.fuzzy_cutoff = fuzzy_cutoff
        self.is_real_word = is_real_word
        self.stem = stem
        self.min_prefix = min_prefix
        self.min_prefix_share = min_prefix_share
        self.prefix_strength = prefix_strength
        self._by_length: dict[int, list[str]] = {}
        self._known: set[str] = set()
        self._sorted: list[str] = []
        self._cache: OrderedDict[tuple[str, bool], list[tuple[str, float]]] = OrderedDict()
        self._alias_of: dict[str, str] = {}

    def __getstate__(self) -> dict[str, object]:
        """The matcher without its remembered answers (saved with a prebuilt index)."""
        return {**self.__dict__, "_cache": OrderedDict()}

    @property
    def word_count(self) -> int:
        return len(self._known)

    def __contains__(self, word: str) -> bool:
        return word in self._known

    def add(self, word: str) -> None:
        if word in self._known:
            return
        self._alias_of.pop(word, None)
        self._known.add(word)
        self._by_length.setdefault(len(word), []).append(word)
        insort(self._sorted, word)
        self._cache.clear()

    def add_alias(self, surface: str, known: str) -> None:
        """Let a lay word (``wee``) or another form of a known word be found, misspelt too,
        standing for ``known``; the first word it was given stands."""
        if (
            known not in self._known
            or surface in self._known
            or surface in self._alias_of
            or " " in surface
        ):
            return
        self._alias_of[surface] = known
        self._by_length.setdefault(len(surface), []).append(surface)
        insort(self._sorted, surface)
        self._cache.clear()

    def expand(self, word: str, *, partial: bool) -> list[tuple[str, float]]:
        """Known words that ``word`` may stand for; ``partial`` when it is still being typed."""
        key = (word, partial)
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        found = self._resolve_aliases(self._compute(word, partial))
        self._cache[key] = found
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return found

    def _compute(self, word: str, partial: bool) -> list[tuple[str, float]]:
        strengths: dict[str, float] = {}
        if word in self._known or word in self._alias_of:
            strengths[word] = 1.0
        if self.stem is not None and word not in strengths:
            stemmed = self.stem(word)
            if stemmed in self._known or stemmed in self._alias_of:
                strengths[stemmed] = STEM_STRENGTH
        real_word = self.is_real_word is not None and self.is_real_word(word)
        finished = real_word or bool(strengths)
        cutoff = None if real_word else self._cutoff(len(word))
        if cutoff is not None:
            self._add_misspellings(word, cutoff, strengths)
        if partial and len(word) >= self.min_prefix:
            for known in self._completions(word):
                if len(word) < self.min_prefix_share * len(known):
                    continue
                strength = self.prefix_strength * (0.3 + 0.7 * len(word) / len(known))
                if finished:
                    strength *= FINISHED_WORD_PREFIX_FACTOR
                if strength > strengths.get(known, 0.0):
                    strengths[known] = strength
        return sorted(strengths.items(), key=lambda item: -item[1])

    def _add_misspellings(self, word: str, cutoff: float, strengths: dict[str, float]) -> None:
        """Known words ``word`` may be a misspelling of, into ``strengths``."""
        # Only words within reach of the cutoff by length can be close enough, and, as for
        # the typed word, only known words long enough to tell apart ("bend" is not "end").
        shortest = max(math.ceil(cutoff * len(word)), MIN_FUZZY_LENGTH)
        longest = math.floor(len(word) / cutoff)
        # Over the lengths known words have, not every length in reach: a pasted
        # 100,000-letter "word" then costs one pass over a few dozen lengths.
        for length, candidates in self._by_length.items():
            if not shortest <= length <= longest:
                continue
            for known, score, _ in process.extract(
                word,
                candidates,
                scorer=OSA.normalized_similarity,
                # rapidfuzz drops a score equal to the cutoff ("wtaer" for "water" is 0.8
                # against 0.8): ask for a little less and check the cutoff here.
                score_cutoff=cutoff - 0.01,
                limit=None,
            ):
                if score < cutoff - 1e-9:
                    continue
                strength = 0.9 * score
                if strength > strengths.get(known, 0.0):
                    strengths[known] = strength

    def _resolve_aliases(self, found: list[tuple[str, float]]) -> list[tuple[str, float]]:
        if not self._alias_of:
            return found
        strengths: dict[str, float] = {}
        for word, strength in found:
            known = self._alias_of.get(word, word)
            if strength > strengths.get(known, 0.0):
                strengths[known] = strength
        return sorted(strengths.items(), key=lambda item: -item[1])

    def _cutoff(self, length: int) -> float | None:
        """Misspellings are only looked for in words long enough to tell apart; a three-letter
        word only as one missing letter of a four-letter one ("bak" for "back")."""
        if length < MIN_FUZZY_LENGTH - 1:
            return None
        if length <= 4:
            return min(self.fuzzy_cutoff, 0.75)
        return self.fuzzy_cutoff

    def _completions(self, prefix: str) -> list[str]:
        start = bisect_left(self._sorted, prefix)
        found = []
        for known in self._sorted[start : start + MAX_PREFIX_MATCHES * 4]:
            if not known.startswith(prefix):
                break
            if known != prefix:
                found.append(known)
        found.sort(key=len)
        return found[:MAX_PREFIX_MATCHES]
