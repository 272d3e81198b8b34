"""Turning what a receptionist types into comparable tokens."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = re.compile(r"['\u2019\u2018`]")
_NON_WORD = re.compile(r"[^a-z0-9]+")

#: Words that carry no meaning for matching. Negations ("cant", "not", "no") are kept on purpose.
STOPWORDS = frozenset(
    """
    a an the and or but if then than so as of to in on at by for with from into onto about
    my his her their our your its me him them us we you i im ive id he she it they this that
    these those there here is are was were be been being am has have had do does did done
    just really very quite bit some any like got get gets getting gone going went keep keeps
    kept feel feels feeling felt seems seem think thought want wants wanted need needs please
    oh um er well also again still all now today yesterday lot lots couple times time sort
    kind thing things what which who whom whose when where why how can could would should
    will shall may might must under
    """.split()
)


def normalise(text: str) -> str:
    """Lower-case ASCII words separated by single spaces; apostrophes vanish (can't -> cant)."""
    if text.isascii():
        folded = text.lower().replace("'", "").replace("`", "")
    else:
        folded = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
        folded = folded.encode("ascii", "ignore").decode("ascii")
        folded = _APOSTROPHES.sub("", folded.casefold())
    return " ".join(_NON_WORD.sub(" ", folded).split())


def tokens(text: str) -> list[str]:
    """The normalised words of a text, stopwords included."""
    return normalise(text).split()


def significant(words: list[str]) -> list[str]:
    """Words that carry meaning; if every word is a stopword, all of them."""
    kept = [word for word in words if word not in STOPWORDS]
    return kept or words
