"""Desk shortcuts typed into the search box under a real X server, where the line edit has X11's
editing keys (Ctrl+E end of line, Ctrl+D delete, Ctrl+B back). Run through
``tests/test_x11_keyboard.py``, which starts Xvfb; never offscreen."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from signposting.db.engine import Database
from signposting.directory.demo import load_demo
from signposting.domain import Outcome
from signposting.reception.session import DeskSession
from signposting.ui.desk.window import DeskWindow
from tests.test_desk_window import records

TUESDAY_MORNING = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
CONTROL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(database: Database, qtbot: QtBot) -> Iterator[DeskWindow]:
    assert QGuiApplication.platformName() == "xcb", "this suite needs a real X server"
    with database.unit_of_work() as unit:
        load_demo(unit)
    desk = DeskSession(database)
    desk.choose_staff(next(c.id for c in desk.staff_choices() if c.name == "Alex Morgan"))
    shown = DeskWindow(desk, clock=lambda: TUESDAY_MORNING)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    shown.activateWindow()
    yield shown
    shown.toast.timer.stop()


def type_into_search(qtbot: QtBot, window: DeskWindow, text: str) -> None:
    window.search_box.clear()
    window.search_box.setFocus()
    qtbot.keyClicks(window.search_box, text)


@pytest.mark.parametrize(
    ("key", "outcome"),
    [
        (Qt.Key.Key_D, Outcome.DECLINED),
        (Qt.Key.Key_B, Outcome.BOOKED_CLINICIAN),
        (Qt.Key.Key_N, Outcome.NO_SUITABLE_SERVICE),
    ],
)
def test_outcome_shortcuts_work_while_typing(
    window: DeskWindow, qtbot: QtBot, database: Database, key: Qt.Key, outcome: Outcome
) -> None:
    type_into_search(qtbot, window, "sore throat")
    qtbot.keyClick(window.search_box, key, CONTROL)
    assert [r.outcome for r in records(database)] == [outcome]


def test_ctrl_e_records_the_escalation_while_typing(
    window: DeskWindow, qtbot: QtBot, database: Database
) -> None:
    type_into_search(qtbot, window, "cant breath")
    assert window.banner.first is not None
    qtbot.keyClick(window.search_box, Qt.Key.Key_E, CONTROL)
    assert [r.outcome for r in records(database)] == [Outcome.RED_FLAG_ESCALATED]


def test_ctrl_z_is_text_undo_until_a_record_can_be_taken_back(
    window: DeskWindow, qtbot: QtBot, database: Database
) -> None:
    type_into_search(qtbot, window, "sore throat")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Z, CONTROL)
    assert window.search_box.text() != "sore throat"  # the box's own undo
    assert records(database) == []


def test_ctrl_g_moves_to_the_age_box(window: DeskWindow, qtbot: QtBot) -> None:
    type_into_search(qtbot, window, "sore throat")
    qtbot.keyClick(window.search_box, Qt.Key.Key_G, CONTROL)
    qtbot.waitUntil(window.age_box.hasFocus)
