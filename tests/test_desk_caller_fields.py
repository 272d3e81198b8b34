"""Sex and pregnancy at the desk: set by keyboard beside the age, read by eligibility, cleared
by Escape, and never stored with the record."""

from __future__ import annotations

import dataclasses

import pytest
import sqlalchemy as sa
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from signposting.db.engine import Database
from signposting.domain import Outcome
from signposting.reception.session import DeskSession
from signposting.recording.recorder import SignpostRequest
from signposting.search.caller import Sex
from signposting.search.engine import ServiceMatch
from signposting.ui.desk.window import DeskWindow
from tests.test_desk_window import TUESDAY_MORNING, records, session, type_query, window

__all__ = ["session", "window"]
CONTROL = Qt.KeyboardModifier.ControlModifier
UTI = "Pharmacy First: urinary"
#: Every column a signpost record has: the caller is an age band at most.
RECORD_COLUMNS = {
    "id",
    "uuid",
    "recorded_at",
    "practice_id",
    "staff_id",
    "service_id",
    "red_flag_id",
    "outcome",
    "channel",
    "age_band",
}


def listed(window: DeskWindow, name_start: str) -> tuple[int, ServiceMatch]:
    model = window.results_model
    for row in range(model.rowCount()):
        match = model.match_at(row)
        if match is not None and match.entry.name.startswith(name_start):
            return row, match
    raise AssertionError(f"{name_start!r} is not listed")


def shown_text(window: DeskWindow, row: int) -> str:
    return str(window.results_model.data(window.results_model.index(row)))


def choose_male_by_keyboard(window: DeskWindow, qtbot: QtBot) -> None:
    """Ctrl+M from the search box, M for Male, Enter back to the caller's words."""
    qtbot.keyClick(window.search_box, Qt.Key.Key_M, CONTROL)
    qtbot.waitUntil(window.sex_box.hasFocus)
    qtbot.keyClick(window.sex_box, Qt.Key.Key_M)
    assert window.sex is Sex.MALE
    qtbot.keyClick(window.sex_box, Qt.Key.Key_Return)
    qtbot.waitUntil(window.search_box.hasFocus)


def test_a_male_caller_makes_the_womens_service_not_suitable(
    window: DeskWindow, qtbot: QtBot
) -> None:
    type_query(qtbot, window, "water infection")
    row, match = listed(window, UTI)
    assert match.eligibility.fits
    choose_male_by_keyboard(window, qtbot)
    assert window.search_box.text() == "water infection"  # kept, and typing carries on
    assert not window.search_box.hasSelectedText()
    row, match = listed(window, UTI)
    assert not match.eligibility.fits
    assert "excluded: Men" in match.eligibility.fit_reasons
    assert shown_text(window, row).endswith("Not suitable: excluded: Men")


