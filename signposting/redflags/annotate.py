"""Finding concepts in what was typed: the thesaurus compiled into a word-form trie.

Left to right, the longest term wins and claims its words, so "fit note" is read as a form and
its "fit" is not a seizure. A word the thesaurus does not know, that is not ordinary English and
has four letters or more, may be a misspelling of a thesaurus word (rapidfuzz, one edit, two for
long words; four-letter words only by swapping two letters); exact terms never take a guess.
The word still being typed may be completed from the thesaurus.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

from signposting.redflags import lexicon
from signposting.redflags.thesaurus import CURRENT, HYPOTHETICAL, NEW_MATTER, NOW, PAST, Thesaurus
from signposting.redflags.words import Token, form_of, tokenise

#: Words skipped when matching terms ("is not breathing" meets "not breathing").
FILLER_WORDS = frozenset(
    "a an the i my his her their your our me him them is are was were am been being have has "
    "had really very so too just of that this proper properly ever even any right all every".split()
)
FILLERS = frozenset(form_of(word) for word in FILLER_WORDS)
#: Little words a term may also be written without ("short of breath" = "short breath"); never
#: pronouns ("kicking me" is not "kicking").
INNER_OPTIONAL = frozenset(
    form_of(word)
    for word in "a an the my his her their your our is are was were am been being have has had "
    "really very so too just of proper properly ever even".split()
)
#: Time markers (and words starting a new matter) qualify what they are said with; a phrase
#: does not inherit them from its parts.
TIME_CONCEPTS = frozenset({PAST, CURRENT, NEW_MATTER, HYPOTHETICAL, NOW})
#: Little words the text may have between the words of a term.
MAX_SKIPPED = 3
#: A word may be completed once this much of it is typed (exact terms need one letter more).
MIN_COMPLETION = 4
MAX_COMPLETIONS = 12
MIN_GUESS_LENGTH = 4
LONG_WORD = 8
#: Alternatives inside a term: "(fades|goes away) when pressed".
_ALTERNATIVES = re.compile(r"\(([^()]*)\)")


def expand_alternatives(term: str) -> list[str]:
    """Every reading of a term written with alternatives in brackets: "(fades|goes) when
    (i|you) press (it|)" is eight terms; an empty alternative leaves the words out."""
    found = _ALTERNATIVES.search(term)
    if found is None:
        return [" ".join(term.split())]
    readings: list[str] = []
    for choice in found.group(1).split("|"):
        readings += expand_alternatives(f"{term[: found.start()]} {choice} {term[found.end() :]}")
    return readings


@dataclass(frozen=True, slots=True)
class Mention:
    """Concepts heard in a run of words."""

    concepts: frozenset[str]
    start: int
    end: int
    words: str
    clause: int
    guessed: bool = False
    size: int = 1
    #: The concepts of the term itself, as opposed to those of its single words.
    own: frozenset[str] = frozenset()


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    numbers: list[tuple[int, int, _Node]] = field(default_factory=list)
    concepts: set[str] = field(default_factory=set)
    guessable: set[str] = field(default_factory=set)
    parts: set[str] = field(default_factory=set)


_WORD_FOR_WORD, _TIGHT, _LOOSE = 0, 1, 2
#: Little words an everyday sense may be heard across ("breathe through my nose", "periods are
#: so heavy"): any but a pronoun or "have", which start something new ("morning, I was sick",
#: "is having a fit").
TIGHT_FILLERS = FILLERS - frozenset(form_of(word) for word in "i me him them have".split())


@dataclass
class _Found:
    """The terms met over one run of words: word for word, and by skipping little words."""

    guessed: bool
    own: set[str] = field(default_factory=set)
    concepts: set[str] = field(default_factory=set)
    gapped_own: set[str] = field(default_factory=set)
    gapped_concepts: set[str] = field(default_factory=set)

    def add(self, own: set[str], concepts: set[str], *, gapped: bool) -> None:
        (self.gapped_own if gapped else self.own).update(own)
        (self.gapped_concepts if gapped else self.concepts).update(concepts)

    def result(self, other_meanings: frozenset[str]) -> tuple[set[str], set[str], bool]:
        if self.own and self.own <= other_meanings:
            return self.concepts, self.own, self.guessed
        return self.concepts | self.gapped_concepts, self.own | self.gapped_own, self.guessed


@dataclass(frozen=True, slots=True)
class _Alternative:
    form: str
    guessed: bool


