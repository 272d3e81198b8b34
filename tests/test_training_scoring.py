"""Scoring rehearsal calls and dealing scenarios: pure rules, no database."""

from __future__ import annotations

import pytest

from signposting.domain import Outcome, ScenarioCategory, Urgency
from signposting.errors import ValidationError
from signposting.training.rehearsal import deal
from signposting.training.scenarios import Expectation, Scenario
from signposting.training.scoring import (
    DECISION_POINTS,
    SPEED_POINTS,
    URGENCY_POINTS,
    Decision,
    score_call,
    speed_points,
)

PHYSIO = Expectation(services=("msk-physio-self-referral", "first-contact-physio"))
CLOSED = Expectation(outcomes=(Outcome.BOOKED_CLINICIAN, Outcome.NO_SUITABLE_SERVICE))
CAUDA = Expectation(red_flags=("cauda-equina",), urgency=Urgency.URGENT_SAME_DAY)


def test_the_right_service_quickly_scores_full_marks() -> None:
    score = score_call(PHYSIO, Decision(Outcome.ACCEPTED, "first-contact-physio", seconds=42))
    assert (score.decision_right, score.urgency_right, score.missed_red_flag) == (True, True, False)
    assert score.points == DECISION_POINTS + URGENCY_POINTS + SPEED_POINTS == 100


def test_a_declined_signpost_to_the_right_service_still_counts_as_right() -> None:
    assert score_call(PHYSIO, Decision(Outcome.DECLINED, "msk-physio-self-referral")).decision_right


def test_the_wrong_service_loses_the_decision_points() -> None:
    score = score_call(PHYSIO, Decision(Outcome.ACCEPTED, "talking-therapies", seconds=30))
    assert not score.decision_right
    assert score.points == URGENCY_POINTS + SPEED_POINTS
    assert "talking-therapies" in score.verdict


def test_an_expected_outcome_other_than_a_signpost_is_right() -> None:
    assert score_call(CLOSED, Decision(Outcome.BOOKED_CLINICIAN, seconds=20)).points == 100
    assert not score_call(CLOSED, Decision(Outcome.ACCEPTED, "podiatry")).decision_right


def test_a_missed_red_flag_scores_nothing_whatever_else_was_done() -> None:
    score = score_call(CAUDA, Decision(Outcome.ACCEPTED, "msk-physio-self-referral", seconds=5))
    assert score.missed_red_flag
    assert score.points == 0
    assert score.verdict.startswith("MISSED RED FLAG")


def test_no_decision_on_a_red_flag_call_is_a_missed_red_flag() -> None:
    assert score_call(CAUDA, Decision.none(seconds=400)).missed_red_flag


def test_the_right_escalation_at_the_right_urgency_scores_full_marks() -> None:
    decision = Decision(
        Outcome.RED_FLAG_ESCALATED,
        red_flag_key="cauda-equina",
        urgency=Urgency.URGENT_SAME_DAY,
        seconds=50,
    )
    score = score_call(CAUDA, decision)
    assert (score.decision_right, score.urgency_right, score.points) == (True, True, 100)


def test_over_escalation_is_safe_but_loses_half_the_urgency_points() -> None:
    decision = Decision(
        Outcome.RED_FLAG_ESCALATED,
        red_flag_key="severe-breathing-difficulty",
        urgency=Urgency.EMERGENCY_999,
        seconds=10,
    )
    score = score_call(CAUDA, decision)
    assert score.decision_right and not score.urgency_right and not score.missed_red_flag
    assert score.points == DECISION_POINTS + URGENCY_POINTS // 2 + SPEED_POINTS
    assert "expected protocol cauda-equina" in score.verdict


def test_under_escalation_loses_every_urgency_point() -> None:
    expected = Expectation(red_flags=("stroke-fast",), urgency=Urgency.EMERGENCY_999)
    decision = Decision(
        Outcome.RED_FLAG_ESCALATED, red_flag_key="stroke-fast", urgency=Urgency.URGENT_111
    )
    score = score_call(expected, decision)
    assert not score.urgency_right
    assert score.points == DECISION_POINTS
    assert "too low" in score.verdict


def test_escalating_a_signpost_call_is_not_the_right_service() -> None:
    decision = Decision(
        Outcome.RED_FLAG_ESCALATED, red_flag_key="cauda-equina", urgency=Urgency.URGENT_SAME_DAY
    )
    score = score_call(PHYSIO, decision)
    assert not score.decision_right and not score.missed_red_flag


@pytest.mark.parametrize(
    ("seconds", "points"), [(None, 0), (0, 10), (60, 10), (120, 5), (180, 0), (900, 0)]
)
def test_speed_points_fall_from_one_minute_to_three(seconds: float | None, points: int) -> None:
    assert speed_points(seconds) == points


def _scenario(key: str, red_flag: bool = False) -> Scenario:
    expected = CAUDA if red_flag else PHYSIO
    category = ScenarioCategory.RED_FLAG if red_flag else ScenarioCategory.COMMON
    return Scenario(key, key, category, "Caller", "Hello", expected)


def test_dealing_in_order_gives_trainees_turns_and_different_scenarios() -> None:
    scenarios = [_scenario(f"s{n}") for n in range(6)]
    dealt = deal(scenarios, [1, 2], 3)
    assert [trainee for trainee, _ in dealt] == [1, 2, 1, 2, 1, 2]
    keys = [scenario.key for _, scenario in dealt]
    assert len(set(keys)) == 6
    assert keys[0] == "s0"


def test_dealing_wraps_round_when_there_are_few_scenarios() -> None:
    dealt = deal([_scenario("a"), _scenario("b")], [7], 5)
    assert [s.key for _, s in dealt] == ["a", "b", "a", "b", "a"]


def test_shuffled_deals_are_repeatable_and_give_everyone_a_red_flag() -> None:
    scenarios = [_scenario(f"s{n}") for n in range(20)] + [_scenario("rf", red_flag=True)]
    first = deal(scenarios, [1, 2, 3], 3, shuffled=True, seed=11)
    again = deal(scenarios, [1, 2, 3], 3, shuffled=True, seed=11)
    assert [s.key for _, s in first] == [s.key for _, s in again]
    for trainee in (1, 2, 3):
        assert any(s.expected.is_red_flag for t, s in first if t == trainee)


def test_dealing_nothing_is_refused() -> None:
    with pytest.raises(ValidationError):
        deal([], [1], 3)
    with pytest.raises(ValidationError):
        deal([_scenario("a")], [], 3)
    with pytest.raises(ValidationError):
        deal([_scenario("a")], [1], 0)
