"""The desk window, driven as a receptionist would: type, read the banner, press Enter, undo."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import selectinload

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QWidget

from signposting.db.engine import Database
from signposting.db.models import ServiceFlag, SignpostRecord
from signposting.directory.demo import load_demo
from signposting.domain import Channel, Outcome
from signposting.reception.session import DeskSession
from signposting.ui.desk.window import DeskWindow

TUESDAY_MORNING = datetime(2026, 11, 24, 11, 0, tzinfo=UTC)


@pytest.fixture
def session(database: Database) -> DeskSession:
    with database.unit_of_work() as unit:
        load_demo(unit)
    desk = DeskSession(database)
    desk.choose_staff(next(c.id for c in desk.staff_choices() if c.name == "Alex Morgan"))
    return desk


@pytest.fixture
def window(session: DeskSession, qtbot: QtBot) -> Iterator[DeskWindow]:
    desk = DeskWindow(session, clock=lambda: TUESDAY_MORNING)
    qtbot.addWidget(desk)
    desk.show()
    qtbot.waitExposed(desk)
    yield desk
    desk.toast.timer.stop()


def records(database: Database) -> list[SignpostRecord]:
    with database.unit_of_work() as unit:
        query = (
            sa.select(SignpostRecord)
            .options(
                selectinload(SignpostRecord.service),
                selectinload(SignpostRecord.staff),
                selectinload(SignpostRecord.red_flag),
            )
            .order_by(SignpostRecord.id)
        )
        return list(unit.scalars(query))


def type_query(qtbot: QtBot, window: DeskWindow, text: str) -> None:
    window.search_box.clear()
    qtbot.keyClicks(window.search_box, text)


def test_opens_with_cursor_in_search_box(window: DeskWindow, qtbot: QtBot) -> None:
    qtbot.waitUntil(window.search_box.hasFocus)
    assert "Alex Morgan" in window.staff_label.text()
    assert "Time for Care" in window.tally_label.text()


def test_typing_shows_services_and_the_card(window: DeskWindow, qtbot: QtBot) -> None:
    type_query(qtbot, window, "water infection")
    first = window.results_model.match_at(0)
    assert first is not None
    assert first.entry.name.startswith("Pharmacy First: urinary")
    assert window.banner.isHidden()
    card = window.card.toPlainText()
    assert "Say to the patient" in card
    assert "01632 960101" in card
    assert "Open now until 18:30" in card


def test_red_flag_banner_sits_above_the_results(window: DeskWindow, qtbot: QtBot) -> None:
    type_query(qtbot, window, "bad back and numb down below")
    assert window.banner.isVisible()
    assert "cauda equina" in window.banner.action_label.text()
    assert window.banner.script_label.text().startswith("Say:")
    banner_bottom = window.banner.mapTo(window, window.banner.rect().bottomLeft()).y()
    results_top = window.results_view.mapTo(window, window.results_view.rect().topLeft()).y()
    assert banner_bottom < results_top
    assert window.results_model.rowCount() > 0  # services still shown, below the banner


def test_most_urgent_flag_leads_the_banner(window: DeskWindow, qtbot: QtBot) -> None:
    type_query(qtbot, window, "numb down below and chest pain")
    assert window.banner.action_label.text() == "CALL 999 NOW: POSSIBLE HEART ATTACK"
    assert "cauda equina" in window.banner.others_label.text()


def test_enter_records_accepted_and_undo_takes_it_back(
    window: DeskWindow, qtbot: QtBot, database: Database
) -> None:
    type_query(qtbot, window, "water infection")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    (record,) = records(database)
    assert record.outcome is Outcome.ACCEPTED
    assert record.channel is Channel.PHONE
    assert record.service is not None and record.service.name.startswith("Pharmacy First: urinary")
    assert record.staff is not None and record.staff.name == "Alex Morgan"
    assert window.toast.isVisible()
    assert "Recorded" in window.toast.message.text()
    assert window.search_box.text() == ""  # ready for the next caller
    assert "<b>1</b> accepted" in window.tally_label.text()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert records(database) == []
    assert "taken back" in window.toast.message.text()
    assert "<b>0</b> accepted" in window.tally_label.text()


def test_age_and_channel_are_recorded(window: DeskWindow, qtbot: QtBot, database: Database) -> None:
    type_query(qtbot, window, "bad back")
    window.age_box.setValue(40)
    window.channel_box.setCurrentIndex(1)
    window.accept_button.click()
    (record,) = records(database)
    assert record.age_band is not None and record.age_band.value == "25-44"
    assert record.channel is Channel.IN_PERSON


@pytest.mark.parametrize(
    ("key", "outcome"),
    [
        (Qt.Key.Key_D, Outcome.DECLINED),
        (Qt.Key.Key_N, Outcome.NO_SUITABLE_SERVICE),
        (Qt.Key.Key_B, Outcome.BOOKED_CLINICIAN),
    ],
)
def test_other_outcomes_by_shortcut(
    window: DeskWindow, qtbot: QtBot, database: Database, key: Qt.Key, outcome: Outcome
) -> None:
    type_query(qtbot, window, "sore throat")
    qtbot.keyClick(window.search_box, key, Qt.KeyboardModifier.ControlModifier)
    (record,) = records(database)
    assert record.outcome is outcome


def test_escalation_by_banner_button_and_shortcut(
    window: DeskWindow, qtbot: QtBot, database: Database
) -> None:
    type_query(qtbot, window, "face gone droopy")
    window.banner.record_button.click()
    type_query(qtbot, window, "cant breath")
    qtbot.keyClick(window.search_box, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    escalations = records(database)
    assert [r.outcome for r in escalations] == [Outcome.RED_FLAG_ESCALATED] * 2
    assert [r.red_flag.key for r in escalations if r.red_flag] == [
        "stroke-fast",
        "severe-breathing-difficulty",
    ]


def test_quick_button_raises_banner_with_one_key(
    window: DeskWindow, qtbot: QtBot, database: Database
) -> None:
    qtbot.keyClick(window.search_box, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert window.banner.isVisible()
    assert window.banner.action_label.text() == "CALL 999 NOW: POSSIBLE HEART ATTACK"
    qtbot.keyClick(window.banner.record_button, Qt.Key.Key_Space)
    assert [r.red_flag.key for r in records(database) if r.red_flag] == ["chest-pain-heart-attack"]


def test_signposting_past_a_red_flag_asks_first(
    window: DeskWindow, qtbot: QtBot, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: next(answers))
    # A service that fits the caller: only the red flag asks.
    type_query(qtbot, window, "sore throat and crushing chest pain")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert records(database) == []
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert [r.outcome for r in records(database)] == [Outcome.ACCEPTED]


def test_a_service_closed_right_now_is_recorded_without_a_question(
    session: DeskSession, qtbot: QtBot, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    def ask(*args: object) -> QMessageBox.StandardButton:
        raise AssertionError(f"asked: {args[2]}")

    monkeypatch.setattr(QMessageBox, "question", ask)
    night = TUESDAY_MORNING.replace(hour=23, minute=30)
    desk = DeskWindow(session, clock=lambda: night)
    qtbot.addWidget(desk)
    desk.show()
    type_query(qtbot, desk, "indigestion")
    top = desk.results_model.match_at(0)
    assert top is not None and not top.eligibility.eligible and not top.eligibility.blocking
    qtbot.keyClick(desk.search_box, Qt.Key.Key_Return)
    assert [r.outcome for r in records(database)] == [Outcome.ACCEPTED]
    desk.toast.timer.stop()
    desk.close()


def test_escape_clears_for_the_next_call(window: DeskWindow, qtbot: QtBot) -> None:
    type_query(qtbot, window, "face gone droopy")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert window.search_box.text() == ""
    assert window.banner.isHidden()
    assert window.results_model.rowCount() == 0


def test_report_card_out_of_date(
    window: DeskWindow, qtbot: QtBot, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        QInputDialog, "getMultiLineText", lambda *args, **kwargs: ("Number rings out", True)
    )
    type_query(qtbot, window, "bad back")
    qtbot.keyClick(window.search_box, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    with database.unit_of_work() as unit:
        (flag,) = unit.scalars(sa.select(ServiceFlag))
        assert flag.comment == "Number rings out"
        assert flag.raised_by is not None and flag.raised_by.name == "Alex Morgan"
    assert "Number rings out" in window.card.toPlainText()


def test_results_model_passes_qt_model_tester(
    window: DeskWindow, qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    type_query(qtbot, window, "sore thr")
    qtmodeltester.check(window.results_model)
    assert window.results_model.rowCount() > 1


def test_every_control_has_an_accessible_name(window: DeskWindow) -> None:
    controls = [
        window.search_box,
        window.age_box,
        window.sex_box,
        window.pregnant_box,
        window.channel_box,
        window.results_view,
        window.card,
        window.accept_button,
        window.decline_button,
        window.no_service_button,
        window.booked_button,
        window.banner.record_button,
        *window.quick.buttons,
    ]
    assert all(control.accessibleName() for control in controls)


def test_tab_order_runs_from_search_to_results_to_buttons(window: DeskWindow) -> None:
    order: list[QWidget] = []
    widget: QWidget = window.search_box
    for _ in range(8):
        widget = widget.nextInFocusChain()
        while widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisible():
            widget = widget.nextInFocusChain()  # Tab passes over what is not shown
        order.append(widget)
    assert order[0] is window.age_box
    quick = [window.sex_box, window.pregnant_box, window.channel_box, window.results_view]
    assert [order.index(widget) for widget in quick] == sorted(order.index(w) for w in quick)


def test_desk_command_opens_the_demo(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    """``signposting --demo desk``: demo loaded, staff chosen, window shown."""
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from signposting.cli.main import main  # noqa: PLC0415
    from signposting.ui.desk.staff_picker import StaffPicker  # noqa: PLC0415

    shown: list[DeskWindow] = []
    monkeypatch.setattr(StaffPicker, "exec", lambda self: 1)

    def fake_exec() -> int:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, DeskWindow)]
        shown.extend(w for w in windows if w.isVisible())
        for w in windows:
            w.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", staticmethod(fake_exec))
    assert main(["--demo", "desk"]) == 0
    assert len(shown) == 1
    assert shown[0].session.staff is not None
    assert shown[0].quick.buttons


def test_a_recorded_escalation_keeps_its_script_on_screen(
    window: DeskWindow, qtbot: QtBot, database: Database
) -> None:
    type_query(qtbot, window, "cant breath")
    script = window.banner.script_label.text()
    qtbot.keyClick(window.search_box, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert [r.outcome for r in records(database)] == [Outcome.RED_FLAG_ESCALATED]
    assert window.banner.isVisible() and window.banner.script_label.text() == script
    assert not window.banner.record_button.isEnabled()
    assert window.results_model.rowCount() == 0
    qtbot.keyClick(window.search_box, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert len(records(database)) == 1  # not recorded twice
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert not window.banner.isVisible() and window.search_box.text() == ""
    type_query(qtbot, window, "cant breath")
    assert window.banner.record_button.isEnabled()  # a new call can be escalated again


def test_signposting_to_a_service_not_suitable_for_the_caller_asks_first(
    window: DeskWindow, qtbot: QtBot, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    questions: list[str] = []
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])

    def ask(*args: object) -> QMessageBox.StandardButton:
        questions.append(str(args[2]))
        return next(answers)

    monkeypatch.setattr(QMessageBox, "question", ask)
    window.age_box.setValue(70)
    type_query(qtbot, window, "water infection burning when i wee")
    model = window.results_model
    row = next(
        i
        for i in range(model.rowCount())
        if (match := model.match_at(i)) is not None and match.eligibility.blocking
    )
    window.results_view.setCurrentIndex(model.index(row))
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert records(database) == []
    assert "is marked not suitable" in questions[0]
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert [r.outcome for r in records(database)] == [Outcome.ACCEPTED]


def test_a_record_the_database_refused_is_shown_and_can_be_tried_again(
    window: DeskWindow, qtbot: QtBot, database: Database
) -> None:
    from signposting.recording.recorder import SignpostRequest  # noqa: PLC0415

    button = window.not_sent
    assert not button.isVisible()
    refused = SignpostRequest(
        window.session.practice_id,
        Outcome.ACCEPTED,
        service_id=987_654,  # deleted meanwhile
        recorded_at=TUESDAY_MORNING,
        uuid="7b0e2a52-0000-4000-8000-000000000099",
    )
    window.session.outbox.add(refused)
    window.send_queued()
    qtbot.waitUntil(button.isVisible, timeout=10_000)
    assert button.text() == "1 record could not be sent…"
    assert records(database) == []  # nothing stored, nothing lost: it is kept on this PC

    seen: list[str] = []

    def press_try_again() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.detailedText())
        (retry,) = [b for b in box.buttons() if b.text() == "Try again"]
        retry.click()

    QTimer.singleShot(0, press_try_again)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert "Accepted, service 987654" in seen[0] and "foreign key" in seen[0].lower()
    assert not button.isVisible()
    assert window.session.queued == 1  # queued again, to be sent when put right
