"""What makes a service relevant to the caller's words, and where the list of them stops.

A word counts by where the service has it (name, keywords and conditions more than the
description), how surely it is the caller's word (exact, same stem, misspelt, half-typed) and
how rare it is in the directory (a word most services have says little). A service is shown
only with enough evidence: one strong word, or several weaker ones, scoring near the best
match; never more than ``MAX_SHOWN``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

#: The desk never lists more services than this for one request.
MAX_SHOWN = 6
#: A word that earns a service this much before its rarity counts (a whole keyword, condition
#: or name, or a word of several of its phrases: see entry_terms) is on its own evidence for
#: the service.
STRONG_WORD = 2.4
#: The same for a word that is not everyday English ("sti", "impetigo"), typed as it is known:
#: one word of one phrase is enough.
DISTINCTIVE_WORD = 1.2
#: A service needs at least this score, and this share of the best service's score.
MIN_SCORE = 1.5
RELATIVE_CUTOFF = 0.5

#: Words that say nothing about which service fits: asking, booking, time, people in general.
#: They are neither indexed nor searched for.
GENERIC_WORDS = frozenset(
    """
    appointment appointments book booked booking call called calling ring ringing phone phoned
    speak see seen seeing contact arrange help helps helped helping support
    service services someone somebody anyone anybody everyone person people patient patients
    day days week weeks month months year years night nights morning afternoon evening
    ago since last next tomorrow soon old aged age ok okay fine
    something anything everything nothing stuff problem problems issue issues trouble
    go goes come comes take takes taking took make makes tell know ask try let put say says
    said
    doctor gp doc practice surgery local free new another other nearly every each
    always never ever up out off over after before around away
    two three four five six seven eight nine ten twelve
    """.split()
)

_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """The word's English stem ("burning", "burns" -> "burn"); numbers and joined lay phrases
    ("fit_note") as they are."""
    if not word.isalpha():
        return word
    return str(_STEMMER.stemWord(word))


GENERIC_STEMS = frozenset(stem(word) for word in GENERIC_WORDS)


@lru_cache(maxsize=65_536)
def is_generic(word: str) -> bool:
    return word in GENERIC_WORDS or stem(word) in GENERIC_STEMS


def rarity(services_with_word: int, services: int) -> float:
    """1 for a word only one service has, falling towards 0 as more services have it."""
    if services <= 1 or services_with_word <= 0:
        return 1.0
    return math.log1p(services / services_with_word) / math.log1p(services)


@dataclass(frozen=True)
class Candidate:
    """A service's score for the request, and how many words found it (strongly, at all)."""

    service_id: int
    score: float
    strong_words: int
    words: int

    @property
    def has_evidence(self) -> bool:
        """One strong word, or more than one weak word."""
        return self.strong_words >= 1 or self.words >= 2


def relevant(candidates: list[Candidate], limit: int) -> list[Candidate]:
    """The candidates worth showing, best first: with evidence, above the minimum, near the best
    one, at most ``MAX_SHOWN`` (and ``limit``)."""
    ranked = sorted(candidates, key=lambda c: -c.score)
    kept = [c for c in ranked if c.has_evidence and c.score >= MIN_SCORE]
    if not kept:
        return []
    floor = RELATIVE_CUTOFF * kept[0].score
    return [c for c in kept if c.score >= floor][: min(limit, MAX_SHOWN)]
