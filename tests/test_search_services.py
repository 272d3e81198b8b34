"""Service search: lay words and typos find the right service, marked suitable or not and why."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from signposting.domain import ServiceStatus
from signposting.search.engine import SearchEngine
from tests.support.demo_engine import (
    demo_engine,
    demo_red_flag_entries,
    demo_service_entries,
    service_id,
)

#: A Tuesday at 11:00 in London, when the demo's services are open.
TUESDAY_MORNING = datetime(2026, 11, 24, 11, 0, tzinfo=UTC)
SUNDAY_NIGHT = datetime(2026, 11, 29, 22, 0, tzinfo=UTC)


def top(text: str, age: int | None = None, now: datetime = TUESDAY_MORNING) -> str:
    result = demo_engine().search(text, age=age, now=now)
    assert result.services, f"nothing found for {text!r}"
    return result.services[0].entry.name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("water infection", "Pharmacy First: urinary tract infection"),
        ("burning when I wee", "Pharmacy First: urinary tract infection"),
        ("wtaer infection", "Pharmacy First: urinary tract infection"),
        ("bad back", ("MSK physiotherapy self-referral", "First-contact physio")),
        ("bad bak", ("MSK physiotherapy self-referral", "First-contact physio")),
        ("my knee has been aching for weeks", "MSK physiotherapy self-referral"),
        ("feeling low", "NHS Talking Therapies"),
        ("feeling really down in the dumps", "NHS Talking Therapies"),
        ("panic attacks", "NHS Talking Therapies"),
        ("morning after pill", "Emergency contraception"),
        ("sick note", "Admin team: fit notes"),
        ("fit no", "Admin team: fit notes"),
        ("red itchy eye", "Minor Eye Conditions Service"),
        ("toothache", "Urgent dental care via NHS 111"),
        ("lonely since my wife passed", ("Social prescribing link worker", "Bereavement")),
        ("feeling lonely and isolated", "Social prescribing link worker"),
        ("want to quit smoking", "Stop smoking service"),
        ("just found out I'm pregnant", "Midwife self-referral"),
        ("shingles", "Pharmacy First: shingles"),
        ("impetigo", "Pharmacy First: impetigo"),
        ("earache", "Pharmacy First: acute ear infection"),
        ("he's hearing voices and paranoid", "Mental health crisis line"),
        ("I've run out of my tablets", "Repeat prescriptions"),
        ("burnt my hand and it's blistering", "Urgent treatment centre"),
        ("need a dentist, we've moved to the area", "Finding an NHS dentist"),
        ("she hits me and takes my money", "National Domestic Abuse Helpline"),
        ("behind on my council tax", "Citizens Advice"),
        ("the telly's always too loud", "NHS hearing service"),
    ],
)
def test_lay_words_find_the_service(text: str, expected: str | tuple[str, ...]) -> None:
    assert top(text).startswith(expected)


def test_age_marks_services_outside_their_band() -> None:
    result = demo_engine().search("water infection", age=70, now=TUESDAY_MORNING)
    uti = next(m for m in result.services if m.entry.id == service_id("Pharmacy First: urinary"))
    assert not uti.eligibility.eligible
    assert uti.eligibility.reason == "ages 16 to 64 only"
    young = demo_engine().search("water infection", age=30, now=TUESDAY_MORNING)
    assert young.services[0].eligibility.eligible


def test_exclusions_mentioned_by_the_caller_are_flagged() -> None:
    result = demo_engine().search("water infection, she's pregnant", now=TUESDAY_MORNING)
    uti = next(m for m in result.services if m.entry.id == service_id("Pharmacy First: urinary"))
    assert not uti.eligibility.eligible
    assert "excluded: Pregnant or breastfeeding" in uti.eligibility.reasons


def test_temporarily_closed_service_is_marked_and_ranked_lower() -> None:
    result = demo_engine().search("ingrown toenail", now=TUESDAY_MORNING)
    podiatry = next(m for m in result.services if m.entry.name.startswith("NHS podiatry"))
    assert not podiatry.eligibility.eligible
    assert podiatry.eligibility.blocking
    assert podiatry.eligibility.reasons[0].startswith("temporarily closed: Not taking new")


def test_closed_now_says_when_it_opens() -> None:
    result = demo_engine().search("bad back", now=SUNDAY_NIGHT)
    msk = next(m for m in result.services if m.entry.name.startswith("MSK physio"))
    assert not msk.eligibility.eligible
    assert not msk.eligibility.blocking
    assert msk.eligibility.reason == "closed: opens tomorrow 09:00"
    open_result = demo_engine().search("bad back", now=TUESDAY_MORNING)
    msk_open = next(m for m in open_result.services if m.entry.name.startswith("MSK physio"))
    assert msk_open.eligibility.eligible
    assert msk_open.eligibility.opening == "Open now until 12:30"


def test_scores_are_best_first_and_between_zero_and_one() -> None:
    scores = [m.score for m in demo_engine().search("sore throat", now=TUESDAY_MORNING).services]
    assert scores
    assert all(0 < score <= 1 for score in scores)
    assert scores[0] == max(scores)


def test_empty_and_stopword_only_queries_find_nothing() -> None:
    assert demo_engine().search("").services == ()
    assert demo_engine().search("   ").red_flags == ()
    assert demo_engine().search("?!").services == ()


def test_index_updates_without_a_rebuild() -> None:
    entries = demo_service_entries()
    engine = SearchEngine.build(entries, demo_red_flag_entries())
    assert engine.search("hearing aid batteries").services[0].entry.name.startswith("NHS hearing")
    new = replace(entries[0], id=999, name="Hearing aid battery drop-in", keywords=("batteries",))
    engine.upsert_service(new)
    assert engine.search("hearing aid batteries").services[0].entry.id == 999
    engine.upsert_service(replace(new, keywords=("tinnitus",), name="Tinnitus group"))
    assert all(m.entry.id != 999 for m in engine.search("batteries").services)
    engine.remove_service(999)
    assert all(m.entry.id != 999 for m in engine.search("tinnitus").services)
    retired = replace(entries[0], status=ServiceStatus.RETIRED)
    engine.upsert_service(retired)
    assert all(m.entry.id != entries[0].id for m in engine.search("water infection").services)


def test_typing_one_letter_at_a_time_never_fails() -> None:
    text = "my back is killing me and im numb down below"
    for end in range(1, len(text) + 1):
        demo_engine().search(text[:end])
    assert demo_engine().search(text).red_flags[0].entry.key == "cauda-equina"


def test_json_shape() -> None:
    document = demo_engine().search("face gone droopy and bad back", now=TUESDAY_MORNING).to_json()
    assert set(document) == {"red_flags", "checks", "services"}
    flag = document["red_flags"][0]  # type: ignore[index]
    assert set(flag) == {"id", "key", "title", "urgency", "action", "because", "evidence"}
    assert (
        flag["key"] == "stroke-fast" and flag["because"] == "\u2018face\u2019 + \u2018droopy\u2019"
    )
    assert flag["evidence"] == [
        {"words": "face", "concept": "FACE"},
        {"words": "droopy", "concept": "DROOP"},
    ]
    assert set(document["services"][0]) == {  # type: ignore[index]
        *("id", "name", "score", "eligible", "reason"),  # the first release's keys
        *("relevance", "fits", "open"),
    }
