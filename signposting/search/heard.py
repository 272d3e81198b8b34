"""The words a red flag was raised on, shown as the caller's words were typed.

The recogniser keeps the words it heard in its own reading ("300mg" as "300 mg", "can't" as
"can not", "Chest" as "chest"); the desk shows the same stretch of the typed text instead, so
the receptionist sees what they typed. Recognition itself is untouched."""

from __future__ import annotations

import re

from signposting.redflags.recogniser import Flag
from signposting.redflags.words import tokenise

#: A run of typed characters the recogniser reads as one or more words: letters and digits,
#: with an apostrophe inside ("can't") and a decimal point or comma between digits ("39.5").
_TYPED_WORD = re.compile(r"[^\W_]+(?:(?:['\u2019`]|(?<=\d)[.,](?=\d))[^\W_]+)*")


def as_typed(text: str, heard: str) -> str:
    """The stretch of ``text`` the recogniser read as ``heard`` (its words joined by spaces),
    as it was typed; ``heard`` itself when no such stretch is found."""
    wanted = heard.split()
    if not wanted:
        return heard
    spans: list[tuple[int, int]] = []
    words: list[str] = []
    for typed in _TYPED_WORD.finditer(text):
        for token in tokenise(typed.group()):
            words.append(token.text)
            spans.append(typed.span())
    for start in range(len(words) - len(wanted) + 1):
        if words[start : start + len(wanted)] == wanted:
            return text[spans[start][0] : spans[start + len(wanted) - 1][1]]
    return heard


def heard_as_typed(flag: Flag, text: str) -> str:
    """The flag's evidence in a line, in the caller's words as typed: 'clutching' + 'Chest'."""
    return " + ".join(f"\u2018{as_typed(text, item.words)}\u2019" for item in flag.evidence)
