"""``signposting training``: scenarios listed and shared as files, the training database reset,
rehearsal results and debriefs from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from signposting.cli.main import main
from signposting.config import sqlite_url
from signposting.db.engine import Database
from signposting.domain import Outcome
from signposting.training.database import is_training_database, open_training_database
from signposting.training.rehearsal import RehearsalRunner, deal, start_rehearsal
from signposting.training.scoring import Decision
from tests.support.training import TrainingSetup


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def demo_url(
    database_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> str:
    assert _run(capsys, "--database", database_url, "--demo", "demo", "load")[0] == 0
    monkeypatch.setenv("SIGNPOSTING_PASSWORD", "demo-only-password")
    return database_url


def test_scenarios_list_as_json(demo_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--database", demo_url, "training", "scenarios", "--json")
    scenarios = json.loads(out)
    assert code == 0 and len(scenarios) >= 30
    hidden = next(s for s in scenarios if s["key"] == "back-cream-hidden-cauda-equina")
    assert hidden["hidden_red_flag"] and hidden["expected"]["urgency"] == "emergency_department"
    assert hidden["missing_from_directory"] == []
    code, out, _ = _run(capsys, "--database", demo_url, "training", "scenarios")
    assert "[red_flag, hidden]  Cream for my back" in out


def test_scenario_files_import_all_or_nothing_with_located_errors(
    demo_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = ("--database", demo_url)
    shared = tmp_path / "shared.json"
    assert (
        _run(capsys, *db, "training", "scenarios", "export", str(shared), "--key", "stroke-mum")[0]
        == 0
    )
    document = json.loads(shared.read_text(encoding="utf-8"))
    stroke = document["scenarios"][0]
    document["scenarios"] = [
        stroke | {"key": "stroke-elsewhere", "title": "Stroke, another practice's version"},
        stroke | {"key": "broken", "expected": {"urgency": "soon"}},
    ]
    shared.write_text(json.dumps(document), encoding="utf-8")
    code, _, err = _run(
        capsys, *db, "training", "scenarios", "import", str(shared), "--as", "Lee Jones"
    )
    assert code == 1
    assert "shared.json: row 2, column 'expected.urgency': 'soon' is not one of" in err
    assert "nothing imported" in err

    document["scenarios"] = [
        stroke | {"key": "stroke-elsewhere", "title": "Stroke, another practice's version"},
        stroke
        | {
            "key": "their-physio",
            "category": "common",
            "expected": {"services": ["their-own-physio"]},
        },
    ]
    shared.write_text(json.dumps(document), encoding="utf-8")
    code, out, _ = _run(capsys, *db, "training", "scenarios", "import", str(shared), "--dry-run")
    assert code == 0 and out.startswith("would import: 2 new")
    assert "their-physio: service 'their-own-physio' is not in the directory" in out
    listing = json.loads(_run(capsys, *db, "training", "scenarios", "--json")[1])
    assert "stroke-elsewhere" not in {s["key"] for s in listing}
    code, out, _ = _run(
        capsys, *db, "training", "scenarios", "import", str(shared), "--as", "Lee Jones"
    )
    assert code == 0 and out.startswith("imported: 2 new")
    listing = json.loads(_run(capsys, *db, "training", "scenarios", "--json")[1])
    missing = {s["key"]: s["missing_from_directory"] for s in listing}
    assert missing["their-physio"] == ["service 'their-own-physio' is not in the directory"]
    code, _, err = _run(
        capsys, *db, "training", "scenarios", "import", str(shared), "--as", "Dr Priya Shah"
    )
    assert code == 1 and "may not run training" in err


def test_reset_and_results_and_debrief(
    training_setup: TrainingSetup,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    setup = training_setup
    live_url = setup.live.url.render_as_string(hide_password=False)
    trainer, sam = setup.member("Lee Jones"), setup.member("Sam Patel")
    dealt = deal([setup.scenario("back-cream-hidden-cauda-equina")], [sam.id], 1)
    assert trainer.practice_id is not None
    with setup.live.unit_of_work() as session:
        rehearsal_id = start_rehearsal(session, trainer, trainer.practice_id, dealt)
    runner = RehearsalRunner(setup.live, setup.training, rehearsal_id)
    runner.begin_call()
    runner.score(Decision(Outcome.ACCEPTED, "msk-physio-self-referral", seconds=50))

    db = ("--database", live_url)
    code, out, _ = _run(capsys, *db, "training", "results")
    assert code == 0 and "Sam Patel: 1 call(s), mean 0, 1 missed red flag(s), not yet" in out
    rows = json.loads(_run(capsys, *db, "training", "results", "--json")[1])
    assert rows == [
        {
            "rehearsal": rehearsal_id,
            "started_at": rows[0]["started_at"],
            "trainee": "Sam Patel",
            "calls": 1,
            "mean_score": 0.0,
            "missed_red_flags": 1,
            "passed": False,
        }
    ]
    html, pdf = tmp_path / "debrief.html", tmp_path / "debrief.pdf"
    assert _run(capsys, *db, "training", "debrief", str(rehearsal_id), "-o", str(html))[0] == 0
    assert "Missed red flags (1)" in html.read_text(encoding="utf-8")
    code, _, _ = _run(
        capsys,
        *db,
        "training",
        "debrief",
        str(rehearsal_id),
        "--trainee",
        "Sam Patel",
        "-o",
        str(pdf),
    )
    assert code == 0 and pdf.read_bytes().startswith(b"%PDF")
    code, _, err = _run(
        capsys,
        *db,
        "training",
        "debrief",
        str(rehearsal_id),
        "--trainee",
        "Jo Williams",
        "-o",
        str(html),
    )
    assert code == 1 and "no scored call" in err

    training_url = setup.training.url.render_as_string(hide_password=False)
    monkeypatch.setenv("SIGNPOSTING_TRAINING_DATABASE_URL", training_url)
    monkeypatch.setenv("SIGNPOSTING_PASSWORD", "wrong")
    assert _run(capsys, *db, "training", "reset", "--as", "Lee Jones")[0] == 1


def test_reset_from_the_command_line_on_the_demo(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SIGNPOSTING_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("SIGNPOSTING_PASSWORD", "demo-only-password")
    assert _run(capsys, "--demo", "demo", "load")[0] == 0
    code, out, _ = _run(capsys, "--demo", "training", "reset", "--as", "Lee Jones")
    assert code == 0 and "demo-training.db" in out and "0 training record(s) cleared" in out
    training = Database(sqlite_url(tmp_path / "demo-training.db"))
    try:
        assert is_training_database(training)
    finally:
        training.dispose()
    code, _, err = _run(capsys, "--demo", "training", "reset", "--as", "Dr Priya Shah")
    assert code == 1 and "may not run training" in err


def test_opening_the_training_database_twice_keeps_its_records(
    training_setup: TrainingSetup,
) -> None:
    """Only a reset clears training records; opening the desk again does not."""
    from signposting.reception.session import DeskSession  # noqa: PLC0415

    training = training_setup.training
    desk = DeskSession(training)
    desk.choose_staff(training_setup.member("Jo Williams").id)
    desk.record(Outcome.BOOKED_CLINICIAN)
    again = open_training_database(training_setup.live, training.url.render_as_string(False))
    try:
        desk_again = DeskSession(again)
        desk_again.choose_staff(training_setup.member("Jo Williams").id)
        assert desk_again.tally().signposts == 1
    finally:
        again.dispose()


def test_example_scenarios_are_added_by_a_trainer_only(
    database_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = ("--database", database_url)
    assert _run(capsys, *db, "--demo", "demo", "load")[0] == 0
    monkeypatch.setenv("SIGNPOSTING_PASSWORD", "demo-only-password")
    code, _, err = _run(capsys, *db, "training", "scenarios", "examples", "--as", "Dr Priya Shah")
    assert code == 1 and "may not run training" in err
    code, out, _ = _run(capsys, *db, "training", "scenarios", "examples", "--as", "Lee Jones")
    assert code == 0 and out.startswith("added 0 example scenario(s)")  # the demo brought them


def test_caller_scripts_print_a_page_a_call(
    training_setup: TrainingSetup, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    setup = training_setup
    trainer, jo = setup.member("Lee Jones"), setup.member("Jo Williams")
    keys = ["back-cream-hidden-cauda-equina", "uti-woman-30s"]
    dealt = deal([setup.scenario(k) for k in keys], [jo.id], 2)
    assert trainer.practice_id is not None
    with setup.live.unit_of_work() as session:
        rehearsal_id = start_rehearsal(session, trainer, trainer.practice_id, dealt)
    db = ("--database", setup.live.url.render_as_string(hide_password=False))
    html = tmp_path / "scripts.html"
    code, out, _ = _run(capsys, *db, "training", "scripts", str(rehearsal_id), "-o", str(html))
    assert code == 0 and "wrote 2 caller script(s)" in out
    text = html.read_text(encoding="utf-8")
    assert "Call 1 of 2: Cream for my back" in text and "Call 2 of 2: Water infection" in text
    assert "Hidden red flag" in text
    assert "Back pain with possible cauda equina syndrome" in text  # names, not keys
    assert text.count('class="call') == 2
    pdf = tmp_path / "scripts.pdf"
    assert _run(capsys, *db, "training", "scripts", str(rehearsal_id), "-o", str(pdf))[0] == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    code, _, err = _run(capsys, *db, "training", "scripts", "999", "-o", str(html))
    assert code == 1 and "no rehearsal with id 999" in err
