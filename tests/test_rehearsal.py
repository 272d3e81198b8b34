"""Scripted rehearsals: trainees record at a training desk, calls are scored from what they
recorded (including a missed red flag), results and debriefs follow, progress is kept."""

from __future__ import annotations

from datetime import timedelta

import pytest

from signposting.db.base import utc_now
from signposting.domain import Outcome
from signposting.errors import PermissionDeniedError, ValidationError
from signposting.reception.session import DeskSession
from signposting.training.materials import debrief_html
from signposting.training.rehearsal import RehearsalRunner, deal, start_rehearsal
from signposting.training.results import rehearsal_results, trainee_history
from signposting.training.scoring import Decision
from tests.support.training import TrainingSetup

KEYS = [
    "uti-woman-30s",
    "back-cream-hidden-cauda-equina",
    "wasp-sting-hidden-anaphylaxis",
    "podiatry-closed",
]


def _start(setup: TrainingSetup, trainees: list[str], keys: list[str], calls_each: int) -> int:
    trainer = setup.member("Lee Jones")
    ids = [setup.member(name).id for name in trainees]
    dealt = deal([setup.scenario(k) for k in keys], ids, calls_each)
    assert trainer.practice_id is not None
    with setup.live.unit_of_work() as session:
        return start_rehearsal(session, trainer, trainer.practice_id, dealt)


def _desk(setup: TrainingSetup, name: str) -> DeskSession:
    desk = DeskSession(setup.training)
    desk.choose_staff(setup.member(name).id)
    return desk


def _signpost(desk: DeskSession, text: str, outcome: Outcome = Outcome.ACCEPTED) -> None:
    service = desk.search(text).services[0].entry
    desk.record(outcome, service_id=service.id)


def _escalate(desk: DeskSession, text: str) -> None:
    flag = desk.search(text).red_flags[0].entry
    desk.record(Outcome.RED_FLAG_ESCALATED, red_flag_id=flag.id)


def _play_first_rehearsal(setup: TrainingSetup) -> int:
    rehearsal_id = _start(setup, ["Alex Morgan", "Sam Patel"], KEYS, 2)
    runner = RehearsalRunner(setup.live, setup.training, rehearsal_id)
    alex, sam = _desk(setup, "Alex Morgan"), _desk(setup, "Sam Patel")

    call = runner.begin_call()
    assert (call.trainee_name, call.scenario.key) == ("Alex Morgan", "uti-woman-30s")
    _signpost(alex, "I just want some cream for my back")  # wrong, then taken back
    alex.undo_last()
    _signpost(alex, "burning when I wee")
    assert runner.decision() is not None
    assert runner.score().points == 100

    call = runner.begin_call()
    assert (call.trainee_name, call.scenario.key) == ("Sam Patel", "back-cream-hidden-cauda-equina")
    assert runner.others_recording() == []
    _escalate(alex, "crushing chest pain")  # another trainee's record is not Sam's decision
    assert runner.decision() is None
    assert runner.others_recording() == ["Alex Morgan"]  # the trainer is told
    _signpost(sam, "I just want some cream for my back")
    missed = runner.score()
    assert missed.missed_red_flag and missed.points == 0
    assert "instead signposted to MSK physiotherapy self-referral" in missed.verdict

    runner.begin_call()
    _escalate(alex, "my lips are swelling up and my throat feels tight")
    assert runner.score().decision_right

    # a closed window or a crash resumes at the first unscored call
    resumed = RehearsalRunner(setup.live, setup.training, rehearsal_id)
    call = resumed.begin_call()
    assert (call.trainee_name, call.scenario.key) == ("Sam Patel", "podiatry-closed")
    sam.record(Outcome.BOOKED_CLINICIAN)
    assert resumed.score().points == 100
    assert resumed.current() is None
    return rehearsal_id


