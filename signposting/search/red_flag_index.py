"""Matching what the caller says against red-flag phrases, erring towards escalation.

A phrase matches when each of its meaningful words is found in the query (exactly, through the
lay vocabulary, misspelt, or half-typed at the end) close together. Misspellings are accepted
more readily here than for services: a false alarm costs seconds, a miss can cost a life.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

from signposting.search.entries import RedFlagEntry
from signposting.search.matcher import TokenMatcher
from signposting.search.text import normalise, significant
from signposting.search.vocabulary import Vocabulary

#: Extra words allowed between the words of a phrase ("chest feels really tight and heavy").
WINDOW_SLACK = 3
#: Limits the span search for very repetitive queries.
MAX_POSITIONS_PER_WORD = 6


@dataclass(frozen=True)
class RedFlagMatch:
    """A protocol the query raised, the phrase that raised it and how sure the match is."""

    entry: RedFlagEntry
    phrase: str
    strength: float


@dataclass(frozen=True)
class _Phrase:
    protocol_id: int
    text: str
    words: tuple[str, ...]


class RedFlagIndex:
    """All phrases and symptoms of every protocol, matched word by word."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.entries: dict[int, RedFlagEntry] = {}
        self._phrases: list[_Phrase] = []
        self._phrases_with: dict[str, list[int]] = {}
        self.matcher = _new_matcher()

    def __len__(self) -> int:
        return len(self.entries)

    def rebuild(self, entries: list[RedFlagEntry]) -> None:
        """Index these protocols (the list is small, so changes rebuild it whole)."""
        self.entries = {entry.id: entry for entry in entries}
        self._phrases = []
        self._phrases_with = {}
        self.matcher = _new_matcher()
        for entry in entries:
            for text, is_symptom in _texts_of(entry):
                for words in self._word_forms(text):
                    if is_symptom and len(words) < 2:
                        # A lone clinical word ("vomiting") is part of a picture, not an alarm.
                        continue
                    index = len(self._phrases)
                    self._phrases.append(_Phrase(entry.id, text, words))
                    for word in words:
                        self._phrases_with.setdefault(word, []).append(index)
                        self.matcher.add(word)
        for word in list(self._phrases_with):
            for surface in self.vocabulary.surfaces_of(word):
                self.matcher.add_alias(surface, word)

    def _word_forms(self, text: str) -> set[tuple[str, ...]]:
        """The phrase with lay phrases made canonical ("water infection" -> uti), and word by
        word, so a misspelling inside a lay phrase ("water infcetion") still finds it."""
        normalised = normalise(text)
        rewritten = significant(self.vocabulary.rewrite(normalised))
        plain = significant([self.vocabulary.canonical(word) for word in normalised.split()])
        return {tuple(dict.fromkeys(form)) for form in (rewritten, plain) if form}

    def match(self, words: list[str], *, last_partial: bool) -> list[RedFlagMatch]:
        """Every protocol the query words raise, most urgent first, then strongest."""
        found_at: dict[str, list[tuple[int, float]]] = {}
        for position, word in enumerate(words):
            partial = last_partial and position == len(words) - 1
            for known, strength in self.matcher.expand(word, partial=partial):
                found_at.setdefault(known, []).append((position, strength))
        candidates = {index for known in found_at for index in self._phrases_with.get(known, ())}
        best: dict[int, RedFlagMatch] = {}
        for index in candidates:
            phrase = self._phrases[index]
            phrase_strength = _phrase_strength(phrase.words, found_at)
            if phrase_strength is None:
                continue
            current = best.get(phrase.protocol_id)
            if current is None or phrase_strength > current.strength:
                entry = self.entries[phrase.protocol_id]
                best[phrase.protocol_id] = RedFlagMatch(entry, phrase.text, phrase_strength)
        return sorted(
            best.values(),
            key=lambda m: (m.entry.urgency.rank, -m.strength, m.entry.title),
        )


def _new_matcher() -> TokenMatcher:
    """Lenient with misspellings; completes a half-typed word once most of it is there."""
    return TokenMatcher(fuzzy_cutoff=0.75, min_prefix=3, prefix_strength=0.8, min_prefix_share=0.6)


def _texts_of(entry: RedFlagEntry) -> list[tuple[str, bool]]:
    """What callers say (always matched) and the clinical signs (matched when specific)."""
    return [(phrase, False) for phrase in entry.phrases] + [(s, True) for s in entry.symptoms]


def _phrase_strength(
    words: tuple[str, ...], found_at: dict[str, list[tuple[int, float]]]
) -> float | None:
    """Mean strength of the closest occurrence of all the phrase's words, or None."""
    options = []
    for word in words:
        occurrences = found_at.get(word)
        if not occurrences:
            return None
        options.append(sorted(occurrences, key=lambda p: -p[1])[:MAX_POSITIONS_PER_WORD])
    best: float | None = None
    for combination in product(*options):
        positions = [position for position, _ in combination]
        if len(set(positions)) < len(positions):
            continue  # one typed word cannot stand for two words of the phrase
        if max(positions) - min(positions) > len(words) - 1 + WINDOW_SLACK:
            continue
        strength = sum(s for _, s in combination) / len(combination)
        if best is None or strength > best:
            best = strength
    return best
