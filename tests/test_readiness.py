"""The go-live checklist is worked out from the data (services verified, codes mapped,
protocols signed off, receptionists rehearsed), ticked by hand for the rest, with a countdown."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from signposting.cli.main import main
from signposting.db.models import RedFlagProtocol, Service, StaffMember
from signposting.directory import red_flags
from signposting.domain import Outcome, Role, ServiceStatus
from signposting.errors import PermissionDeniedError, ValidationError
from signposting.training.materials import phone_message, poster_html
from signposting.training.readiness import readiness, set_go_live, tick
from signposting.training.rehearsal import RehearsalRunner, deal, start_rehearsal
from signposting.training.scoring import Decision
from tests.support.training import TrainingSetup

TODAY = date(2026, 11, 23)


def _state(setup: TrainingSetup, today: date = TODAY) -> dict[str, object]:
    practice_id = setup.member("Lee Jones").practice_id
    assert practice_id is not None
    with setup.live.unit_of_work() as session:
        return {"state": readiness(session, practice_id, today)}


def _items(setup: TrainingSetup) -> dict[str, tuple[bool, list[str]]]:
    state = _state(setup)["state"]
    return {item.key: (item.done, item.details) for item in state.items}  # type: ignore[attr-defined]


def _verify_and_code_everything(setup: TrainingSetup) -> None:
    with setup.live.unit_of_work() as session:
        for service in session.scalars(sa.select(Service)):
            service.last_verified = TODAY
            service.snomed_code = service.snomed_code or "1234567890"
        clinician = session.scalars(
            sa.select(StaffMember).where(StaffMember.role == Role.CLINICIAN)
        ).one()
        for protocol in session.scalars(sa.select(RedFlagProtocol)):
            red_flags.sign_off_as_is(session, clinician, protocol.id, date(2027, 11, 1))


def _rehearse(setup: TrainingSetup, name: str, *, miss: bool) -> None:
    trainer = setup.member("Lee Jones")
    trainee = setup.member(name)
    keys = ["uti-woman-30s", "stroke-mum"]
    dealt = deal([setup.scenario(k) for k in keys], [trainee.id], 2)
    assert trainer.practice_id is not None
    with setup.live.unit_of_work() as session:
        rehearsal_id = start_rehearsal(session, trainer, trainer.practice_id, dealt)
    runner = RehearsalRunner(setup.live, setup.training, rehearsal_id)
    runner.begin_call()
    runner.score(Decision(Outcome.ACCEPTED, "pharmacy-first-uti", seconds=40))
    runner.begin_call()
    if miss:
        runner.score(Decision(Outcome.BOOKED_CLINICIAN, seconds=40))
    else:
        urgency = setup.scenario("stroke-mum").expected.urgency
        escalated = Decision(Outcome.RED_FLAG_ESCALATED, None, "stroke-fast", urgency, 20)
        runner.score(escalated)


def test_a_fresh_demo_is_not_ready_and_says_why(training_setup: TrainingSetup) -> None:
    items = _items(training_setup)
    assert not any(done for done, _ in items.values())
    assert any("never verified" in line for line in items["services_verified"][1])
    assert any("not signed off by a clinician" in line for line in items["red_flags_signed_off"][1])
    assert items["receptionists_rehearsed"][1] == [
        "Alex Morgan: not rehearsed yet",
        "Jo Williams: not rehearsed yet",
        "Sam Patel: not rehearsed yet",
    ]
    assert _state(training_setup)["state"].countdown() == "No go-live date set"  # type: ignore[attr-defined]


def test_everything_in_place_makes_the_practice_ready(training_setup: TrainingSetup) -> None:
    setup = training_setup
    _verify_and_code_everything(setup)
    for name in ("Alex Morgan", "Sam Patel"):
        _rehearse(setup, name, miss=False)
    _rehearse(setup, "Jo Williams", miss=True)
    items = _items(setup)
    for key in ("services_verified", "codes_mapped", "red_flags_signed_off"):
        assert items[key] == (True, []), key
    done, details = items["receptionists_rehearsed"]
    assert not done
    assert details[0].startswith("Jo Williams: missed 1 red flag(s) in the last rehearsal")
    _rehearse(setup, "Jo Williams", miss=False)  # the latest rehearsal is what counts
    assert _items(setup)["receptionists_rehearsed"] == (True, [])

    manager = setup.member("Chris Taylor")
    practice_id = manager.practice_id
    assert practice_id is not None
    with setup.live.unit_of_work() as session:
        for item in ("services_consulted", "clinicians_attended", "patients_told"):
            tick(session, manager, practice_id, item, note="done at the team meeting")
        set_go_live(session, manager, practice_id, date(2027, 1, 11), "Dr Priya Shah")
    state = _state(setup)["state"]
    assert state.ready  # type: ignore[attr-defined]
    assert state.countdown() == "Go-live Monday 11 January 2027: 49 days to go"  # type: ignore[attr-defined]
    consulted = _items(setup)["services_consulted"]
    assert consulted[0] and consulted[1][0].startswith("ticked by Chris Taylor on")


def test_an_overdue_protocol_review_or_a_service_flag_undoes_readiness(
    training_setup: TrainingSetup,
) -> None:
    _verify_and_code_everything(training_setup)
    later = date(2027, 11, 2)  # after every review date
    state = _state(training_setup, later)["state"]
    by_key = {item.key: item for item in state.items}  # type: ignore[attr-defined]
    assert not by_key["red_flags_signed_off"].done
    assert "review overdue since 01/11/2027" in by_key["red_flags_signed_off"].details[0]


def test_only_people_tick_the_manual_items(training_setup: TrainingSetup) -> None:
    receptionist = training_setup.member("Alex Morgan")
    trainer = training_setup.member("Lee Jones")
    assert trainer.practice_id is not None
    with training_setup.live.unit_of_work() as session, pytest.raises(PermissionDeniedError):
        tick(session, receptionist, trainer.practice_id, "patients_told")
    with training_setup.live.unit_of_work() as session, pytest.raises(ValidationError):
        tick(session, trainer, trainer.practice_id, "services_verified")


def test_the_poster_and_phone_message_name_the_practice_and_date(
    training_setup: TrainingSetup,
) -> None:
    manager = training_setup.member("Chris Taylor")
    assert manager.practice_id is not None
    with training_setup.live.unit_of_work() as session:
        set_go_live(session, manager, manager.practice_id, date(2027, 1, 11), "Dr Priya Shah")
        poster = poster_html(session, manager.practice_id)
        script = phone_message(session, manager.practice_id)
        session.execute(
            sa.update(Service)
            .where(Service.category == "Eyes")
            .values(status=ServiceStatus.RETIRED)
        )
        without_eyes = poster_html(session, manager.practice_id)
    assert "Riverside Medical Practice (demo)" in poster and "Monday 11 January 2027" in poster
    assert "Pharmacy First" in poster and "call 999" in poster
    assert "optician" in poster and "optician" not in without_eyes
    assert "This is Dr Priya Shah" in script and "dial 999" in script
    assert "Monday 11 January 2027" in script


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_readiness_command_prints_what_is_missing(
    database_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    db = ("--database", database_url)
    assert _run(capsys, *db, "--demo", "demo", "load")[0] == 0
    code, out, _ = _run(capsys, *db, "readiness")
    assert code == 0
    assert "[ ] 5. Every receptionist rehearsed" in out
    assert "Alex Morgan: not rehearsed yet" in out
    assert "tick it: signposting readiness tick patients_told --as NAME" in out
    assert out.rstrip().endswith("NOT READY: 8 item(s) missing")

    monkeypatch.setenv("SIGNPOSTING_PASSWORD", "demo-only-password")
    assert _run(capsys, *db, "readiness", "tick", "patients_told", "--as", "Lee Jones")[0] == 0
    code, _, err = _run(capsys, *db, "readiness", "go-live", "31/02/2027", "--as", "Lee Jones")
    assert code == 1 and "error" in err
    code, out, _ = _run(
        capsys,
        *db,
        "readiness",
        "go-live",
        "11/01/2027",
        "--gp",
        "Dr Priya Shah",
        "--as",
        "Lee Jones",
    )
    assert code == 0 and "set to 11/01/2027" in out
    document = json.loads(_run(capsys, *db, "readiness", "--json")[1])
    assert document["go_live_date"] == "2027-01-11" and not document["ready"]
    done = {item["key"]: item["done"] for item in document["items"]}
    assert done["patients_told"] and done["go_live_date"] and not done["codes_mapped"]

    poster, message = tmp_path / "poster.html", tmp_path / "message.txt"
    assert _run(capsys, *db, "print", "patient-poster", "-o", str(poster))[0] == 0
    assert _run(capsys, *db, "print", "phone-message", "-o", str(message))[0] == 0
    assert "Why will reception ask" in poster.read_text(encoding="utf-8")
    assert "Dr Priya Shah" in message.read_text(encoding="utf-8")
    code, _, err = _run(capsys, *db, "print", "phone-message", "-o", str(tmp_path / "m.pdf"))
    assert code == 1 and ".txt" in err
