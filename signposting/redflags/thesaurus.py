"""The thesaurus: callers' words and multi-word terms grouped under concepts.

Shipped as ``content/thesaurus.toml``; a practice's signed-off changes (terms added or removed,
groups of words to treat alike) are applied on top. A term written ``=fit`` is exact: it is
never matched by a guessed misspelling. ``{1-12}`` in a term stands for a number in that range
("{1-12} week old"), and ``(a|b|)`` for any one of its alternatives, or none ("(fades|goes away)
when (i|you|) press it"). A concept whose ``kind`` is ``other-meaning`` exists to claim words in an
everyday sense ("fit note", "end of the month") so that no rule reads them as a red flag.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any

from signposting.errors import ValidationError
from signposting.redflags.rules import is_concept_name

OTHER_MEANING = "other-meaning"
#: Concepts that say who is spoken of (a child, a baby), not what happened or when: they never
#: decide whether a mention is in the past.
WHO = "who"
#: Concepts the engine itself reads: a clearly past mention, and words that make it current.
PAST = "PAST_REMOTE"
CURRENT = "CURRENT"
#: Words that start a new matter ("oh and", "by the way"): a past marker does not reach across
#: them ("had a stroke in 2019, oh and his arm's gone weak").
NEW_MATTER = "NEW_MATTER"
#: Words that make what is said of an illness general or hypothetical, nobody being ill now
#: ("what are the signs of a stroke", "if she ever has a hypo"): read like a past marker, so a
#: red flag said only with them is a quiet check, never nothing.
HYPOTHETICAL = "HYPOTHETICAL"
#: Words saying something is happening at this moment ("right now", "as we speak"): said after
#: a general question, they make what it asked about current ("what do you do for a fit? she's
#: having one now").
NOW = "HAPPENING_NOW"
MAX_TERM_LENGTH = 80


@dataclass(frozen=True)
class Concept:
    name: str
    about: str = ""
    terms: tuple[str, ...] = ()
    kind: str = ""
    #: Whether a phrase of this concept also means what its words mean ("worst headache" is
    #: a headache); off for concepts that name things ("blood thinners" is not bleeding).
    parts: bool = True

    @property
    def is_other_meaning(self) -> bool:
        return self.kind == OTHER_MEANING

    @property
    def is_who(self) -> bool:
        return self.kind == WHO


@dataclass(frozen=True)
class Thesaurus:
    """Concepts by name, plus groups of words a practice asked to be treated alike."""

    concepts: dict[str, Concept] = field(default_factory=dict)
    synonym_groups: tuple[tuple[str, ...], ...] = ()

    def terms_of(self, name: str) -> tuple[str, ...]:
        concept = self.concepts.get(name)
        return concept.terms if concept else ()

    def with_term(self, name: str, term: str) -> Thesaurus:
        """A copy with ``term`` added to concept ``name`` (created if new)."""
        term = check_term(term)
        if not is_concept_name(name):
            raise ValidationError(f"{name!r} is not a concept name (capitals, digits and _)")
        concept = self.concepts.get(name, Concept(name))
        if term in concept.terms:
            return self
        concepts = dict(self.concepts)
        concepts[name] = replace(concept, terms=(*concept.terms, term))
        return replace(self, concepts=concepts)

    def without_term(self, name: str, term: str) -> Thesaurus:
        concept = self.concepts.get(name)
        if concept is None or term not in concept.terms:
            raise ValidationError(f"{name} has no term {term!r}")
        concepts = dict(self.concepts)
        concepts[name] = replace(concept, terms=tuple(t for t in concept.terms if t != term))
        return replace(self, concepts=concepts)

    def with_synonyms(self, words: Iterable[str]) -> Thesaurus:
        group = tuple(check_term(word) for word in words)
        if len(group) < 2:
            raise ValidationError("a group of words treated alike needs two or more")
        return replace(self, synonym_groups=(*self.synonym_groups, group))

    def concepts_with(self, term: str) -> list[str]:
        """Concepts that list this exact term (with or without the exact mark)."""
        bare = term.lstrip("=")
        return [c.name for c in self.concepts.values() if bare in {t.lstrip("=") for t in c.terms}]


def check_term(term: Any) -> str:
    if not isinstance(term, str) or not term.strip():
        raise ValidationError("a term must be a word or phrase")
    term = " ".join(term.split())
    if len(term) > MAX_TERM_LENGTH:
        raise ValidationError(f"a term must be at most {MAX_TERM_LENGTH} characters")
    if not any(char.isalnum() for char in term):
        raise ValidationError(f"{term!r} has no letters or digits")
    return term


def parse(data: dict[str, Any]) -> Thesaurus:
    concepts = {}
    for name, body in data.items():
        if not is_concept_name(name) or not isinstance(body, dict):
            raise ValidationError(f"thesaurus entry {name!r} is not a concept")
        terms = tuple(check_term(term) for term in body.get("terms", []))
        concepts[name] = Concept(
            name,
            str(body.get("about", "")),
            terms,
            str(body.get("kind", "")),
            bool(body.get("parts", True)),
        )
    return Thesaurus(concepts)


def shipped_thesaurus() -> Thesaurus:
    """The thesaurus shipped with the toolkit."""
    text = resources.files("signposting.redflags.content").joinpath("thesaurus.toml")
    return parse(tomllib.loads(text.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Change:
    """A practice's signed-off change, as plain data (so a desk can keep it offline)."""

    kind: str
    concept: str | None
    terms: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "concept": self.concept, "terms": list(self.terms)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Change:
        return cls(str(data["kind"]), data.get("concept"), tuple(data.get("terms", ())))


def apply_change(thesaurus: Thesaurus, change: Change) -> Thesaurus:
    """The thesaurus with one change applied; raises ValidationError if it cannot apply."""
    if change.kind == "synonyms":
        return thesaurus.with_synonyms(change.terms)
    if change.concept is None:
        raise ValidationError("a term change needs a concept")
    result = thesaurus
    for term in change.terms:
        if change.kind == "add":
            result = result.with_term(change.concept, term)
        elif change.kind == "remove":
            result = result.without_term(change.concept, term)
        else:
            raise ValidationError(f"unknown thesaurus change {change.kind!r}")
    return result


def with_changes(thesaurus: Thesaurus, changes: Iterable[Change]) -> Thesaurus:
    """The shipped thesaurus with a practice's changes, in the order they were signed off.
    A change that no longer applies (a term already removed) is skipped, not fatal."""
    for change in changes:
        try:
            thesaurus = apply_change(thesaurus, change)
        except ValidationError:
            continue
    return thesaurus
