"""The desk's text size: 11 pt at first, Ctrl+= / Ctrl++ / Ctrl+- / Ctrl+0 from the search box
for the whole window (search box, results, card, banner), kept for the member of staff at the
desk and no one else; the banner stays above the results and the desk fits a 1366x768 laptop."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QWidget

from signposting.reception.session import DeskSession
from signposting.ui.desk.window import DeskWindow
from signposting.ui.desk.zoom import DEFAULT_POINTS, LARGEST_POINTS, SMALLEST_POINTS
from tests.test_desk_window import TUESDAY_MORNING, session, type_query

__all__ = ["session"]
CONTROL = Qt.KeyboardModifier.ControlModifier
#: A 1366x768 laptop with a 40-pixel taskbar, less a window frame and title bar.
LAPTOP = QRect(0, 0, 1366, 728)
FRAME_ALLOWANCE = 16
TITLE_BAR_ALLOWANCE = 40


def open_desk(session: DeskSession, qtbot: QtBot) -> DeskWindow:
    desk = DeskWindow(session, clock=lambda: TUESDAY_MORNING)
    qtbot.addWidget(desk)
    desk.show()
    qtbot.waitExposed(desk)
    return desk


@pytest.fixture
def window(session: DeskSession, qtbot: QtBot) -> Iterator[DeskWindow]:
    desk = open_desk(session, qtbot)
    yield desk
    desk.toast.timer.stop()


def points(widget: QWidget) -> float:
    return round(widget.font().pointSizeF(), 2)


def body_text(window: DeskWindow) -> dict[str, float]:
    """The text size of each part of the desk a receptionist reads."""
    return {
        "window": points(window),
        "results": points(window.results_view),
        "card": points(window.card),
        "banner": points(window.banner.heard_label),
        "banner button": points(window.banner.record_button),
        "emergency buttons": points(window.quick.buttons[0]),
        "record buttons": points(window.accept_button),
        "staff": points(window.staff_label),
        "not sent button": points(window.not_sent),  # added after the window was built
    }


def at(size: float, window: DeskWindow) -> dict[str, float]:
    return dict.fromkeys(body_text(window), size)


def test_the_desk_opens_larger_than_qts_usual_text(window: DeskWindow, qtbot: QtBot) -> None:
    type_query(qtbot, window, "I'm ten weeks pregnant and I'm bleeding")
    assert DEFAULT_POINTS == 11
    assert body_text(window) == at(11, window)
    # What was larger than the rest still is: the caller's words and the red flag's action.
    assert points(window.search_box) > 11
    assert points(window.banner.action_label) > points(window.search_box)
    assert window.banner.action_label.font().bold()
    assert window.card.document().defaultFont().pointSizeF() == 11


def test_zoom_keys_from_the_search_box_size_the_whole_desk(
    window: DeskWindow, qtbot: QtBot
) -> None:
    type_query(qtbot, window, "I'm ten weeks pregnant and I'm bleeding")
    typed = window.search_box.text()
    search, action = points(window.search_box), points(window.banner.action_label)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Equal, CONTROL)
    assert body_text(window) == at(12, window)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Plus, CONTROL)
    assert body_text(window) == at(13, window)
    assert points(window.search_box) == round(search * 13 / 11, 2)
    assert points(window.banner.action_label) == round(action * 13 / 11, 2)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Minus, CONTROL)
    assert body_text(window) == at(12, window)
    qtbot.keyClick(window.search_box, Qt.Key.Key_0, CONTROL)
    assert body_text(window) == at(11, window)
    assert points(window.search_box) == search
    assert window.search_box.text() == typed  # the box never took the keys as text
    assert window.banner.isVisible()


def test_the_text_size_stops_at_its_smallest_and_largest(window: DeskWindow) -> None:
    for _ in range(30):
        window.zoom.smaller()
    assert points(window) == SMALLEST_POINTS
    for _ in range(30):
        window.zoom.larger()
    assert points(window) == LARGEST_POINTS


def test_each_member_of_staff_keeps_their_own_size(
    window: DeskWindow, session: DeskSession, qtbot: QtBot
) -> None:
    alex = window.session.staff
    assert alex is not None and alex.name == "Alex Morgan"
    sam = next(c.id for c in session.staff_choices() if c.name == "Sam Patel")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Equal, CONTROL)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Equal, CONTROL)
    assert points(window) == 13

    session.choose_staff(sam)  # Change staff: Sam has chosen no size
    window.refresh_staff()
    assert body_text(window) == at(11, window)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Minus, CONTROL)
    assert points(window) == 10

    session.choose_staff(alex.id)
    window.refresh_staff()
    assert body_text(window) == at(13, window)
    window.toast.timer.stop()
    window.close()

    again = open_desk(session, qtbot)  # the next shift: a new desk window
    assert body_text(again) == at(13, again)
    session.choose_staff(sam)
    again.refresh_staff()
    assert points(again) == 10
    again.toast.timer.stop()


def test_a_size_chosen_with_no_one_at_the_desk_is_not_kept(
    session: DeskSession, qtbot: QtBot
) -> None:
    session.staff = None
    desk = open_desk(session, qtbot)
    assert "No one signed in" in desk.staff_label.text()
    desk.zoom.larger()
    assert points(desk) == 12
    alex = next(c.id for c in session.staff_choices() if c.name == "Alex Morgan")
    session.choose_staff(alex)
    desk.refresh_staff()
    assert points(desk) == 11
    desk.toast.timer.stop()


def _top(widget: QWidget, window: DeskWindow) -> int:
    return widget.mapTo(window, QPoint(0, 0)).y()


@pytest.mark.parametrize("size", [DEFAULT_POINTS, 16.0, LARGEST_POINTS])
def test_the_red_flag_banner_stays_above_the_results_at_every_size(
    window: DeskWindow, qtbot: QtBot, size: float
) -> None:
    window.zoom.set_points(size)
    type_query(qtbot, window, "crushing chest pain and I'm sweating")
    window.resize(LAPTOP.width() - FRAME_ALLOWANCE, LAPTOP.height() - TITLE_BAR_ALLOWANCE)
    qtbot.waitUntil(lambda: window.banner.height() > 0)
    banner, results = window.banner, window.results_view
    assert banner.isVisible()
    assert _top(window.search_box, window) < _top(banner, window)
    assert _top(banner, window) + banner.height() <= _top(results, window)
    assert _top(banner, window) + banner.height() <= window.height()


def test_the_desk_fits_a_1366_by_768_laptop_at_the_usual_size(
    window: DeskWindow, qtbot: QtBot
) -> None:
    type_query(qtbot, window, "crushing chest pain and I'm sweating")  # the banner showing
    qtbot.waitUntil(window.banner.isVisible)
    needed = window.minimumSizeHint().expandedTo(window.minimumSize())
    assert needed.width() + FRAME_ALLOWANCE <= LAPTOP.width()
    assert needed.height() + TITLE_BAR_ALLOWANCE <= LAPTOP.height()
    window.resize(LAPTOP.width() - FRAME_ALLOWANCE, LAPTOP.height() - TITLE_BAR_ALLOWANCE)
    qtbot.waitUntil(lambda: window.width() == LAPTOP.width() - FRAME_ALLOWANCE)
    for button in (window.accept_button, window.flag_button, window.quick.buttons[-1]):
        right = button.mapTo(window, QPoint(button.width(), 0)).x()
        assert right <= window.width()  # every button is on screen, none cut off
    assert window.results_view.height() > 3 * window.results_view.fontMetrics().height()


@pytest.mark.parametrize(
    ("key", "modifiers"),
    [
        (Qt.Key.Key_Equal, CONTROL | Qt.KeyboardModifier.ShiftModifier),
        (Qt.Key.Key_Plus, CONTROL | Qt.KeyboardModifier.ShiftModifier),
        (Qt.Key.Key_Plus, CONTROL | Qt.KeyboardModifier.KeypadModifier),
    ],
)
def test_ctrl_with_shift_or_the_keypad_plus_is_larger_once_from_any_field(
    window: DeskWindow, qtbot: QtBot, key: Qt.Key, modifiers: Qt.KeyboardModifier
) -> None:
    """Many keyboards need Shift for "+": Ctrl+Shift+= is one step larger, from the search
    box, the age box's line edit, the results and the card alike."""
    type_query(qtbot, window, "sore throat")
    fields = [
        window.search_box,
        window.age_box.focusWidget() or window.age_box,
        window.results_view,
        window.card,
    ]
    for step, field in enumerate(fields, start=1):
        field.setFocus()
        qtbot.keyClick(field, key, modifiers)
        assert points(window) == DEFAULT_POINTS + step
    assert window.search_box.text() == "sore throat"
    assert window.age is None


