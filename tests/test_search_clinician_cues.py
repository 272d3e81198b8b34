"""Words that say a clinician is wanted (weeks of a symptom, remedies that failed, a lump,
changing doctor) keep self-care and pharmacy services, or every service, off the desk's list."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from signposting.search.clinician_cues import clinician_cues, is_self_care
from signposting.search.entries import ServiceEntry
from tests.support.demo_engine import demo_engine

TUESDAY_MORNING = datetime(2026, 11, 24, 11, 0, tzinfo=UTC)


def shown(text: str) -> list[str]:
    result = demo_engine().search(text, now=TUESDAY_MORNING)
    return [match.entry.name for match in result.services]


@pytest.mark.parametrize(
    "text",
    [
        "I've had a cough for over a month now",
        "coughing for weeks",
        "cough for the last few weeks",
        "cough for about six weeks",
        "had this cough weeks now",
        "cough since last month",
        "cough, the chemist stuff isn't working",
        "cough and nothing has helped",
        "cough, not getting any better",
        "cough that keeps coming back",
        "cough getting worse",
        "cough, tried everything",
    ],
)
def test_a_lasting_or_untreatable_complaint_is_a_persisting_cue(text: str) -> None:
    assert clinician_cues(text).persisting


@pytest.mark.parametrize(
    "text",
    [
        "cough for a few days",
        "my 3 month old has a cough",
        "cough for a week",
        "not had my blood pressure checked for years",
        "cough since yesterday",
        "my hay fever's really bad this year, can I get something stronger",
    ],
)
def test_a_short_or_unrelated_spell_is_no_cue(text: str) -> None:
    assert not clinician_cues(text)


def test_lumps_and_changing_doctor_are_cues() -> None:
    assert clinician_cues("found a lump on my breast").lump
    assert clinician_cues("I'd like to change to a different doctor").changing_doctor
    assert clinician_cues("can I switch my GP").changing_doctor
    assert not clinician_cues("can I see the doctor about my back").changing_doctor


def test_a_cough_goes_to_the_pharmacy_but_a_month_long_one_shows_nothing() -> None:
    assert shown("I've had a cough")[0].startswith("Community pharmacy")
    assert shown("I've had a cough for over a month now") == []


def test_remedies_that_failed_take_the_pharmacy_off_the_list() -> None:
    assert shown("indigestion")[0].startswith("Community pharmacy")
    assert shown("indigestion for weeks and the chemist stuff isn't working") == []
    assert shown("heartburn, chemist stuff isn't helping") == []


def test_a_lasting_problem_keeps_services_that_are_not_self_care() -> None:
    names = shown("back pain for weeks")
    assert names
    assert not any(is_self_care(ServiceEntry(0, name)) for name in names)
    assert names[0].startswith("MSK physiotherapy")


def test_a_lump_shows_only_services_that_name_lumps() -> None:
    assert shown("stiff neck")
    assert shown("I've had a lump in my neck") == []
    assert shown("lump on my eyelid")[0].startswith("Minor Eye Conditions")


def test_changing_doctor_shows_nothing_from_the_directory() -> None:
    assert shown("change my tablets")
    assert shown("I'd like to change to a different doctor at the practice") == []


def test_self_care_services_are_pharmacy_or_self_care_by_category_or_name() -> None:
    assert is_self_care(ServiceEntry(1, "Minor illness", category="Community pharmacy"))
    assert is_self_care(ServiceEntry(2, "Pharmacy First: sore throat (5+)"))
    assert is_self_care(ServiceEntry(3, "Colds and coughs", category="Self-care"))
    assert not is_self_care(ServiceEntry(4, "Practice clinical pharmacist", category="In practice"))


@pytest.mark.parametrize(
    "text",
    [
        "my periods have stopped, I'm 29 and not pregnant",
        "some bleeding after the menopause",
        "periods really heavy",
        "hot flushes, think it's the menopause",
        "lost a stone without trying",
        "bruising that's unexplained",
        "wants an ADHD assessment",
        "can my son be assessed for autism",
        "mum's memory is getting worse",
        "we've been trying for a baby for two years",
        "wants a vasectomy",
        "my 7 year old still wets the bed",
        "want to see a skin specialist",
        "want a second opinion",
    ],
)
def test_what_only_a_clinician_assesses_is_a_cue(text: str) -> None:
    assert clinician_cues(text).needs_clinician


@pytest.mark.parametrize(
    "text",
    [
        "dizzy spells, been a month",
        "headaches most days",
        "nosebleeds, keep getting them",
        "bruises keep appearing",
        "rash on and off for ages",
        "cough since january",
        "recurring thrush",
        "third water infection this year, third time",
    ],
)
def test_more_ways_of_saying_a_problem_has_lasted_are_persisting_cues(text: str) -> None:
    assert clinician_cues(text).persisting


def test_a_lump_or_mole_keeps_only_services_that_name_it_where_it_is() -> None:
    assert clinician_cues("a mole that has changed").growth == "mole"
    assert clinician_cues("lump in my left breast").growth_place == "breast"
    assert clinician_cues("neck lump").growth_place == "neck"
    assert clinician_cues("a big lump").growth_place is None
    assert shown("lump on my eyelid")[0].startswith("Minor Eye Conditions")
    assert shown("found a lump in my breast, it doesn't hurt") == []
    assert shown("mole on my back has got darker") == []


def test_needing_a_clinician_shows_nothing_from_the_directory() -> None:
    assert shown("my periods have stopped") == []
    assert shown("I'm 63 and have had some bleeding, my periods stopped years ago") == []


def test_a_lasting_problem_takes_urgent_care_off_the_list_too() -> None:
    assert shown("sprained wrist")[0].startswith("Urgent treatment centre")
    names = shown("bruises keep appearing on my legs")
    assert not any(name.startswith("Urgent treatment centre") for name in names)


def test_a_stated_age_or_sex_alone_is_no_cue_but_may_take_a_service_off() -> None:
    cues = clinician_cues("I'm 70 and it stings when I wee")
    assert not cues
    assert cues.may_demote
    assert not clinician_cues("it stings when I wee").may_demote
