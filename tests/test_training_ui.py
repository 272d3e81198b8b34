"""The trainer's window and the trainee's training desk, driven with real widgets: a rehearsal
scored from what the trainee records (including a missed red flag), scenario editing and
import, the readiness checklist, and TRAINING on every training screen."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from signposting.db.models import ReadinessTick, SignpostRecord, StaffMember, TrainingScenario
from signposting.domain import ScenarioCategory
from signposting.reception.session import DeskSession
from signposting.ui.desk.window import DeskWindow
from signposting.ui.training.trainer_window import TrainerWindow
from tests.support.training import TrainingSetup

TODAY = date(2026, 11, 23)


@pytest.fixture
def window(training_setup: TrainingSetup, qtbot: QtBot) -> Iterator[TrainerWindow]:
    trainer = training_setup.member("Lee Jones")
    assert trainer.practice_id is not None
    shown = TrainerWindow(
        training_setup.live,
        training_setup.training,
        trainer.id,
        trainer.practice_id,
        today=lambda: TODAY,
    )
    qtbot.addWidget(shown)
    shown.show()
    yield shown
    if shown.desk is not None:
        shown.desk.toast.timer.stop()
        shown.desk.close()
    shown.rehearsal.poll.stop()


def _tick_trainees(window: TrainerWindow, *names: str) -> None:
    trainees = window.rehearsal.trainees
    for row in range(trainees.count()):
        item = trainees.item(row)
        if item.text().split(" (")[0] in names:
            item.setCheckState(Qt.CheckState.Checked)


def _type(qtbot: QtBot, desk: DeskWindow, text: str) -> None:
    desk.search_box.clear()
    qtbot.keyClicks(desk.search_box, text)


def test_every_training_screen_says_training(
    window: TrainerWindow, training_setup: TrainingSetup, qtbot: QtBot
) -> None:
    desk = window.open_desk()
    qtbot.addWidget(desk)
    assert window.windowTitle().startswith("TRAINING")
    assert desk.windowTitle().startswith("TRAINING")
    assert desk.training_banner is not None and desk.training_banner.isVisible()
    assert "TRAINING MODE" in desk.training_banner.text()
    assert "#efe6f7" in desk.styleSheet()
    assert desk.statusBar().currentMessage().startswith("TRAINING database")
    assert [a.text() for a in desk.menuBar().actions()] == []  # no exports or edits here

    live_desk = DeskWindow(DeskSession(training_setup.live))
    qtbot.addWidget(live_desk)
    assert live_desk.training_banner is None
    assert not live_desk.windowTitle().startswith("TRAINING")
    assert "&Reports" in [a.text() for a in live_desk.menuBar().actions()]
    live_desk.close()


def test_a_rehearsal_is_played_and_scored_from_the_training_desk(
    window: TrainerWindow, training_setup: TrainingSetup, qtbot: QtBot
) -> None:
    desk = window.open_desk()
    qtbot.addWidget(desk)
    tab = window.rehearsal
    _tick_trainees(window, "Alex Morgan", "Sam Patel")
    tab.calls_each.setValue(1)
    tab.category.setCurrentIndex(tab.category.findData(ScenarioCategory.RED_FLAG))
    rehearsal_id = tab.start()
    assert rehearsal_id is not None
    assert "Call 1 of 2" in tab.progress.text() and "Alex Morgan" in tab.progress.text()
    script = tab.script.toPlainText()
    assert "Bleeding at ten weeks pregnant" in script and "Right result" in script

    tab.begin_button.click()
    assert desk.session.staff is not None and desk.session.staff.name == "Alex Morgan"
    _type(qtbot, desk, "I'm ten weeks pregnant and I'm bleeding")
    assert desk.banner.isVisible()
    desk.banner.record_button.click()
    tab.show_decision()
    assert "escalated red flag Pain or bleeding in pregnancy" in tab.decision_label.text()
    tab.score_button.click()
    assert "100 points" in tab.verdict.text()
    tab.next_button.click()

    assert "Call 2 of 2" in tab.progress.text() and "Sam Patel" in tab.progress.text()
    tab.begin_button.click()
    assert desk.session.staff is not None and desk.session.staff.name == "Sam Patel"
    desk.session.choose_staff(training_setup.member("Jo Williams").id)  # the wrong name
    desk.recording.booked_clinician()
    tab.show_decision()
    assert "by Jo Williams: is the trainee's own name chosen" in tab.decision_label.text()
    desk.session.choose_staff(training_setup.member("Sam Patel").id)
    _type(qtbot, desk, "indigestion")
    qtbot.keyClick(desk.search_box, Qt.Key.Key_Return)  # signposted: the heart attack missed
    tab.score_button.click()
    assert "MISSED RED FLAG" in tab.verdict.text() and "0 points" in tab.verdict.text()
    tab.next_button.click()

    assert window.tabs.currentWidget() is window.results
    debrief = window.results.debrief.toPlainText()
    assert debrief.index("Missed red flags (1)") < debrief.index("The team")
    assert "Chest pain he calls indigestion" in debrief
    with training_setup.live.unit_of_work() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(SignpostRecord)) == 0
    with training_setup.training.unit_of_work() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(SignpostRecord)) == 3


def _deal_one_red_flag_call(window: TrainerWindow, trainee: str) -> None:
    tab = window.rehearsal
    _tick_trainees(window, trainee)
    tab.calls_each.setValue(1)
    tab.category.setCurrentIndex(tab.category.findData(ScenarioCategory.RED_FLAG))
    assert tab.start() is not None
    assert "Bleeding at ten weeks pregnant" in tab.script.toPlainText()


def _staff_of_training_records(training_setup: TrainingSetup) -> list[int | None]:
    with training_setup.training.unit_of_work() as session:
        return list(session.scalars(sa.select(SignpostRecord.staff_id)))


def test_the_training_desk_shows_the_trainee_the_calls_were_dealt_to(
    window: TrainerWindow, training_setup: TrainingSetup, qtbot: QtBot
) -> None:
    _deal_one_red_flag_call(window, "Alex Morgan")
    desk = window.open_desk()  # opened after the calls were dealt
    qtbot.addWidget(desk)
    assert "At the desk: <b>Alex Morgan</b>" in desk.staff_label.text()
    tab = window.rehearsal
    tab.begin_button.click()
    _type(qtbot, desk, "I'm ten weeks pregnant and I'm bleeding")
    desk.banner.record_button.click()
    assert _staff_of_training_records(training_setup) == [training_setup.member("Alex Morgan").id]
    tab.score_button.click()
    assert "100 points" in tab.verdict.text()


def test_a_desk_opened_before_the_deal_shows_the_trainee_of_the_call_on_screen(
    window: TrainerWindow, qtbot: QtBot
) -> None:
    desk = window.open_desk()
    qtbot.addWidget(desk)
    assert "No one signed in" in desk.staff_label.text()  # no rehearsal yet
    _deal_one_red_flag_call(window, "Sam Patel")
    assert "At the desk: <b>Sam Patel</b>" in desk.staff_label.text()


def test_a_record_made_where_no_name_was_chosen_is_scored_for_the_dealt_trainee(
    window: TrainerWindow, training_setup: TrainingSetup, qtbot: QtBot
) -> None:
    """A training desk of its own (``signposting training desk``) where no one chose a name."""
    _deal_one_red_flag_call(window, "Sam Patel")
    desk = DeskWindow(DeskSession(training_setup.training))
    qtbot.addWidget(desk)
    desk.show()
    assert "No one signed in" in desk.staff_label.text()
    tab = window.rehearsal
    tab.begin_button.click()
    _type(qtbot, desk, "I'm ten weeks pregnant and I'm bleeding")
    desk.banner.record_button.click()
    assert _staff_of_training_records(training_setup) == [None]
    tab.show_decision()
    assert "escalated red flag Pain or bleeding in pregnancy" in tab.decision_label.text()
    assert "A record was made" not in tab.decision_label.text()
    tab.score_button.click()
    assert "100 points" in tab.verdict.text()
    desk.toast.timer.stop()
    desk.close()


def test_the_debrief_can_be_read_per_trainee_and_saved(
    window: TrainerWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    tab = window.rehearsal
    _tick_trainees(window, "Jo Williams")
    tab.calls_each.setValue(1)
    tab.start()
    tab.save_scripts(tmp_path / "scripts.html")
    assert "Caller scripts saved" in tab.notice.text()
    assert "Call 1 of 1" in (tmp_path / "scripts.html").read_text(encoding="utf-8")
    tab.begin_button.click()
    tab.score_button.click()  # nothing recorded at the desk
    assert "no decision recorded" in tab.verdict.text()
    tab.next_button.click()
    results = window.results
    results.trainee.setCurrentIndex(results.trainee.findText("Jo Williams"))
    assert "Rehearsal debrief: Jo Williams" in results.debrief.toPlainText()
    results.save(tmp_path / "jo.html")
    assert "What to practise next" in (tmp_path / "jo.html").read_text(encoding="utf-8")


def test_scenarios_are_edited_checked_and_saved(
    window: TrainerWindow, training_setup: TrainingSetup
) -> None:
    tab = window.scenarios
    window.tabs.setCurrentWidget(tab)
    assert tab.table.rowCount() >= 30
    tab.select("stroke-mum")
    assert tab.form.key.text() == "stroke-mum"
    assert tab.form.urgency.currentData() == "emergency_999"
    tab.form.title.setText("Mum's face has dropped (edited)")
    assert tab.save()
    assert training_setup.scenario("stroke-mum").title == "Mum's face has dropped (edited)"

    tab.form.opening_line.setPlainText("")
    assert not tab.save()
    assert "opening_line is required" in tab.message.text()

    tab.new()
    tab.form.key.setText("knee-their-physio")
    tab.form.title.setText("Knee pain, local physio")
    tab.form.persona_name.setText("Pat")
    tab.form.opening_line.setPlainText("My knee hurts")
    tab.form.answers.setPlainText("How long? | Two weeks")
    tab.form.services.setText("their-physio, msk-physio-self-referral")
    assert tab.save()
    assert "service 'their-physio' is not in the directory" in tab.message.text()
    saved = training_setup.scenario("knee-their-physio")
    assert saved.answers[0].answer == "Two weeks"
    assert saved.expected.services == ("their-physio", "msk-physio-self-referral")
    row = next(r for r in range(tab.table.rowCount()) if tab.table.item(r, 0).text() == saved.title)
    assert tab.table.item(row, 3).text().startswith("MISSING")


def test_scenario_files_are_previewed_imported_and_exported(
    window: TrainerWindow, training_setup: TrainingSetup, tmp_path: Path
) -> None:
    tab = window.scenarios
    exported = tmp_path / "all.json"
    assert tab.export_file(exported) == tab.table.rowCount()
    document = json.loads(exported.read_text(encoding="utf-8"))
    document["scenarios"] = [document["scenarios"][0] | {"key": "copy", "category": "nonsense"}]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    with training_setup.live.unit_of_work() as session:
        before = session.scalar(sa.select(sa.func.count()).select_from(TrainingScenario))
    assert tab.import_file(bad) is None
    assert "bad.json: row 1, column 'category'" in tab.message.text()
    document["scenarios"][0]["category"] = "common"
    document["scenarios"][0]["expected"] = {"services": ["elsewhere-only"]}
    bad.write_text(json.dumps(document), encoding="utf-8")
    preview = tab.preview_file(bad)
    assert preview is not None and preview.added == ["copy"]
    assert "Would import" in tab.message.text() and "elsewhere-only" in tab.message.text()
    with training_setup.live.unit_of_work() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(TrainingScenario)) == before
    assert tab.import_file(bad) is not None
    with training_setup.live.unit_of_work() as session:
        assert (
            session.scalar(sa.select(sa.func.count()).select_from(TrainingScenario)) == before + 1
        )


def test_readiness_is_shown_ticked_and_dated(
    window: TrainerWindow, training_setup: TrainingSetup, tmp_path: Path
) -> None:
    tab = window.readiness
    window.tabs.setCurrentWidget(tab)
    assert tab.countdown.text() == "No go-live date set · 8 item(s) missing"
    assert "Alex Morgan: not rehearsed yet" in tab.checklist.toPlainText()
    tab.ticks["patients_told"].click()
    with training_setup.live.unit_of_work() as session:
        ticked = session.scalars(sa.select(ReadinessTick)).one()
    assert (ticked.item, ticked.done, ticked.ticked_by) == ("patients_told", True, "Lee Jones")
    tab.go_live.setDate(tab.go_live.date().fromString("11/01/2027", "dd/MM/yyyy"))
    tab.senior_gp.setText("Dr Priya Shah")
    tab.save_plan()
    assert tab.countdown.text().startswith("Go-live Monday 11 January 2027: 49 days to go")
    assert "6 item(s) missing" in tab.countdown.text()
    tab.save_poster(tmp_path / "poster.html")
    tab.save_message(tmp_path / "message.txt")
    assert "Monday 11 January 2027" in (tmp_path / "poster.html").read_text(encoding="utf-8")
    assert "Dr Priya Shah" in (tmp_path / "message.txt").read_text(encoding="utf-8")


def test_the_trainer_resets_the_training_database(
    window: TrainerWindow, training_setup: TrainingSetup, qtbot: QtBot
) -> None:
    desk = window.open_desk()
    qtbot.addWidget(desk)
    desk.session.choose_staff(training_setup.member("Alex Morgan").id)
    _type(qtbot, desk, "water infection")
    qtbot.keyClick(desk.search_box, Qt.Key.Key_Return)
    before = window.copy_label.text()
    assert "a copy of the live directory taken" in before
    message = window.reset_training()
    assert "1 training record(s) cleared" in message
    with training_setup.training.unit_of_work() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(SignpostRecord)) == 0


def test_an_unfinished_rehearsal_is_resumed_in_a_new_window(
    window: TrainerWindow, training_setup: TrainingSetup, qtbot: QtBot
) -> None:
    tab = window.rehearsal
    _tick_trainees(window, "Alex Morgan")
    tab.calls_each.setValue(2)
    tab.start_button.click()
    assert "Call 1 of 2" in tab.progress.text()
    tab.begin_button.click()
    tab.score_button.click()
    window.rehearsal.poll.stop()
    window.close()

    trainer = training_setup.member("Lee Jones")
    assert trainer.practice_id is not None
    again = TrainerWindow(
        training_setup.live,
        training_setup.training,
        trainer.id,
        trainer.practice_id,
        today=lambda: TODAY,
    )
    qtbot.addWidget(again)
    again.show()
    assert again.rehearsal.unfinished.count() == 1
    assert "1 of 2 call(s) scored" in again.rehearsal.unfinished.currentText()
    again.rehearsal.resume_button.click()
    assert "Call 2 of 2" in again.rehearsal.progress.text()
    again.rehearsal.poll.stop()


def test_the_editor_adds_services_by_name(window: TrainerWindow) -> None:
    form = window.scenarios.form
    window.scenarios.new()
    picker = form.services
    picker.choice.setCurrentIndex(picker.choice.findText("MSK physiotherapy self-referral"))
    picker.add_chosen()
    picker.add_chosen()  # once only
    assert picker.text() == "msk-physio-self-referral"
    flags = form.red_flags
    flags.choice.setCurrentIndex(
        flags.choice.findText("Back pain with possible cauda equina syndrome")
    )
    flags.add_chosen()
    assert flags.text() == "cauda-equina"


def _close_all_and_return(seen: list[str]) -> int:
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            seen.append(widget.windowTitle())
            if isinstance(widget, DeskWindow):
                widget.toast.timer.stop()
            widget.close()
    return 0


def test_the_commands_open_the_training_desk_and_the_trainers_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot
) -> None:
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from signposting.cli.main import main  # noqa: PLC0415
    from signposting.ui.desk.staff_picker import StaffPicker  # noqa: PLC0415
    from signposting.ui.manage.sign_in import SignInDialog  # noqa: PLC0415

    monkeypatch.setenv("SIGNPOSTING_DATA_DIR", str(tmp_path))
    assert main(["--demo", "demo", "load"]) == 0
    seen: list[str] = []
    dialogs: list[str] = []

    def pick_nobody(self: StaffPicker) -> int:
        dialogs.append(self.windowTitle())
        return 0

    def sign_in_as_trainer(self: SignInDialog) -> int:
        dialogs.append(self.windowTitle())
        with self.database.unit_of_work() as session:
            self.staff_id = session.scalars(
                sa.select(StaffMember.id).where(StaffMember.name == "Lee Jones")
            ).one()
        return 1

    monkeypatch.setattr(StaffPicker, "exec", pick_nobody)
    monkeypatch.setattr(SignInDialog, "exec", sign_in_as_trainer)
    monkeypatch.setattr(QApplication, "exec", lambda _app: _close_all_and_return(seen))
    assert main(["--demo", "training", "desk"]) == 0
    assert main(["--demo", "training"]) == 0
    assert dialogs[0].startswith("TRAINING") and dialogs[1].startswith("TRAINING")
    assert any(title.startswith("TRAINING: Signposting desk") for title in seen)
    assert any(title.startswith("TRAINING: Signposting training: Lee Jones") for title in seen)
    assert (tmp_path / "demo-training.db").exists()


def test_scenarios_naming_missing_services_are_left_out_of_rehearsals(
    window: TrainerWindow, training_setup: TrainingSetup
) -> None:
    from signposting.training.store import save_scenario  # noqa: PLC0415

    elsewhere = training_setup.scenario("uti-woman-30s")
    elsewhere = type(elsewhere)(
        **{
            **elsewhere.__dict__,
            "key": "aaa-their-uti",
            "title": "AAA their own UTI service",
            "expected": type(elsewhere.expected)(services=("their-uti-clinic",)),
        }
    )
    with training_setup.live.unit_of_work() as session:
        save_scenario(session, training_setup.member("Lee Jones"), elsewhere)
    tab = window.rehearsal
    _tick_trainees(window, "Alex Morgan")
    tab.calls_each.setValue(50)
    tab.category.setCurrentIndex(tab.category.findData(ScenarioCategory.COMMON))
    tab.start()
    assert "1 scenario(s) left out" in tab.notice.text()
    assert tab.runner is not None
    dealt = {call.scenario.key for call in tab.runner.calls()}
    assert "aaa-their-uti" not in dealt and "uti-woman-30s" in dealt
    tab.poll.stop()