def test_a_scripted_rehearsal_is_scored_from_the_training_desk(
    training_setup: TrainingSetup,
) -> None:
    rehearsal_id = _play_first_rehearsal(training_setup)
    with training_setup.live.unit_of_work() as session:
        results = rehearsal_results(session, rehearsal_id)
    alex, sam = results.trainees
    assert (alex.name, alex.passed, alex.mean_points) == ("Alex Morgan", True, 100)
    assert (sam.name, sam.passed, sam.mean_points) == ("Sam Patel", False, 50)
    assert [c.scenario_key for c in sam.missed_red_flags] == ["back-cream-hidden-cauda-equina"]
    assert "anything else" in sam.practise_next()[0]
    assert results.unplayed == 0


def test_the_debrief_puts_missed_red_flags_first(training_setup: TrainingSetup) -> None:
    rehearsal_id = _play_first_rehearsal(training_setup)
    with training_setup.live.unit_of_work() as session:
        results = rehearsal_results(session, rehearsal_id)
    team = debrief_html(results)
    assert team.index("Missed red flags (1)") < team.index("The team")
    assert "Cream for my back" in team and "Sam Patel" in team
    sam_id = results.trainees[1].trainee_id
    one = debrief_html(results, sam_id)
    assert "Rehearsal debrief: Sam Patel" in one and "Alex Morgan" not in one
    assert one.index("MISSED RED FLAG") < one.index("Right: booked clinician")
    assert "What to practise next" in one


def test_no_decision_when_time_is_up_is_scored_as_such(training_setup: TrainingSetup) -> None:
    rehearsal_id = _start(training_setup, ["Jo Williams"], ["stroke-mum"], 1)
    runner = RehearsalRunner(training_setup.live, training_setup.training, rehearsal_id)
    started = utc_now()
    runner.begin_call(started)
    score = runner.score(now=started + timedelta(minutes=4))
    assert score.missed_red_flag
    [call] = runner.calls()
    assert call.points == 0 and "no decision recorded" in call.verdict


def test_progress_over_rehearsals_is_kept(training_setup: TrainingSetup) -> None:
    _play_first_rehearsal(training_setup)
    second = _start(training_setup, ["Sam Patel"], ["back-cream-hidden-cauda-equina"], 1)
    runner = RehearsalRunner(training_setup.live, training_setup.training, second)
    runner.begin_call()
    _escalate(
        _desk(training_setup, "Sam Patel"), "my back is bad and I've wet myself a couple of times"
    )
    assert runner.score().decision_right
    sam = training_setup.member("Sam Patel")
    with training_setup.live.unit_of_work() as session:
        history = trainee_history(session, sam.id)
        results = rehearsal_results(session, second)
    assert [(h.passed, h.missed_red_flags) for h in history] == [(False, 1), (True, 0)]
    html = debrief_html(results)
    assert "Progress over rehearsals" in html and "(this one)" in html


def test_rehearsals_are_run_by_trainers_for_staff_of_the_practice(
    training_setup: TrainingSetup,
) -> None:
    receptionist = training_setup.member("Alex Morgan")
    dealt = deal([training_setup.scenario("uti-woman-30s")], [receptionist.id], 1)
    assert receptionist.practice_id is not None
    with training_setup.live.unit_of_work() as session, pytest.raises(PermissionDeniedError):
        start_rehearsal(session, receptionist, receptionist.practice_id, dealt)
    trainer = training_setup.member("Lee Jones")
    with training_setup.live.unit_of_work() as session, pytest.raises(ValidationError):
        start_rehearsal(session, trainer, receptionist.practice_id, [(99999, dealt[0][1])])


def test_a_scored_call_keeps_its_copy_of_the_scenario(training_setup: TrainingSetup) -> None:
    """Editing or deleting a scenario later never changes a past rehearsal."""
    from signposting.training.store import delete_scenario  # noqa: PLC0415

    rehearsal_id = _start(training_setup, ["Jo Williams"], ["uti-woman-30s"], 1)
    runner = RehearsalRunner(training_setup.live, training_setup.training, rehearsal_id)
    runner.begin_call()
    runner.score(Decision(Outcome.ACCEPTED, "pharmacy-first-uti", seconds=30))
    with training_setup.live.unit_of_work() as session:
        delete_scenario(session, training_setup.member("Lee Jones"), "uti-woman-30s")
    [call] = runner.calls()
    assert call.scenario.title == "Water infection, woman in her thirties"
    assert call.points == 100
