"""The desk's keyboard tests again under a real X server, where the search box has X11's
editing keys (Ctrl+E end of line, Ctrl+D delete, Ctrl+B back, Ctrl+K delete to the end) that can
swallow a shortcut. Run through ``tests/test_x11_keyboard.py``, which starts Xvfb; never
offscreen."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from signposting.db.engine import Database
from signposting.reception.session import DeskSession
from signposting.search.caller import Sex
from signposting.ui.desk.window import DeskWindow
from tests.test_desk_browse_and_ask import (  # these tests run here as they are
    test_ctrl_k_opens_the_categories_from_the_search_box_at_any_time,
    test_tab_arrows_and_enter_list_a_category_recorded_as_search_results_are,
)
from tests.test_desk_caller_fields import (  # these tests run here as they are
    test_a_male_caller_makes_the_womens_service_not_suitable,
    test_enter_in_the_age_box_goes_back_to_the_search_box,
    test_enter_on_the_excluded_service_asks_first,
    test_escape_clears_sex_and_pregnancy_for_the_next_caller,
    test_pregnant_by_keyboard_excludes_the_services_that_say_so,
)
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
from tests.test_desk_zoom import (  # these tests run here as they are
    test_ctrl_with_shift_or_the_keypad_plus_is_larger_once_from_any_field,
    test_each_member_of_staff_keeps_their_own_size,
    test_zoom_keys_from_the_search_box_size_the_whole_desk,
)

__all__ = [
    "session",
    "test_a_male_caller_makes_the_womens_service_not_suitable",
    "test_age_and_channel_are_recorded",
    "test_ctrl_k_opens_the_categories_from_the_search_box_at_any_time",
    "test_ctrl_with_shift_or_the_keypad_plus_is_larger_once_from_any_field",
    "test_each_member_of_staff_keeps_their_own_size",
    "test_enter_in_the_age_box_goes_back_to_the_search_box",
    "test_enter_on_the_excluded_service_asks_first",
    "test_enter_records_accepted_and_undo_takes_it_back",
    "test_escalation_by_banner_button_and_shortcut",
    "test_escape_clears_for_the_next_call",
    "test_escape_clears_sex_and_pregnancy_for_the_next_caller",
    "test_other_outcomes_by_shortcut",
    "test_pregnant_by_keyboard_excludes_the_services_that_say_so",
    "test_quick_button_raises_banner_with_one_key",
    "test_signposting_past_a_red_flag_asks_first",
    "test_tab_arrows_and_enter_list_a_category_recorded_as_search_results_are",
    "test_zoom_keys_from_the_search_box_size_the_whole_desk",
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


def test_ctrl_m_and_ctrl_p_reach_the_quick_fields_from_any_of_them(
    window: DeskWindow, qtbot: QtBot
) -> None:
    """Sex and pregnancy from the search box (which keeps its text) and from the age box,
    whose line edit has X11's editing keys too."""
    type_query(qtbot, window, "water infection")
    qtbot.keyClick(window.search_box, Qt.Key.Key_M, CONTROL)
    qtbot.waitUntil(window.sex_box.hasFocus)
    assert window.search_box.text() == "water infection"
    qtbot.keyClick(window.sex_box, Qt.Key.Key_F)
    qtbot.keyClick(window.sex_box, Qt.Key.Key_G, CONTROL)
    qtbot.waitUntil(window.age_box.hasFocus)
    qtbot.keyClicks(window.age_box, "30")
    qtbot.keyClick(window.age_box, Qt.Key.Key_P, CONTROL)
    qtbot.waitUntil(window.pregnant_box.hasFocus)
    qtbot.keyClick(window.pregnant_box, Qt.Key.Key_Space)
    qtbot.keyClick(window.pregnant_box, Qt.Key.Key_M, CONTROL)
    qtbot.waitUntil(window.sex_box.hasFocus)
    qtbot.keyClick(window.sex_box, Qt.Key.Key_Return)
    qtbot.waitUntil(window.search_box.hasFocus)
    assert (window.age, window.sex, window.pregnant) == (30, Sex.FEMALE, True)
    assert window.search_box.text() == "water infection"


