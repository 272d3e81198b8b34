"""The lay vocabulary: words callers use for the same thing, mapped to one word."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources

from signposting.search.text import normalise


@dataclass
class Vocabulary:
    """Maps each known lay word or phrase to the first word of its group."""

    single: dict[str, str] = field(default_factory=dict)
    phrases: dict[str, str] = field(default_factory=dict)
    _phrase_pattern: re.Pattern[str] | None = None
    _surfaces: dict[str, list[str]] | None = None

    def add_group(self, terms: Iterable[str]) -> None:
        """Add words and phrases that mean the same; the first becomes the canonical word."""
        cleaned = [normalise(term) for term in terms]
        cleaned = [term for term in cleaned if term]
        if len(cleaned) < 2:
            return
        canonical = cleaned[0].replace(" ", "_")
        for term in cleaned:
            if " " in term:
                self.phrases[term] = canonical
            elif term != canonical:
                self.single.setdefault(term, canonical)
        if " " in cleaned[0]:
            self.phrases[cleaned[0]] = canonical
        self._phrase_pattern = None
        self._surfaces = None

    def rewrite(self, normalised_text: str) -> list[str]:
        """Tokens of an already-normalised text with lay phrases and words made canonical."""
        if self.phrases:
            pattern = self._pattern()
            normalised_text = pattern.sub(lambda m: self.phrases[m.group(0)], normalised_text)
        return [self.single.get(word, word) for word in normalised_text.split()]

    def surfaces_of(self, canonical: str) -> list[str]:
        """The single lay words that stand for ``canonical`` (``urine`` -> wee, pee, ...)."""
        if self._surfaces is None:
            surfaces: dict[str, list[str]] = {}
            for surface, target in self.single.items():
                surfaces.setdefault(target, []).append(surface)
            self._surfaces = surfaces
        return self._surfaces.get(canonical, [])

    def canonical(self, word: str) -> str:
        return self.single.get(word, word)

    def _pattern(self) -> re.Pattern[str]:
        if self._phrase_pattern is None:
            ordered = sorted(self.phrases, key=len, reverse=True)
            self._phrase_pattern = re.compile(
                r"\b(?:" + "|".join(re.escape(phrase) for phrase in ordered) + r")\b"
            )
        return self._phrase_pattern


def shipped_vocabulary(extra_groups: Iterable[Iterable[str]] = ()) -> Vocabulary:
    """The vocabulary shipped with the toolkit, extended by a practice's own groups."""
    text = resources.files(__package__ or "signposting.search").joinpath("lay_terms.toml")
    data = tomllib.loads(text.read_text(encoding="utf-8"))
    vocabulary = Vocabulary()
    for group in data["groups"]:
        vocabulary.add_group(group)
    for group in extra_groups:
        vocabulary.add_group(group)
    return vocabulary