#: Screens at 150% scaling as Qt lays the desk out on them (device-independent pixels), less a
#: 40-pixel taskbar: a 1366x768 laptop and a 1920x1080 monitor.
SCALED_150 = {"1366x768": QRect(0, 0, 911, 472), "1920x1080": QRect(0, 0, 1280, 680)}


def _banner_needs(window: DeskWindow) -> int:
    banner = window.banner
    layout = banner.layout()
    assert layout is not None
    return layout.totalHeightForWidth(banner.width())


def _inside(widget: QWidget, window: DeskWindow) -> bool:
    return window.rect().contains(QRect(widget.mapTo(window, QPoint(0, 0)), widget.size()))


@pytest.mark.parametrize("screen", list(SCALED_150))
def test_nothing_is_cut_off_at_150_percent_even_with_a_red_flag(
    window: DeskWindow, qtbot: QtBot, screen: str
) -> None:
    """Every control whole and on screen, the banner at its full height, the search box
    wide enough to read; the services give way to the banner, not the other way round."""
    laptop = SCALED_150[screen]
    type_query(qtbot, window, "crushing chest pain and I'm sweating")
    needed = window.minimumSizeHint().expandedTo(window.minimumSize())
    assert needed.width() + FRAME_ALLOWANCE <= laptop.width()
    width, height = laptop.width() - FRAME_ALLOWANCE, laptop.height() - TITLE_BAR_ALLOWANCE
    window.resize(width, height)
    qtbot.waitUntil(lambda: window.size().width() == width and window.size().height() == height)
    controls = [
        window.search_box,
        window.age_box,
        window.sex_box,
        window.pregnant_box,
        window.channel_box,
        window.banner.record_button,
        window.accept_button,
        window.decline_button,
        window.no_service_button,
        window.booked_button,
        *window.quick.buttons,
    ]
    banner = window.banner
    # Two flags: the banner is taller still; the staff and tally line may give way to it.
    for words in ("crushing chest pain and I'm sweating", "numb down below and chest pain"):
        type_query(qtbot, window, words)
        qtbot.waitUntil(lambda: banner.height() >= _banner_needs(window))
        for control in controls:
            name = control.accessibleName()
            assert control.isVisible() and _inside(control, window), name
            assert control.height() >= control.sizeHint().height(), name
            assert control.width() >= control.sizeHint().width(), name
        assert _inside(banner, window)
        assert window.search_box.width() >= 30 * window.search_box.fontMetrics().averageCharWidth()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    type_query(qtbot, window, "sore throat")
    qtbot.waitUntil(window.staff_label.isVisible)  # back once the banner has gone
    assert window.results_view.height() > 2 * window.results_view.fontMetrics().height()
    for control in (window.services_pane.browse_button, window.flag_button):
        assert control.isVisible() and _inside(control, window), control.text()


def test_the_desk_opens_within_its_screen(window: DeskWindow) -> None:
    """On a screen smaller than the desk's usual size (a scaled laptop), it opens inside the
    screen's free area rather than partly off it."""
    window.fit_to_screen()
    available = window.screen().availableGeometry()
    assert window.width() <= available.width()
    assert window.height() <= available.height()
