"""What the desk may know of a caller beyond the words (age, sex, pregnancy), and the services'
rules that turn on it, read from their exclusions, name and eligibility text.

Only what the receptionist set counts: an unknown sex or pregnancy never excludes a service.
None of it is stored with a signpost record (which keeps an age band only).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from signposting.search.entries import ServiceEntry
from signposting.search.text import normalise


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"


@dataclass(frozen=True)
class Caller:
    """What the receptionist entered about the patient; None (or False) when not known."""

    age: int | None = None
    sex: Sex | None = None
    pregnant: bool = False


#: The words that name a sex or pregnancy in a service's text.
SEX_WORDS = {
    **dict.fromkeys(("men", "man", "male", "males", "boys", "boy", "mens"), Sex.MALE),
    **dict.fromkeys(("women", "woman", "female", "females", "girls", "girl", "womens"), Sex.FEMALE),
}
PREGNANCY_WORDS = frozenset({"pregnant", "pregnancy"})
#: Words that may stand beside them in an exclusion without making it about something else.
FILLER_WORDS = frozenset(
    "a an and the who are is currently people patients patient anyone any aged age years year "
    "old".split()
)
#: Words that turn a name or eligibility text around ("not for men"): then nothing is read.
NEGATIONS = frozenset({"not", "no", "except", "excluding", "excludes", "excluded", "never"})
SEX_NOUNS = {Sex.FEMALE: "women", Sex.MALE: "men"}
_ALTERNATIVES = re.compile(r"[,;/]")


@dataclass(frozen=True)
class CallerRule:
    """A caller this service cannot take: of this sex, pregnant, under or over an age (every
    part that is set must hold, and must be known, for the rule to apply)."""

    reason: str
    sex: Sex | None = None
    pregnant: bool = False
    under: int | None = None
    over: int | None = None

    def applies_to(self, caller: Caller) -> bool:
        if self.sex is not None and caller.sex is not self.sex:
            return False
        if self.pregnant and not caller.pregnant:
            return False
        if self.under is not None and (caller.age is None or caller.age >= self.under):
            return False
        return self.over is None or (caller.age is not None and caller.age > self.over)


def caller_rules(entry: ServiceEntry) -> tuple[CallerRule, ...]:
    """The service's rules on sex and pregnancy: each exclusion that names only these (with an
    age at most), then, if no exclusion names a sex, a name or eligibility text that names one
    sex only ("women 16-64") as excluding the other."""
    rules: list[CallerRule] = []
    for exclusion in entry.exclusions:
        head = exclusion.split(":", 1)[0]
        for alternative in _alternatives(head):
            rule = _rule(alternative, exclusion_reason(exclusion))
            if rule is not None:
                rules.append(rule)
                break
    if not any(rule.sex is not None for rule in rules):
        only = _one_sex_only(entry.name, entry.eligibility_notes)
        if only is not None:
            other = Sex.MALE if only is Sex.FEMALE else Sex.FEMALE
            rules.append(CallerRule(f"{SEX_NOUNS[only]} only", sex=other))
    return tuple(rules)


def exclusion_alternatives(exclusion: str) -> list[tuple[list[str], CallerRule | None]]:
    """Each alternative of an exclusion (before any colon): its words, and its rule where it
    names only a sex or pregnancy (with an age at most)."""
    head = exclusion.split(":", 1)[0]
    return [(words, _rule(words, exclusion_reason(exclusion))) for words in _alternatives(head)]


def exclusion_reason(exclusion: str) -> str:
    """Why a rule read from an exclusion leaves a caller out: "excluded: Men"."""
    return f"excluded: {exclusion}"


def _alternatives(head: str) -> list[list[str]]:
    """The words of each alternative: "Pregnant or breastfeeding, or under 16" gives
    [pregnant], [breastfeeding] and [under, 16]."""
    found: list[list[str]] = []
    for part in _ALTERNATIVES.split(head):
        current: list[str] = []
        for word in normalise(part).split():
            if word == "or":
                found.append(current)
                current = []
            else:
                current.append(word)
        found.append(current)
    return [words for words in found if words]


def _rule(words: list[str], reason: str) -> CallerRule | None:
    """A rule when the words name a sex or pregnancy and nothing else but an age bound."""
    sex: Sex | None = None
    pregnant = False
    under: int | None = None
    over: int | None = None
    position = 0
    while position < len(words):
        word = words[position]
        following = words[position + 1] if position + 1 < len(words) else ""
        if word in SEX_WORDS and sex in (None, SEX_WORDS[word]):
            sex = SEX_WORDS[word]
        elif word in PREGNANCY_WORDS:
            pregnant = True
        elif word in ("under", "over") and following.isdigit():
            if word == "under":
                under = int(following)
            else:
                over = int(following)
            position += 1
        elif word.isdigit() and words[position + 1 : position + 3] == ["and", "over"]:
            over = int(word) - 1
            position += 2
        elif word not in FILLER_WORDS:
            return None
        position += 1
    if sex is None and not pregnant:
        return None
    return CallerRule(reason, sex=sex, pregnant=pregnant, under=under, over=over)


def _one_sex_only(*texts: str) -> Sex | None:
    """The one sex these texts name, unless they name both, or turn it round ("not men")."""
    words = set(" ".join(normalise(text) for text in texts).split())
    if words & NEGATIONS:
        return None
    named = {SEX_WORDS[word] for word in words if word in SEX_WORDS}
    return named.pop() if len(named) == 1 else None