def test_enter_on_the_excluded_service_asks_first(
    window: DeskWindow, qtbot: QtBot, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    questions: list[str] = []
    answers = iter([QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes])

    def ask(*args: object) -> QMessageBox.StandardButton:
        questions.append(str(args[2]))
        return next(answers)

    monkeypatch.setattr(QMessageBox, "question", ask)
    type_query(qtbot, window, "water infection")
    choose_male_by_keyboard(window, qtbot)
    row, _ = listed(window, UTI)
    window.results_view.setCurrentIndex(window.results_model.index(row))
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert records(database) == []
    assert "is marked not suitable: excluded: Men." in questions[0]
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert [r.outcome for r in records(database)] == [Outcome.ACCEPTED]


def test_pregnant_by_keyboard_excludes_the_services_that_say_so(
    window: DeskWindow, qtbot: QtBot
) -> None:
    type_query(qtbot, window, "shingles")
    qtbot.keyClick(window.search_box, Qt.Key.Key_P, CONTROL)
    qtbot.waitUntil(window.pregnant_box.hasFocus)
    qtbot.keyClick(window.pregnant_box, Qt.Key.Key_Space)
    assert window.pregnant
    qtbot.keyClick(window.pregnant_box, Qt.Key.Key_Return)
    qtbot.waitUntil(window.search_box.hasFocus)
    row, match = listed(window, "Pharmacy First: shingles")
    assert match.eligibility.fit_reasons == ("excluded: Pregnant",)
    assert shown_text(window, row).endswith("Not suitable: excluded: Pregnant")


def test_enter_in_the_age_box_goes_back_to_the_search_box(window: DeskWindow, qtbot: QtBot) -> None:
    type_query(qtbot, window, "water infection")
    qtbot.keyClick(window.search_box, Qt.Key.Key_G, CONTROL)
    qtbot.waitUntil(window.age_box.hasFocus)
    qtbot.keyClicks(window.age_box, "70")
    qtbot.keyClick(window.age_box, Qt.Key.Key_Return)
    qtbot.waitUntil(window.search_box.hasFocus)
    assert window.age == 70
    assert listed(window, UTI)[1].eligibility.fit_reasons == ("ages 16 to 64 only",)


def test_unknown_sex_and_pregnancy_rule_nothing_out(window: DeskWindow, qtbot: QtBot) -> None:
    type_query(qtbot, window, "water infection")
    assert window.sex is None and not window.pregnant
    assert listed(window, UTI)[1].eligibility.fits
    window.sex_box.setCurrentIndex(window.sex_box.findText("Female"))
    assert window.sex is Sex.FEMALE
    assert listed(window, UTI)[1].eligibility.fits


def test_escape_clears_sex_and_pregnancy_for_the_next_caller(
    window: DeskWindow, qtbot: QtBot
) -> None:
    type_query(qtbot, window, "water infection")
    choose_male_by_keyboard(window, qtbot)
    qtbot.keyClick(window.search_box, Qt.Key.Key_P, CONTROL)
    qtbot.waitUntil(window.pregnant_box.hasFocus)
    qtbot.keyClick(window.pregnant_box, Qt.Key.Key_Space)
    assert window.sex is Sex.MALE and window.pregnant
    qtbot.keyClick(window.pregnant_box, Qt.Key.Key_Escape)
    assert window.sex is None and not window.pregnant
    assert window.sex_box.currentText() == "sex?"
    qtbot.waitUntil(window.search_box.hasFocus)
    type_query(qtbot, window, "water infection")
    assert listed(window, UTI)[1].eligibility.fits


def test_a_service_only_closed_now_is_not_called_unsuitable(
    session: DeskSession, qtbot: QtBot
) -> None:
    night = TUESDAY_MORNING.replace(hour=23, minute=30)
    desk = DeskWindow(session, clock=lambda: night)
    qtbot.addWidget(desk)
    desk.show()
    type_query(qtbot, desk, "water infection")
    row, match = listed(desk, UTI)
    assert match.eligibility.fits and match.eligibility.open_now is False
    text = shown_text(desk, row)
    assert "Not suitable" not in text
    assert text.endswith("\nClosed now: opens tomorrow 08:30")
    desk.sex_box.setCurrentIndex(desk.sex_box.findText("Male"))
    row, _ = listed(desk, UTI)
    assert shown_text(desk, row).endswith("Not suitable: excluded: Men")
    desk.close()


def test_sex_and_pregnancy_are_not_stored(
    window: DeskWindow, qtbot: QtBot, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    type_query(qtbot, window, "water infection")
    window.age_box.setValue(30)
    choose_male_by_keyboard(window, qtbot)
    window.pregnant_box.setChecked(True)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    (record,) = records(database)
    assert record.age_band is not None and record.age_band.value == "25-44"
    with database.engine.connect() as connection:
        row = connection.execute(sa.text("SELECT * FROM signpost_record")).mappings().one()
    assert set(row) == RECORD_COLUMNS
    assert not {"male", "female", "pregnant"} & {str(value).lower() for value in row.values()}
    request_fields = {field.name for field in dataclasses.fields(SignpostRequest)}
    assert request_fields == RECORD_COLUMNS - {"id"}
    assert window.session.queued == 0  # nothing kept on this PC either
