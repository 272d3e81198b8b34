"""The core behind browsing by category, "Ask the caller", the card's "Who it is for" and the
banner's heard words: no Qt, no database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from signposting.directory.card import who_it_is_for
from signposting.domain import ServiceStatus, Urgency
from signposting.redflags.recogniser import Evidence, Flag
from signposting.redflags.words import tokenise
from signposting.search.browse import UNCATEGORISED, Category, categories, services_in
from signposting.search.caller import Caller, Sex
from signposting.search.engine import SearchEngine
from signposting.search.entries import RedFlagEntry, ServiceEntry
from signposting.search.heard import as_typed, heard_as_typed
from signposting.search.questions import IF_NO, IF_YES, ask_the_caller

TUESDAY_MORNING = datetime(2026, 11, 24, 11, 0, tzinfo=UTC)
WEEKDAYS = tuple(
    {"day": day, "opens": "08:30", "closes": "18:30"} for day in ("mon", "tue", "wed", "thu", "fri")
)
UTI = ServiceEntry(
    id=1,
    name="Pharmacy First: urinary tract infection (women 16-64)",
    category="Community pharmacy",
    min_age=16,
    max_age=64,
    eligibility_notes="Women aged 16 to 64 only.",
    exclusions=(
        "Men",
        "Pregnant or breastfeeding",
        "Recurrent UTI: 2 in the last 6 months or 3 in the last 12 months",
    ),
    opening_sessions=WEEKDAYS,
)
SHINGLES = ServiceEntry(
    id=2,
    name="Pharmacy First: shingles (18+)",
    category="Community pharmacy",
    min_age=18,
    eligibility_notes="Aged 18 and over, rash appeared within the last 7 days.",
    exclusions=("Pregnant", "Weakened immune system"),
    opening_sessions=WEEKDAYS,
)


def texts(entry: ServiceEntry, caller: Caller) -> list[str]:
    return [question.text for question in ask_the_caller(entry, caller)]


# ---------------------------------------------------------------- browse by category
def test_categories_count_active_services_and_merge_spellings() -> None:
    entries = [
        UTI,
        SHINGLES,
        ServiceEntry(
            3, "Closed for now", "community pharmacy", status=ServiceStatus.TEMPORARILY_CLOSED
        ),
        ServiceEntry(4, "Gone", "Dental", status=ServiceStatus.RETIRED),
        ServiceEntry(5, "Talking therapies", "  Mental   health "),
        ServiceEntry(6, "No category given", ""),
    ]
    assert categories(entries) == [
        Category("Community pharmacy", 2),  # the closed one is listed, not counted
        Category("Mental health", 1),
        Category(UNCATEGORISED, 1),
    ]
    assert [c.text for c in categories(entries)][:2] == [
        "Community pharmacy (2 services)",
        "Mental health (1 service)",
    ]


def test_a_categorys_services_carry_the_searchs_fit_and_open_answers() -> None:
    closed = ServiceEntry(
        3, "Another pharmacy service", "Community pharmacy", status=ServiceStatus.TEMPORARILY_CLOSED
    )
    other = ServiceEntry(4, "Dentist", "Dental")
    engine = SearchEngine.build([UTI, SHINGLES, closed, other], [])
    listed = services_in(engine, "community PHARMACY", Caller(age=70), TUESDAY_MORNING)
    # What the caller can use first, then by name.
    assert [match.entry.id for match in listed] == [2, 3, 1]
    by_id = {match.entry.id: match for match in listed}
    assert by_id[2].eligibility.fits and by_id[2].eligibility.open_now is True
    assert by_id[2].eligibility.opening == "Open now until 18:30"
    assert not by_id[1].eligibility.fits
    assert by_id[1].eligibility.fit_reason == "ages 16 to 64 only"
    assert not by_id[3].eligibility.fits  # temporarily closed
    male = services_in(engine, "Community pharmacy", Caller(sex=Sex.MALE), TUESDAY_MORNING)
    assert {m.entry.id: m.eligibility.fits for m in male}[1] is False


# ---------------------------------------------------------------- ask the caller
def test_nothing_known_asks_age_sex_and_each_exclusion() -> None:
    assert texts(UTI, Caller()) == [
        f"Is the patient aged 16 to 64? {IF_NO}",
        f"Is the patient male? {IF_YES}",
        f"Does this apply: Pregnant or breastfeeding? {IF_YES}",
        "Does this apply: Recurrent UTI: 2 in the last 6 months or 3 in the last 12 months? "
        f"{IF_YES}",
    ]


def test_what_the_quick_fields_answered_is_not_asked_again() -> None:
    asked = texts(UTI, Caller(age=30, sex=Sex.FEMALE))
    assert not any("aged" in question or "male" in question for question in asked)
    assert f"Does this apply: Pregnant or breastfeeding? {IF_YES}" in asked
    assert [q.exclusion for q in ask_the_caller(UTI, Caller(age=30, sex=Sex.FEMALE))] == [
        "Pregnant or breastfeeding",
        "Recurrent UTI: 2 in the last 6 months or 3 in the last 12 months",
    ]


@pytest.mark.parametrize(
    "caller", [Caller(age=70), Caller(sex=Sex.MALE), Caller(age=30, sex=Sex.FEMALE, pregnant=True)]
)
def test_a_service_the_known_facts_rule_out_has_nothing_to_ask(caller: Caller) -> None:
    entry = UTI if caller.age != 30 else SHINGLES  # shingles excludes pregnancy
    assert ask_the_caller(entry, caller) == ()


def test_pregnancy_is_asked_until_ticked_and_never_of_a_man() -> None:
    assert f"Is the patient pregnant? {IF_YES}" in texts(SHINGLES, Caller(age=40))
    assert f"Is the patient pregnant? {IF_YES}" not in texts(SHINGLES, Caller(sex=Sex.MALE))


def test_a_rule_with_an_age_asks_only_what_is_unknown() -> None:
    impetigo = ServiceEntry(7, "Impetigo", min_age=1, exclusions=("Pregnant under 16",))
    assert texts(impetigo, Caller())[1] == f"Is the patient pregnant and under 16? {IF_YES}"
    assert texts(impetigo, Caller(pregnant=True))[1] == f"Is the patient under 16? {IF_YES}"
    assert texts(impetigo, Caller(age=30)) == []


def test_an_age_exclusion_the_band_covers_is_not_asked_twice() -> None:
    physio = ServiceEntry(8, "Physio", min_age=16, exclusions=("Under 16", "Housebound"))
    assert texts(physio, Caller()) == [
        f"Is the patient aged 16 or over? {IF_NO}",
        f"Does this apply: Housebound? {IF_YES}",
    ]
    no_band = ServiceEntry(9, "Clinic", exclusions=("Under 1 year old",))
    assert texts(no_band, Caller()) == [f"Is the patient under 1? {IF_YES}"]
    assert texts(no_band, Caller(age=40)) == []


@pytest.mark.parametrize(
    ("notes", "asked"),
    [
        (
            "Aged 18 and over, rash appeared within the last 7 days.",
            [f"Does this apply: rash appeared within the last 7 days? {IF_NO}"],
        ),
        ("Aged 12 and over who smoke.", [f"Does the patient smoke? {IF_NO}"]),
        ("Anyone who is pregnant.", [f"Is the patient pregnant? {IF_NO}"]),
        (
            "Registered patients; some forms carry a fee.",
            [f"Does this apply: Registered patients? {IF_NO}"],
        ),
        (
            "Aged 18 and over with a BMI of 30 or more (27.5 for some ethnic groups).",
            [f"Does this apply: with a BMI of 30 or more (27.5 for some ethnic groups)? {IF_NO}"],
        ),
        ("Aged 13 and over; confidential.", []),
        ("Any age from 13; under-16s are seen confidentially by the pharmacist.", []),
        ("Aged 16 and over (check local service).", []),
        ("All ages (some opticians see adults only).", []),
        ("Anyone.", []),
    ],
)
def test_eligibility_notes_are_asked_where_they_hold_a_condition(
    notes: str, asked: list[str]
) -> None:
    entry = ServiceEntry(10, "A service", eligibility_notes=notes)
    assert texts(entry, Caller(age=30)) == asked


def test_a_pregnancy_the_notes_ask_for_is_not_asked_once_ticked() -> None:
    midwife = ServiceEntry(11, "Midwife", eligibility_notes="Anyone who is pregnant.")
    assert texts(midwife, Caller(pregnant=True)) == []
    assert texts(midwife, Caller(sex=Sex.MALE)) == []


# ---------------------------------------------------------------- who it is for, once
@pytest.mark.parametrize(
    ("low", "high", "notes", "shown"),
    [
        (16, 64, "Women aged 16 to 64 only.", "Women aged 16 to 64 only."),
        (
            18,
            None,
            "Aged 18 and over, rash appeared within the last 7 days.",
            "Aged 18 and over, rash appeared within the last 7 days.",
        ),
        (1, None, "Aged 1 year and over.", "Aged 1 year and over."),
        (5, None, "Aged 5 and over.", "Aged 5 and over."),
        (None, None, "Anyone.", "Anyone."),
        (None, None, "", "All ages."),
        (None, None, "Registered patients.", "All ages. Registered patients."),
        (
            18,
            None,
            "Adults eligible for the NHS programme.",
            "Aged 18 and over. Adults eligible for the NHS programme.",
        ),
        (16, None, "Call 116 123 first.", "Aged 16 and over. Call 116 123 first."),
        (
            None,
            4,
            "Families with children under 5.",
            "Aged up to 4. Families with children under 5.",
        ),
    ],
)
def test_who_it_is_for_says_the_ages_once(
    low: int | None, high: int | None, notes: str, shown: str
) -> None:
    assert who_it_is_for(low, high, notes) == shown


# ---------------------------------------------------------------- heard, as typed
def recognisers_words(stretch: str) -> str:
    """What the recogniser calls a stretch of typed words: its tokens joined by spaces (the
    words a mention carries), however the tokeniser reads them."""
    return " ".join(token.text for token in tokenise(stretch))


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("took 300mg of it", "300mg"),
        ("she CAN'T breathe at all", "CAN'T breathe"),
        ("she can\u2019t breathe", "can\u2019t breathe"),
        ("Temperature of 39.5 and a stiff neck", "Temperature of 39.5"),
        ("My CHEST, it's clutching", "My CHEST"),
        ("face droopin", "face droopin"),
    ],
)
def test_the_words_heard_are_shown_as_typed(typed: str, shown: str) -> None:
    heard = recognisers_words(shown)
    assert heard != shown  # the recogniser's reading differs from what was typed
    assert as_typed(typed, heard) == shown


def test_words_not_found_in_the_text_are_shown_as_heard() -> None:
    assert as_typed("nothing like it", "chest") == "chest"
    assert as_typed("", "chest") == "chest"


def test_a_flags_evidence_in_the_callers_words() -> None:
    entry = RedFlagEntry(1, "Possible heart attack", Urgency.EMERGENCY_999, "Call 999")
    flag = Flag(entry, entry.urgency, (Evidence("crushing", "PAIN"), Evidence("chest", "CHEST")))
    typed = "Crushing CHEST pain and I'm sweating"
    assert heard_as_typed(flag, typed) == "\u2018Crushing\u2019 + \u2018CHEST\u2019"
    assert flag.because == "\u2018crushing\u2019 + \u2018chest\u2019"  # the recogniser's own, kept