def test_zoom_keys_work_from_the_age_box_and_the_keypad(window: DeskWindow, qtbot: QtBot) -> None:
    """Ctrl+= / Ctrl+- / Ctrl+0 from the age box's line edit; Ctrl and the keypad's + and -."""
    type_query(qtbot, window, "sore throat")
    qtbot.keyClick(window.search_box, Qt.Key.Key_G, CONTROL)
    qtbot.waitUntil(window.age_box.hasFocus)
    field = window.age_box.focusWidget() or window.age_box
    qtbot.keyClick(field, Qt.Key.Key_Equal, CONTROL)
    assert window.font().pointSizeF() == 12
    qtbot.keyClick(field, Qt.Key.Key_Minus, CONTROL)
    qtbot.keyClick(field, Qt.Key.Key_Minus, CONTROL)
    assert window.font().pointSizeF() == 10
    qtbot.keyClick(field, Qt.Key.Key_0, CONTROL)
    assert window.font().pointSizeF() == 11
    assert window.age is None  # the keys set no age
    keypad = CONTROL | Qt.KeyboardModifier.KeypadModifier
    window.search_box.setFocus()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Plus, keypad)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Plus, keypad)
    assert window.font().pointSizeF() == 13
    qtbot.keyClick(window.search_box, Qt.Key.Key_Minus, keypad)
    assert window.font().pointSizeF() == 12
    assert window.search_box.text() == "sore throat"


def test_ctrl_shift_equals_is_larger_from_the_search_and_age_boxes(
    window: DeskWindow, qtbot: QtBot
) -> None:
    """Ctrl+Shift+= (how many keyboards type Ctrl and "+"), as Shift+= or as "+": one step
    larger each, from the search box and from the age box's line edit."""
    shift = CONTROL | Qt.KeyboardModifier.ShiftModifier
    type_query(qtbot, window, "sore throat")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Equal, shift)
    assert window.font().pointSizeF() == 12
    qtbot.keyClick(window.search_box, Qt.Key.Key_Plus, shift)
    assert window.font().pointSizeF() == 13
    qtbot.keyClick(window.search_box, Qt.Key.Key_G, CONTROL)
    qtbot.waitUntil(window.age_box.hasFocus)
    field = window.age_box.focusWidget() or window.age_box
    qtbot.keyClick(field, Qt.Key.Key_Equal, shift)
    qtbot.keyClick(field, Qt.Key.Key_Plus, shift)
    assert window.font().pointSizeF() == 15
    assert window.search_box.text() == "sore throat"
    assert window.age is None


def test_real_key_presses_of_ctrl_and_plus_are_one_step_larger_each(
    window: DeskWindow, qtbot: QtBot
) -> None:
    """Key presses as the X server sends them, which offer Ctrl+Shift+= as Ctrl++ as well: a
    second shortcut for the same press would make it ambiguous and do nothing."""
    xdotool = shutil.which("xdotool")
    if xdotool is None:
        message = "xdotool is not installed (apt-get install xdotool): real key presses not sent"
        if os.environ.get("CI"):
            pytest.fail(message)  # CI installs it: a missing one is a broken machine
        pytest.skip(message)
    type_query(qtbot, window, "sore throat")
    window.search_box.setFocus()
    subprocess.run([xdotool, "windowfocus", "--sync", str(int(window.winId()))], check=True)
    size = window.font().pointSizeF()
    for keys in ("ctrl+shift+equal", "ctrl+plus", "ctrl+KP_Add", "ctrl+equal"):
        subprocess.run([xdotool, "key", "--clearmodifiers", keys], check=True, timeout=10)
        size += 1
        qtbot.waitUntil(lambda size=size: window.font().pointSizeF() == size)
    assert window.search_box.text() == "sore throat"