class ConceptIndex:
    """The thesaurus (and any literal words of rules) ready for matching."""

    def __init__(self, thesaurus: Thesaurus, literals: Iterable[str] = ()) -> None:
        self.root = _Node()
        self._ends: list[tuple[list[str | tuple[int, int]], _Node]] = []
        self.other_meanings = frozenset(
            c.name for c in thesaurus.concepts.values() if c.is_other_meaning
        )
        self.wholes = frozenset(c.name for c in thesaurus.concepts.values() if not c.parts)
        self.known_forms: set[str] = set()
        self._surfaces: dict[str, str] = {}
        self._exact_surfaces: dict[str, str] = {}
        for concept in thesaurus.concepts.values():
            for term in concept.terms:
                self._add(term, concept.name)
        for literal in literals:
            self._add(literal, literal)
        for group in thesaurus.synonym_groups:
            shared: set[str] = set()
            for member in group:
                node = self._find(member.lstrip("="))
                shared |= node.concepts if node else set()
            for member in group:
                for name in shared:
                    self._add(member, name)
        self._add_parts()
        self._guess_targets = sorted(self._surfaces)
        self._completion_targets = sorted(set(self._surfaces) | set(self._exact_surfaces))
        self._alternatives = lru_cache(maxsize=16384)(self._compute_alternatives)

    def __getstate__(self) -> dict[str, object]:
        """The index without its cache of alternatives (saved with a prebuilt index)."""
        state = dict(self.__dict__)
        del state["_alternatives"]
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._alternatives = lru_cache(maxsize=16384)(self._compute_alternatives)

    def _patterns(self, term: str) -> list[list[str | tuple[int, int]]]:
        """The term's word forms, and the same without little words inside it ("short of
        breath" also as "short breath"); little words at either end are kept ("kicking me").
        A term with alternatives ("(fades|goes away) when pressed") gives each reading."""
        patterns: list[list[str | tuple[int, int]]] = []
        for reading in expand_alternatives(term):
            pattern: list[str | tuple[int, int]] = []
            for piece in reading.split():
                if piece.startswith("{") and piece.endswith("}") and "-" in piece:
                    low, _, high = piece[1:-1].partition("-")
                    pattern.append((int(low), int(high)))
                    continue
                pattern += [t.form for t in tokenise(piece)]
            inner = [
                step
                for i, step in enumerate(pattern)
                if i in (0, len(pattern) - 1)
                or not (isinstance(step, str) and step in INNER_OPTIONAL)
            ]
            patterns += [pattern, inner] if inner != pattern else [pattern]
        return patterns

    def _add(self, term: str, concept: str) -> None:
        exact = term.startswith("=")
        for pattern in self._patterns(term.lstrip("=")):
            if pattern:
                self._add_pattern(pattern, concept, exact)
        for token in tokenise(term.lstrip("=")):
            word = token.text
            if word.isalpha() and len(word) >= MIN_COMPLETION and word not in FILLER_WORDS:
                target = self._exact_surfaces if exact else self._surfaces
                target[word] = token.form

    def _add_parts(self) -> None:
        """A phrase also means what its single words mean ("worst headache" is a headache
        too), unless it is an everyday sense or only says when ("four hours ago" is not a
        long time, "came back" is not the back)."""
        for pattern, node in self._ends:
            if node.concepts <= self.other_meanings | self.wholes | TIME_CONCEPTS:
                continue
            if len(pattern) < 2:
                continue
            for i in range(len(pattern)):
                part = self._walk(pattern[i : i + 1])
                if part is not None:
                    node.parts |= part.concepts - self.other_meanings - TIME_CONCEPTS

    def _walk(self, pattern: list[str | tuple[int, int]]) -> _Node | None:
        node: _Node | None = self.root
        for step in pattern:
            if node is None:
                return None
            if isinstance(step, tuple):
                node = next((n for lo, hi, n in node.numbers if (lo, hi) == step), None)
            else:
                node = node.children.get(step)
        return node

    def _add_pattern(self, pattern: list[str | tuple[int, int]], concept: str, exact: bool) -> None:
        self._ends.append((pattern, self._walk_or_make(pattern)))
        node = self._ends[-1][1]
        node.concepts.add(concept)
        if not exact:
            node.guessable.add(concept)

    def _walk_or_make(self, pattern: list[str | tuple[int, int]]) -> _Node:
        node = self.root
        for step in pattern:
            if isinstance(step, tuple):
                found = next((n for lo, hi, n in node.numbers if (lo, hi) == step), None)
                if found is None:
                    found = _Node()
                    node.numbers.append((step[0], step[1], found))
                node = found
            else:
                node = node.children.setdefault(step, _Node())
                self.known_forms.add(step)
        return node

    def _find(self, term: str) -> _Node | None:
        node: _Node | None = self.root
        for step in self._patterns(term)[-1]:
            if node is None or isinstance(step, tuple):
                return None
            node = node.children.get(step)
        return node if node is not None and node.concepts else None

    def _compute_alternatives(
        self, word: str, form: str, partial: bool
    ) -> tuple[_Alternative, ...]:
        found = [_Alternative(form, False)]
        if partial and len(word) >= MIN_COMPLETION and not lexicon.is_common_word(word):
            start = bisect.bisect_left(self._completion_targets, word)
            completions = []
            for target in self._completion_targets[start:]:
                if not target.startswith(word):
                    break
                exact_only = target not in self._surfaces
                if target != word and (len(word) > MIN_COMPLETION or not exact_only):
                    completions.append(target)
            completions.sort(key=len)
            for target in completions[:MAX_COMPLETIONS]:
                surface_form = self._surfaces.get(target) or self._exact_surfaces[target]
                # a completion of four letters or more is as good as the word typed in full
                found.append(_Alternative(surface_form, len(word) <= MIN_COMPLETION))
        single = self.root.children.get(form)
        if (
            not (single is not None and single.concepts)
            and word not in self._surfaces
            and word not in self._exact_surfaces
            and word.isalpha()
            and len(word) >= MIN_GUESS_LENGTH
            and not lexicon.is_common_word(word)
        ):
            guess = self._guess(word)
            if guess is not None:
                found.append(_Alternative(guess, True))
        return tuple(found)

    def _guess(self, word: str) -> str | None:
        """The thesaurus word this is probably a misspelling of, if any: the nearest by edit
        distance, a common English word winning a tie."""
        limit = 2 if len(word) >= LONG_WORD else 1
        candidates = process.extract(
            word, self._guess_targets, scorer=OSA.distance, score_cutoff=limit, limit=8
        )
        candidates.sort(key=lambda c: (c[1], not lexicon.is_common_word(str(c[0]))))
        for candidate, _, _ in candidates:
            target = str(candidate)
            if target == word or abs(len(target) - len(word)) > limit:
                continue
            if len(word) == MIN_GUESS_LENGTH and sorted(word) != sorted(target):
                continue  # short words: only two letters swapped ("pian" -> pain)
            if word[0] != target[0] and word[:2] != target[1::-1]:
                continue
            return self._surfaces[target]
        return None

    def mentions(self, tokens: list[Token], *, last_partial: bool = False) -> list[Mention]:
        """Concepts heard: longest terms first, an everyday sense winning a tie."""
        last = tokens[-1].position if tokens else -1
        candidates: list[tuple[int, bool, bool, int, int, set[str], set[str]]] = []
        for start in range(len(tokens)):
            for (length, end), (concepts, own, guessed) in self._matches(
                tokens, start, last_partial, last
            ).items():
                everyday = own <= self.other_meanings
                candidates.append((length, everyday, guessed, start, end, concepts, own))
        candidates.sort(key=lambda c: (-c[0], not c[1], c[2], c[3], -c[4]))
        taken = [False] * len(tokens)
        mentions: list[Mention] = []
        for length, _, guessed, start, end, concepts, own in candidates:
            if any(taken[start : end + 1]):
                continue
            for i in range(start, end + 1):
                taken[i] = True
            words = " ".join(t.text for t in tokens[start : end + 1])
            mentions.append(
                Mention(
                    frozenset(concepts),
                    start,
                    end,
                    words,
                    tokens[start].clause,
                    guessed,
                    length,
                    frozenset(own),
                )
            )
        mentions.sort(key=lambda m: m.start)
        return mentions

    def _matches(
        self, tokens: list[Token], start: int, last_partial: bool, last: int
    ) -> dict[tuple[int, int], tuple[set[str], set[str], bool]]:
        """Every term starting here, by (words that are not little words, last position): its
        concepts, preferring words as typed to guessed ones. Little words in the text may be
        skipped, but an everyday sense is only heard across articles and possessives ("morning
        I was sick" is not morning sickness), and an everyday sense met word for word beats a
        red-flag term met only by skipping ("knock me out" is not "knocked out")."""
        found: dict[tuple[int, int], _Found] = {}
        stack: list[tuple[_Node, int, int, bool, bool, int]] = [
            (self.root, start, 0, False, False, _WORD_FOR_WORD)
        ]
        while stack:
            node, index, matched, guessed, skipped, gap = stack.pop()
            if matched and node.concepts and not skipped:
                own = node.guessable if guessed else node.concepts
                if gap == _LOOSE:
                    own = own - self.other_meanings
                if own:
                    words = sum(t.form not in FILLERS for t in tokens[start:index]) or 1
                    key = (words, index - 1)
                    current = found.get(key)
                    if current is None or (current.guessed and not guessed):
                        current = found[key] = _Found(guessed)
                    if current.guessed == guessed:
                        current.add(own, own | node.parts, gapped=gap != _WORD_FOR_WORD)
            if index >= len(tokens) or (matched and index - start > matched + MAX_SKIPPED):
                continue
            token = tokens[index]
            partial = last_partial and token.position == last
            for child, guess in self._next_nodes(node, token, partial):
                stack.append((child, index + 1, matched + 1, guessed or guess, False, gap))
            if matched and token.form in FILLERS:
                wider = _TIGHT if token.form in TIGHT_FILLERS else _LOOSE
                stack.append((node, index + 1, matched, guessed, True, max(gap, wider)))
        return {key: match.result(self.other_meanings) for key, match in found.items()}

    def _next_nodes(self, node: _Node, token: Token, partial: bool) -> Iterable[tuple[_Node, bool]]:
        """Where this word leads from here, and whether by a guess."""
        for alternative in self._alternatives(token.text, token.form, partial):
            child = node.children.get(alternative.form)
            if child is not None:
                yield child, alternative.guessed
        if token.number is not None:
            for low, high, child in node.numbers:
                if low <= token.number <= high:
                    yield child, False
