"""What the caller's words say of the patient: an age ("I'm 70", "my 3 year old", "mum's 86",
"19, first year at uni") and a sex ("my husband", "he's got").

Read only from plain wording; anything unsure is left unknown, and an unknown fact rules
nothing out. A service the words themselves rule out by age or sex (a women-only service for
"my husband", an over-50s service for "I'm 36") is no signpost for this caller (see
``clinician_cues``). A pregnancy the words mention stays an exclusion the desk shows beside the
service (see ``eligibility``), so it is not read here.
"""

from __future__ import annotations

import re

from signposting.search.caller import Caller, Sex
from signposting.search.eligibility import age_reason
from signposting.search.entries import ServiceEntry

#: Ages above this are read as something else (a house number, a year, a blood pressure).
OLDEST = 110
#: A service whose age band ends by this age is for young people, one that starts from this
#: age for older people.
YOUNG_UNTIL = 25
OLDER_FROM = 50

_UNIT_AFTER = r"(?!\s*(?:weeks?|wks?|days?|hours?|hrs?|mins?|minutes?|times?|am|pm|mg|ml|kg|"
_UNIT_AFTER += r"stone|lbs?|miles?|percent|years?(?!\s*old)|yrs?(?!\s*old)|months?(?!\s*old)|x)\b)"
_PERSON = (
    r"(?:i\s*m|i\s+am|aged?|mum|mom|mam|mother|dad|father|husband|wife|partner|son|daughter|"
    r"boy|girl|man|woman|lady|gentleman|gent|male|female|pt|patient|f|m|he\s*s|she\s*s|"
    r"he\s+is|she\s+is|grandad|granddad|grandma|nan|gran|brother|sister|baby|child|kid)s?"
)
#: "10 year old", "14 yr old", "8yo": an age in years.
_YEARS_OLD = re.compile(r"\b(\d{1,3})\s*(?:-\s*)?(?:years?|yrs?|yo)\b(?:\s*-?\s*old)?")
#: "8 month old", "3 weeks old", "he's 5 months": a baby.
_BABY_AGE = re.compile(
    r"\b\d{1,2}\s*(?:-\s*)?(?:months?|weeks?|wks?|days?)\s*(?:-\s*)?old\b"
    rf"|\b{_PERSON}\s+\d{{1,2}}\s*(?:months?|weeks?|wks?)\b(?!\s+(?:pregnant|ago|now))"
)
#: "I'm 70", "mum's 86", "man 58", "she's 77", "aged 40": an age said of a person.
_PERSON_AGE = re.compile(
    rf"\b{_PERSON}\s+(?:is\s+|now\s+|only\s+|nearly\s+)?(\d{{1,3}})\b{_UNIT_AFTER}"
)
#: "19, first year at uni", "... in the shower, 34, it doesn't hurt": a bare number set apart.
_BARE_AGE = re.compile(rf"(?:^|,)\s*(\d{{1,3}})\s*(?:,|$){_UNIT_AFTER}")

_MALE = re.compile(
    r"\b(?:he|hes|him|his|husband|boyfriend|man|male|gentleman|gent|son|boy|dad|father|"
    r"brother|grandad|granddad|grandson)s?\b"
)
_FEMALE = re.compile(
    r"\b(?:she|shes|her|hers|wife|girlfriend|woman|lady|female|daughter|girl|mum|mom|mam|"
    r"mother|sister|nan|gran|grandma|granddaughter)s?\b"
)


def made_for(entry: ServiceEntry, age: int | None) -> bool:
    """Whether the service's age band is for young people or for older people only (not most
    adults) and holds this age: a children's ear service for "my 10 year old"."""
    if age is None or age_reason(entry, age) is not None:
        return False
    young_only = entry.max_age is not None and entry.max_age <= YOUNG_UNTIL
    older_only = entry.min_age is not None and entry.min_age >= OLDER_FROM
    return young_only or older_only


def stated(text: str) -> Caller:
    """The age and sex the typed words state, each only when plainly said (None otherwise)."""
    words = _plain(text)
    return Caller(_age(words), _sex(words))


def _plain(text: str) -> str:
    """Lower case, apostrophes dropped ("mum's" -> "mums"), commas kept, other marks spaces."""
    folded = re.sub(r"['\u2019\u2018`]", "", text.lower())
    folded = re.sub(r"[^a-z0-9,]+", " ", folded)
    return " ".join(folded.split())


def _age(words: str) -> int | None:
    if _BABY_AGE.search(words):
        return 0
    for pattern in (_YEARS_OLD, _PERSON_AGE, _BARE_AGE):
        for found in pattern.finditer(words):
            if found.re is _YEARS_OLD and not _is_age_in_years(found.group(0)):
                continue
            age = int(found.group(1))
            if age <= OLDEST:
                return age
    return None


def _is_age_in_years(said: str) -> bool:
    """Whether "10 year old" or "8yo" was said, not "for 3 years" or "after 3 years"."""
    return "old" in said or said.rstrip().endswith("yo")


def _sex(words: str) -> Sex | None:
    male = _MALE.search(words) is not None
    female = _FEMALE.search(words) is not None
    if male == female:
        return None
    return Sex.MALE if male else Sex.FEMALE
