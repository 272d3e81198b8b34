"""A caller's sex and pregnancy in the search: which exclusions they trigger, that an unknown
never excludes, and the three answers per service (relevance, fits, open) in the JSON and CLI."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from signposting.cli.main import main
from signposting.search.caller import Caller, CallerRule, Sex, caller_rules
from signposting.search.engine import SearchEngine, ServiceMatch
from signposting.search.entries import ServiceEntry
from tests.support.demo_engine import (
    demo_engine,
    demo_red_flag_entries,
    demo_service_entries,
    service_id,
)

TUESDAY_MORNING = datetime(2026, 11, 24, 11, 0, tzinfo=UTC)
TUESDAY_NIGHT = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)
UTI = "Pharmacy First: urinary"


def found(
    text: str,
    name_start: str,
    *,
    engine: SearchEngine | None = None,
    now: datetime = TUESDAY_MORNING,
    **caller: object,
) -> ServiceMatch:
    result = (engine or demo_engine()).search(text, now=now, **caller)  # type: ignore[arg-type]
    return next(m for m in result.services if m.entry.name.startswith(name_start))


def entry(**fields: object) -> ServiceEntry:
    return replace(ServiceEntry(id=1, name="Clinic"), **fields)  # type: ignore[arg-type]


FEMALE, MALE = Sex.FEMALE, Sex.MALE


@pytest.mark.parametrize(
    ("exclusion", "sex", "pregnant", "under", "over"),
    [
        ("Men", MALE, False, None, None),
        ("Boys", MALE, False, None, None),
        ("Women who are pregnant", FEMALE, True, None, None),
        ("Pregnancy", None, True, None, None),
        ("Pregnant or breastfeeding", None, True, None, None),
        ("Breastfeeding, or pregnant", None, True, None, None),
        ("Pregnant under 16", None, True, 16, None),
        ("Girls 12 and over: clinic", FEMALE, False, None, 11),
    ],
)
def test_exclusions_naming_a_sex_or_pregnancy_become_rules(
    exclusion: str, sex: Sex | None, pregnant: bool, under: int | None, over: int | None
) -> None:
    rule = CallerRule(f"excluded: {exclusion}", sex, pregnant, under, over)
    assert caller_rules(entry(exclusions=(exclusion,))) == (rule,)


@pytest.mark.parametrize(
    "exclusion",
    [
        "Pregnancy-related pain: maternity physio",  # about the pain, not every pregnant caller
        "Under 16",  # the age band says that already
        "Children: practice nurse",
        "Weakened immune system",
    ],
)
def test_exclusions_about_something_else_are_not_caller_rules(exclusion: str) -> None:
    assert caller_rules(entry(exclusions=(exclusion,))) == ()


def test_a_name_or_eligibility_naming_one_sex_excludes_the_other() -> None:
    (named,) = caller_rules(entry(name="Men's health check"))
    assert named == CallerRule("men only", sex=Sex.FEMALE)
    (noted,) = caller_rules(entry(eligibility_notes="Women aged 16 to 64 only."))
    assert noted == CallerRule("women only", sex=Sex.MALE)
    assert caller_rules(entry(eligibility_notes="Men and women over 50")) == ()
    assert caller_rules(entry(eligibility_notes="Not for men")) == ()
    # An exclusion naming a sex says it already: one reason, not two.
    both = entry(name="UTI (women 16-64)", exclusions=("Men",))
    assert [rule.reason for rule in caller_rules(both)] == ["excluded: Men"]


def test_a_rule_needs_every_part_known_to_apply() -> None:
    young_and_pregnant = CallerRule("excluded: Pregnant under 16", pregnant=True, under=16)
    assert young_and_pregnant.applies_to(Caller(age=15, pregnant=True))
    assert not young_and_pregnant.applies_to(Caller(age=30, pregnant=True))
    assert not young_and_pregnant.applies_to(Caller(age=None, pregnant=True))
    assert not young_and_pregnant.applies_to(Caller(age=15))
    men = CallerRule("excluded: Men", sex=Sex.MALE)
    assert men.applies_to(Caller(sex=Sex.MALE))
    assert not men.applies_to(Caller(sex=Sex.FEMALE))
    assert not men.applies_to(Caller())


def test_a_male_caller_is_excluded_from_the_womens_uti_service() -> None:
    uti = found("water infection", UTI, sex=Sex.MALE)
    assert not uti.eligibility.fits and uti.eligibility.blocking
    assert uti.eligibility.fit_reasons == ("excluded: Men",)
    assert found("water infection", UTI, sex=Sex.FEMALE, age=30).eligibility.eligible


def test_pregnancy_excludes_where_the_service_says_so() -> None:
    assert found("water infection", UTI, pregnant=True).eligibility.fit_reasons == (
        "excluded: Pregnant or breastfeeding",
    )
    assert found("shingles", "Pharmacy First: shingles", pregnant=True).eligibility.blocking
    impetigo = "Pharmacy First: impetigo"
    assert not found("impetigo", impetigo, pregnant=True, age=30).eligibility.blocking
    assert found("impetigo", impetigo, pregnant=True, age=15).eligibility.fit_reasons == (
        "excluded: Pregnant under 16",
    )


def test_an_unknown_sex_or_pregnancy_excludes_nothing() -> None:
    engine = demo_engine()
    for text in ("water infection", "shingles", "impetigo", "lose weight", "pregnant"):
        unknown = engine.search(text, now=TUESDAY_MORNING)
        assert all(m.eligibility.fits for m in unknown.services if m.entry.status == "active"), text


def test_an_excluded_caller_ranks_the_service_lower() -> None:
    def rank(**caller: object) -> int:
        found = (
            demo_engine()
            .search("water infection and earache", now=TUESDAY_MORNING, **caller)
            .services
        )  # type: ignore[arg-type]
        return [m.entry.id for m in found].index(service_id(UTI))

    assert rank(sex=Sex.MALE) > rank()
    assert rank(sex=Sex.FEMALE) == rank()


def test_a_service_named_for_women_only_excludes_a_male_caller() -> None:
    entries = [
        replace(e, exclusions=()) if e.name.startswith(UTI) else e for e in demo_service_entries()
    ]
    engine = SearchEngine.build(entries, demo_red_flag_entries())
    uti = found("water infection", UTI, engine=engine, sex=Sex.MALE)
    assert uti.eligibility.fit_reasons == ("women only",)


def test_the_json_gives_relevance_fits_and_open_apart() -> None:
    result = demo_engine().search("water infection", sex=Sex.MALE, now=TUESDAY_NIGHT)
    service = next(s for s in result.to_json()["services"] if s["name"].startswith(UTI))  # type: ignore[attr-defined,union-attr]
    assert service["relevance"]["score"] == service["score"] > 0
    assert service["relevance"]["matched"]  # the words as the engine read them
    assert service["fits"] == {"ok": False, "reasons": ["excluded: Men"]}
    assert service["open"] == {"now": False, "text": "Closed: opens tomorrow 08:30"}
    assert service["eligible"] is False
    assert service["reason"] == "excluded: Men; closed: opens tomorrow 08:30"


def test_matched_words_are_the_query_words_that_found_the_service() -> None:
    text = "sore throat and a cough"
    throat = found(text, "Pharmacy First: sore throat").matched_words
    assert "throat" in throat and "cough" not in throat
    minor_illness = found(text, "Community pharmacy: minor illness").matched_words
    assert "cough" in minor_illness and "throat" not in minor_illness
    typo = found("shingels", "Pharmacy First: shingles")
    assert typo.matched_words == ("shingels",)


def test_open_is_unknown_when_no_hours_are_recorded() -> None:
    entries = [
        replace(e, opening_sessions=()) if e.name.startswith(UTI) else e
        for e in demo_service_entries()
    ]
    engine = SearchEngine.build(entries, demo_red_flag_entries())
    uti = found("water infection", UTI, engine=engine)
    assert uti.eligibility.open_now is None
    assert uti.to_json()["open"] == {"now": None, "text": "Opening hours not recorded"}
    assert uti.eligibility.fits


def test_a_service_closed_right_now_still_fits() -> None:
    uti = found("water infection", UTI, now=TUESDAY_NIGHT).to_json()
    assert uti["fits"] == {"ok": True, "reasons": []}
    assert uti["open"] == {"now": False, "text": "Closed: opens tomorrow 08:30"}
    assert uti["eligible"] is False  # the old key keeps its meaning: usable right now


# ---------------------------------------------------------------- the command line
@pytest.fixture
def loaded_url(database_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["--database", database_url, "demo", "load"]) == 0
    capsys.readouterr()
    return database_url


def search_json(url: str, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    assert main(["--database", url, "search", *args, "--json"]) == 0
    document: dict[str, object] = json.loads(capsys.readouterr().out)
    return document


def uti_of(document: dict[str, object]) -> dict[str, object]:
    services: list[dict[str, object]] = document["services"]  # type: ignore[assignment]
    return next(s for s in services if str(s["name"]).startswith(UTI))


def test_cli_sex_and_pregnant_give_the_desks_answers(
    loaded_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    plain = uti_of(search_json(loaded_url, capsys, "water infection"))
    assert plain["fits"] == {"ok": True, "reasons": []}
    male = uti_of(search_json(loaded_url, capsys, "water infection", "--sex", "male"))
    assert male["fits"] == {"ok": False, "reasons": ["excluded: Men"]}
    pregnant = uti_of(
        search_json(loaded_url, capsys, "water infection", "--sex", "female", "--pregnant")
    )
    assert pregnant["fits"] == {"ok": False, "reasons": ["excluded: Pregnant or breastfeeding"]}
    aged = uti_of(search_json(loaded_url, capsys, "water infection", "--age", "70"))
    assert aged["fits"] == {"ok": False, "reasons": ["ages 16 to 64 only"]}


def test_cli_json_shape(loaded_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    service = uti_of(search_json(loaded_url, capsys, "water infection", "--sex", "female"))
    assert set(service) == {
        *("id", "name", "score", "eligible", "reason"),
        *("relevance", "fits", "open", "ask_the_caller"),
    }
    relevance, fits, opening = service["relevance"], service["fits"], service["open"]
    asked = service["ask_the_caller"]
    assert isinstance(asked, list) and all(isinstance(question, str) for question in asked)
    assert isinstance(relevance, dict) and set(relevance) == {"score", "matched"}
    assert isinstance(relevance["matched"], list) and relevance["matched"]
    assert isinstance(fits, dict) and set(fits) == {"ok", "reasons"}
    assert isinstance(opening, dict) and set(opening) == {"now", "text"}
    assert opening["now"] in (True, False, None) and isinstance(opening["text"], str)


def test_cli_text_says_not_suitable_only_when_the_caller_cannot_use_it(
    loaded_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--database", loaded_url, "search", "water infection", "--sex", "male"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if UTI in x)
    assert "not suitable: excluded: Men;" in line


def test_cli_refuses_an_unknown_sex(loaded_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--database", loaded_url, "search", "water infection", "--sex", "x"])
    assert stopped.value.code == 2
    assert "invalid choice" in capsys.readouterr().err
