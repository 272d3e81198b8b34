"""Only services relevant to what was said are shown, best first, at most six; nothing when
nothing is relevant."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.relevance_benchmark import Figures, Request
from signposting.search.engine import SearchEngine
from signposting.search.entries import ServiceEntry
from signposting.search.matcher import TokenMatcher
from signposting.search.ranking import MAX_SHOWN, RELATIVE_CUTOFF, Candidate, relevant, stem
from signposting.search.text import normalise
from tests.support.demo_engine import demo_engine, demo_red_flag_entries, demo_service_entries

TUESDAY_MORNING = datetime(2026, 11, 24, 11, 0, tzinfo=UTC)


def shown(text: str, engine: SearchEngine | None = None) -> list[str]:
    result = (engine or demo_engine()).search(text, now=TUESDAY_MORNING)
    return [match.entry.name for match in result.services]


def directory_words() -> list[str]:
    """Every word of every demo service's name, keywords, conditions and description."""
    words: set[str] = set()
    for entry in demo_service_entries():
        for text in (entry.name, entry.description, *entry.keywords, *entry.conditions):
            words.update(normalise(text).split())
    return sorted(words)


WORDS = directory_words()


# ---------------------------------------------------------------------- the examples


def test_sore_throat_shows_the_sore_throat_service_first_and_not_the_uti_one() -> None:
    names = shown("sore throat")
    assert names[0].startswith("Pharmacy First: sore throat")
    assert not any(name.startswith("Pharmacy First: urinary") for name in names)


def test_chest_infection_does_not_put_the_uti_service_first() -> None:
    names = shown("chest infection")
    assert not names or not names[0].startswith("Pharmacy First: urinary")


@pytest.mark.parametrize(
    "text",
    [
        "calling about my parrot",
        "my cat is sick",
        "lost my voice",
        "the weather is lovely today",
        "I need an appointment please",
        "can I speak to someone",
    ],
)
def test_words_that_say_nothing_about_a_service_show_nothing(text: str) -> None:
    assert shown(text) == []


def test_a_long_cough_is_not_the_midwife() -> None:
    names = shown("coughing for three weeks")
    assert not any(name.startswith("Midwife") for name in names)


# ---------------------------------------------------------------------- how words are matched


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("it burns when I wee", "Pharmacy First: urinary tract infection"),
        ("want to pack in the fags", "Stop smoking service"),
        ("morning after pill", "Emergency contraception"),
        ("shingels", "Pharmacy First: shingles"),
        ("bad bak", "MSK physiotherapy self-referral"),
    ],
)
def test_other_forms_slang_and_slips_find_the_service(text: str, expected: str) -> None:
    assert shown(text)[0].startswith(expected)


def test_numbers_in_names_are_not_the_callers_age() -> None:
    # "Flu and COVID-19 vaccinations" and "(women 16-64)" are in names, not typed ages.
    assert shown("she is 19") == []
    assert shown("he is 64") == []


def test_a_word_of_a_lay_phrase_keeps_its_own_meaning() -> None:
    # "sick" of "sick note" is not "vomit": being sick does not find fit notes.
    assert not any(name.startswith("Admin team: fit notes") for name in shown("being sick"))
    assert shown("sick note")[0].startswith("Admin team: fit notes")


def test_an_everyday_word_is_never_taken_for_a_misspelling() -> None:
    matcher = TokenMatcher(
        fuzzy_cutoff=0.8,
        min_prefix=2,
        prefix_strength=0.85,
        is_real_word=lambda word: word in {"calling", "falling"},
        stem=stem,
    )
    matcher.add("falling")
    assert matcher.expand("calling", partial=False) == []
    assert matcher.expand("fallign", partial=False)[0][0] == "falling"


def test_a_swap_of_two_letters_in_five_is_one_slip() -> None:
    matcher = TokenMatcher(fuzzy_cutoff=0.8, min_prefix=2, prefix_strength=0.85)
    matcher.add("water")
    assert [word for word, _ in matcher.expand("wtaer", partial=False)] == ["water"]


# ---------------------------------------------------------------------- the cut-off


def clinic(number: int) -> ServiceEntry:
    base = demo_service_entries()[0]
    return replace(
        base,
        id=1000 + number,
        name=f"Clinic {number}",
        keywords=("foot clinic",),
        conditions=(),
        description="",
        exclusions=(),
        min_age=None,
        max_age=None,
    )


