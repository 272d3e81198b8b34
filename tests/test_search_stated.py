"""The age and sex a caller's words state: read only from plain wording, they take off the
list a service the caller cannot use, and put one made for their age above a general one."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from signposting.search.caller import Sex
from signposting.search.entries import ServiceEntry
from signposting.search.stated import made_for, stated
from tests.support.demo_engine import demo_engine

TUESDAY_MORNING = datetime(2026, 11, 24, 11, 0, tzinfo=UTC)


def shown(text: str) -> list[str]:
    result = demo_engine().search(text, now=TUESDAY_MORNING)
    return [match.entry.name for match in result.services]


@pytest.mark.parametrize(
    ("text", "age"),
    [
        ("I'm 70 and it stings when I wee", 70),
        ("im 58", 58),
        ("my 10 year old has earache", 10),
        ("14 yr old with a rash", 14),
        ("mum's 86 and keeps falling", 86),
        ("Husband's 80, legs weak since his op", 80),
        ("man 58 up in the night to wee", 58),
        ("19, first year at uni, feeling low", 19),
        ("found it in the shower, 34, it doesn't hurt", 34),
        ("my 8 month old has been sick", 0),
        ("when do I start solids, he's 5 months", 0),
    ],
)
def test_an_age_said_plainly_is_read(text: str, age: int) -> None:
    assert stated(text).age == age


@pytest.mark.parametrize(
    "text",
    [
        "the implant is due out after 3 years",
        "off work 9 days now",
        "I'm 28 weeks pregnant",
        "ringing at 6, you're closing",
        "cough for 3 weeks",
        "takes 2 tablets 4 times a day",
    ],
)
def test_numbers_that_are_not_an_age_are_not_read_as_one(text: str) -> None:
    assert stated(text).age is None


def test_a_sex_is_read_only_when_the_words_name_one_sex() -> None:
    assert stated("my husband's got burning when he wees").sex is Sex.MALE
    assert stated("my daughter says it stings").sex is Sex.FEMALE
    assert stated("it stings when I wee").sex is None
    assert stated("my son and his sister both have a rash").sex is None


def test_a_service_the_words_rule_out_by_age_or_sex_is_not_shown() -> None:
    uti = "Pharmacy First: urinary tract infection"
    assert shown("I'm 30 and it stings when I wee")[0].startswith(uti)
    assert not any(name.startswith(uti) for name in shown("I'm 70 and it stings when I wee"))
    assert not any(name.startswith(uti) for name in shown("my husband has a water infection"))
    assert shown("my son is 14 and has shingles") == []


def test_a_pregnancy_in_the_words_still_only_flags_the_service() -> None:
    result = demo_engine().search("water infection, she's pregnant", now=TUESDAY_MORNING)
    uti = [m for m in result.services if m.entry.name.startswith("Pharmacy First: urinary")]
    assert uti
    assert "excluded: Pregnant or breastfeeding" in uti[0].eligibility.reasons


def test_a_service_made_for_the_stated_age_comes_before_a_general_one() -> None:
    assert shown("feeling down")[0].startswith("NHS Talking Therapies")
    assert shown("I'm 17 and feeling down")[0].startswith("Young people's")


def test_made_for_means_a_young_or_older_band_holding_the_age() -> None:
    young = ServiceEntry(1, "Young people's service", min_age=11, max_age=25)
    older = ServiceEntry(2, "Hearing", min_age=50)
    everyone = ServiceEntry(3, "Pharmacy", min_age=1)
    assert made_for(young, 17)
    assert not made_for(young, 30)
    assert made_for(older, 62)
    assert not made_for(older, 36)
    assert not made_for(everyone, 17)
    assert not made_for(young, None)
