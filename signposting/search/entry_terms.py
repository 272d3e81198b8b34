"""The words a service is found by: its texts read into stems, each weighted by the field it is
in and by whether it is a whole keyword or one word of a longer phrase."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from signposting.search.entries import ServiceEntry
from signposting.search.ranking import is_generic, stem
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
#: Fields whose texts are phrases to match whole: a name, a keyword, a condition.
PHRASE_FIELDS = ("name", "keywords", "conditions")
#: One word of a phrase ("lost" of "lost filling") earns this share of its field's weight, a
#: whole keyword all of it; each further phrase with the word ("baby feeding", "baby weight")
#: earns the same share of what is left.
PHRASE_WORD_SHARE = 0.5
#: A word of a lay phrase read as one concept ("infection" of "water infection", read as uti)
#: says still less on its own.
LAY_PHRASE_WORD_SHARE = 0.3
#: Numbers count only where a directory entry chose them as words ("111"), not in names and
#: descriptions (age bands, "12-week"): a caller's numbers are mostly ages, days and times.
NUMBER_FIELDS = ("keywords", "conditions")
ANALYSIS_CACHE_SIZE = 200_000


class TextTerms(NamedTuple):
    """One text read, less stopwords and generic words: the stems of its words with lay
    phrases made canonical (``sick note`` -> fit_note), of its numbers, and of the words of
    those lay phrases as written (``sick``, ``note``: never read as ``vomit``); the stems of
    the text as a phrase, whether it is more than one word, and every ``(stem, word)``."""

    canonical: tuple[str, ...]
    numbers: tuple[str, ...]
    of_lay_phrases: tuple[str, ...]
    phrase: frozenset[str]
    several_words: bool
    words: tuple[tuple[str, str], ...]


@dataclass
class EntryTerms:
    """Stem -> weight for one service, the stems of each of its phrases (for a bonus when the
    caller uses several words of one), and the ``(stem, word)`` pairs of texts read for the
    first time (for the word matcher to learn)."""

    weights: dict[str, float] = field(default_factory=dict)
    phrases: list[frozenset[str]] = field(default_factory=list)
    new_words: list[tuple[str, str]] = field(default_factory=list)


class EntryReader:
    """Reads entries against one vocabulary, remembering each text it has read (directories
    repeat the same keywords many times)."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self._read: dict[str, TextTerms] = {}
        self._new_words: list[tuple[str, str]] = []
        #: Word -> its stem, or "" for a stopword or generic word.
        self._term_of: dict[str, str] = {}

    def __getstate__(self) -> dict[str, object]:
        """The reader without its memory of texts read (saved with a prebuilt index)."""
        return {**self.__dict__, "_read": {}, "_new_words": []}

    def read_text(self, text: str) -> TextTerms:
        """One text's stems, read once."""
        known = self._read.get(text)
        if known is not None:
            return known
        normalised = normalise(text)
        rewritten = self.vocabulary.rewrite(normalised)
        canonical = self._terms(rewritten)
        present = set(rewritten)
        in_lay_phrases = self._terms(
            [
                word
                for word in normalised.split()
                if word not in present and self.vocabulary.canonical(word) not in present
            ]
        )
        significant_words = significant(rewritten)
        read = TextTerms(
            tuple(term for term, word in canonical if not word.isdigit()),
            tuple(term for term, word in canonical if word.isdigit()),
            tuple(term for term, word in in_lay_phrases if not word.isdigit()),
            frozenset(term for term, word in canonical if not word.isdigit()),
            len(significant_words) > 1,
            canonical + in_lay_phrases,
        )
        if len(self._read) >= ANALYSIS_CACHE_SIZE:
            self._read.clear()
        if len(self._term_of) >= ANALYSIS_CACHE_SIZE:
            self._term_of.clear()
        self._read[text] = read
        self._new_words.extend(read.words)
        return read

    def _terms(self, words: list[str]) -> tuple[tuple[str, str], ...]:
        """``(stem, word)`` for each distinct word that is neither a stopword nor generic."""
        found = []
        term_of = self._term_of
        for word in dict.fromkeys(words):
            term = term_of.get(word)
            if term is None:
                term = self._term(word)
            if term:
                found.append((term, word))
        return tuple(found)

    def _term(self, word: str) -> str:
        """The word's stem, or "" for a stopword or generic word."""
        term = self._term_of.get(word)
        if term is None:
            generic = word in STOPWORDS or is_generic(word)
            term = self._term_of[word] = "" if generic else stem(word)
        return term

    def read(self, entry: ServiceEntry) -> EntryTerms:
        """The entry's stems, less generic words (and numbers outside keywords and conditions),
        weighted by their best field, plus a little for each further field with them."""
        terms = EntryTerms()
        best: dict[str, float] = {}
        fields_with: dict[str, int] = {}
        for field_name, texts in _fields(entry):
            weight = FIELD_WEIGHTS[field_name]
            for term, left in self._unearned(field_name, texts, terms).items():
                earned = weight * (1.0 - left)
                known = best.get(term)
                if known is None:
                    best[term] = earned
                    fields_with[term] = 1
                else:
                    if earned > known:
                        best[term] = earned
                    fields_with[term] += 1
        terms.weights = {
            term: weight + EXTRA_FIELD_WEIGHT * (fields_with[term] - 1)
            for term, weight in best.items()
        }
        terms.new_words, self._new_words = self._new_words, []
        return terms

    def words_of(self, entry: ServiceEntry) -> set[str]:
        """The entry's stems and the words they were read from."""
        found: set[str] = set()
        for _, texts in _fields(entry):
            for text in texts:
                for pair in self.read_text(text).words:
                    found.update(pair)
        return found

    def _unearned(
        self, field_name: str, texts: tuple[str, ...], terms: EntryTerms
    ) -> dict[str, float]:
        """Stem -> share of the field's weight it has not earned (0 for a whole keyword); the
        field's phrases are added to ``terms``."""
        numbers = field_name in NUMBER_FIELDS
        phrases = field_name in PHRASE_FIELDS
        part_left = 1.0 - PHRASE_WORD_SHARE
        lay_left = 1.0 - LAY_PHRASE_WORD_SHARE
        unearned: dict[str, float] = {}
        left_of = unearned.get
        for text in texts:
            read = self.read_text(text)
            whole_left = 0.0
            if phrases:
                if len(read.phrase) > 1:
                    terms.phrases.append(read.phrase)
                if read.several_words:
                    whole_left = part_left
            for term in read.canonical:
                unearned[term] = left_of(term, 1.0) * whole_left
            if numbers:
                for term in read.numbers:
                    unearned[term] = left_of(term, 1.0) * whole_left
            for term in read.of_lay_phrases:
                unearned[term] = left_of(term, 1.0) * lay_left
        return unearned


def _fields(entry: ServiceEntry) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return (
        ("name", (entry.name,)),
        ("keywords", entry.keywords),
        ("conditions", entry.conditions),
        ("category", (entry.category,)),
        ("description", (entry.description,)),
    )