def test_never_more_than_six_even_when_many_fit_equally() -> None:
    engine = SearchEngine.build(
        [clinic(number) for number in range(12)],
        demo_red_flag_entries(),
    )
    names = shown("foot clinic", engine)
    assert len(names) == MAX_SHOWN == 6


def test_relevant_keeps_evidence_near_the_best_and_at_most_six() -> None:
    candidates = [Candidate(number, 10.0 - number * 0.1, 1, 1) for number in range(10)]
    candidates.append(Candidate(50, 2.0, 1, 1))  # far below the best
    candidates.append(Candidate(51, 9.9, 0, 1))  # one weak word only
    kept = relevant(candidates, limit=20)
    assert [c.service_id for c in kept] == [0, 1, 2, 3, 4, 5]
    assert relevant([Candidate(1, 9.0, 0, 1)], limit=20) == []
    assert [c.service_id for c in relevant([Candidate(1, 9.0, 0, 2)], limit=20)] == [1]
    assert len(relevant(candidates, limit=2)) == 2


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=12),
    finished=st.booleans(),
)
def test_any_query_of_directory_words_shows_at_most_six_near_the_best(
    words: list[str], finished: bool
) -> None:
    text = " ".join(words) + (" " if finished else "")
    services = demo_engine().search(text, now=TUESDAY_MORNING).services
    assert len(services) <= MAX_SHOWN
    scores = [match.score for match in services]
    assert all(0 < score <= 1 for score in scores)
    if scores:
        assert min(scores) >= RELATIVE_CUTOFF * max(scores) - 1e-6


@settings(max_examples=40, deadline=None)
@given(words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=6))
def test_typing_a_query_key_by_key_never_shows_more_than_six(words: list[str]) -> None:
    text = " ".join(words)
    for end in range(1, len(text) + 1):
        assert len(demo_engine().search(text[:end], now=TUESDAY_MORNING).services) <= MAX_SHOWN


# ---------------------------------------------------------------------- the benchmark's sums


def test_the_benchmark_counts_nothing_shown_as_right_only_when_nothing_fits() -> None:
    figures = Figures()
    figures.add(Request("parrot", frozenset({"none"})), [])
    figures.add(Request("cat", frozenset({"none"})), ["a"])
    figures.add(Request("throat", frozenset({"a", "b"})), ["b", "c"])
    figures.add(Request("ear", frozenset({"a"})), [])
    assert (figures.right, figures.none_empty, figures.service_right) == (2, 1, 1)
    assert figures.shown == [0, 1, 2, 0]
    assert [request.text for request, _ in figures.misses] == ["cat", "ear"]


# ---------------------------------------------------------------------- the lay vocabulary


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I do everything for my dad since his stroke", "Carers support service"),
        ("mum's been found on the floor again", "Falls prevention service"),
        ("when do I start him on solids", "Health visiting team"),
        ("the rod in my arm is due out", "Sexual health clinic"),
        ("condom broke last night", "Emergency contraception"),
        ("my microgynon is nearly out, can the chemist do it", "Pharmacy contraception"),
        ("son using coke every weekend", "Drug and alcohol"),
        ("order dad's blister pack", "Repeat prescriptions"),
        ("have my bloods come back yet", "Test results"),
        ("did the xray come through", "Test results"),
        ("went over on my ankle, can't put weight on it", "Urgent treatment centre"),
        ("need signing off work", "Admin team: fit notes"),
        ("mozzie bite has gone red", "Pharmacy First: infected insect bites"),
        ("can't make out what people say", "NHS hearing service"),
        ("back went, can someone at the surgery see me rather than a doctor", "First-contact"),
        ("can I get my meds sent to a different chemist", "Repeat prescriptions"),
    ],
)
def test_everyday_ways_of_saying_it_find_the_service(text: str, expected: str) -> None:
    assert shown(text)[0].startswith(expected)


def test_a_symptom_the_caller_denies_is_no_evidence() -> None:
    assert shown("weeing hurts, no temperature")[0].startswith("Pharmacy First: urinary")
    assert shown("weeing hurts, no temperature") == shown("weeing hurts")


def test_a_burning_wee_is_not_a_burn() -> None:
    names = shown("burning when he wees")
    assert not any(name.startswith("Urgent treatment centre") for name in names)
