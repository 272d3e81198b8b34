"""The desk's keyboard tests again under a real X server, where the search box has X11's
editing keys (Ctrl+E end of line, Ctrl+D delete, Ctrl+B back) that can swallow a shortcut. Run
through ``tests/test_x11_keyboard.py``, which starts Xvfb; never offscreen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from signposting.db.engine import Database
from signposting.reception.session import DeskSession
from signposting.ui.desk.window import DeskWindow
from tests.test_desk_window import (  # these tests run here as they are
    TUESDAY_MORNING,
    records,
    session,
    test_age_and_channel_are_recorded,
    test_enter_records_accepted_and_undo_takes_it_back,
    test_escalation_by_banner_button_and_shortcut,
    test_escape_clears_for_the_next_call,
    test_other_outcomes_by_shortcut,
    test_quick_button_raises_banner_with_one_key,
    test_signposting_past_a_red_flag_asks_first,
    type_query,
)

__all__ = [
    "session",
    "test_age_and_channel_are_recorded",
    "test_enter_records_accepted_and_undo_takes_it_back",
    "test_escalation_by_banner_button_and_shortcut",
    "test_escape_clears_for_the_next_call",
    "test_other_outcomes_by_shortcut",
    "test_quick_button_raises_banner_with_one_key",
    "test_signposting_past_a_red_flag_asks_first",
]
CONTROL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(session: DeskSession, qtbot: QtBot) -> Iterator[DeskWindow]:
    """The desk as a window manager would leave it: shown and active, so its shortcuts are
    live (Xvfb has no window manager to activate it)."""
    assert QGuiApplication.platformName() == "xcb", "this suite needs a real X server"
    desk = DeskWindow(session, clock=lambda: TUESDAY_MORNING)
    qtbot.addWidget(desk)
    desk.show()
    qtbot.waitExposed(desk)
    desk.activateWindow()
    qtbot.waitUntil(desk.isActiveWindow)
    yield desk
    desk.toast.timer.stop()


def test_ctrl_z_is_text_undo_until_a_record_can_be_taken_back(
    window: DeskWindow, qtbot: QtBot, database: Database
) -> None:
    type_query(qtbot, window, "sore throat")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Z, CONTROL)
    assert window.search_box.text() != "sore throat"  # the box's own undo
    assert records(database) == []


def test_ctrl_g_moves_from_the_search_box_to_the_age(window: DeskWindow, qtbot: QtBot) -> None:
    type_query(qtbot, window, "sore throat")
    qtbot.keyClick(window.search_box, Qt.Key.Key_G, CONTROL)
    qtbot.waitUntil(window.age_box.hasFocus)


def test_ctrl_g_then_digits_sets_the_age(window: DeskWindow, qtbot: QtBot) -> None:
    type_query(qtbot, window, "sore throat")
    qtbot.keyClick(window.search_box, Qt.Key.Key_G, CONTROL)
    qtbot.waitUntil(window.age_box.hasFocus)
    qtbot.keyClicks(window.age_box.focusWidget() or window.age_box, "70")
    assert window.age == 70


def test_enter_on_the_focused_escalation_button_records_it(
    window: DeskWindow, qtbot: QtBot, database: Database
) -> None:
    qtbot.keyClick(window.search_box, Qt.Key.Key_1, CONTROL)
    qtbot.waitUntil(window.banner.record_button.hasFocus)
    qtbot.keyClick(window.banner.record_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(records(database)) == 1)  # the button shows its press first
    assert [r.outcome.value for r in records(database)] == ["red_flag_escalated"]
