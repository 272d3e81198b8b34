"""The desk's text size: larger (Ctrl+= or Ctrl++, with Shift or on the keypad too), smaller
(Ctrl+-) and back to the default (Ctrl+0), for the whole window, kept on this PC for each member
of staff at the desk."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QWidget

from signposting.config import data_directory

#: The desk's body text in points: larger than Qt's usual 9, for reading at a busy desk.
DEFAULT_POINTS = 11.0
SMALLEST_POINTS = 8.0
LARGEST_POINTS = 24.0
STEP_POINTS = 1.0
SETTINGS_FILE = "desk-text-size.ini"

Shortcut = tuple[QKeySequence, Callable[[], object]]
#: Keys that mean "larger" when Ctrl is held, whether Shift or the keypad gave them.
LARGER_KEYS = (Qt.Key.Key_Plus, Qt.Key.Key_Equal)
_SHIFT_OR_KEYPAD = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier


def text_size_settings() -> QSettings:
    """Where each member of staff's desk text size is kept: with this user's other
    Signposting files on this PC, not in the shared database."""
    return QSettings(str(data_directory() / SETTINGS_FILE), QSettings.Format.IniFormat)


def database_key(description: str) -> str:
    """A database, as the settings name it: staff ids belong to one database."""
    return "database-" + hashlib.sha256(description.encode()).hexdigest()[:16]


class DeskZoom(QObject):
    """Sets the text of the window and everything in it to ``points``. A widget built with
    larger text than the window's (the search box, the red-flag banner's action) keeps its
    proportion. Made once the window is built; anything added later (the status bar's
    buttons) is sized when the window is shown."""

    def __init__(self, window: QWidget, database: str) -> None:
        super().__init__(window)
        self.window = window
        self.group = database_key(database)
        base = window.font().pointSizeF()
        self.ratios = {
            widget: _ratio(widget.font().pointSizeF(), base)
            for widget in window.findChildren(QWidget)
        }
        self.staff_id: int | None = None
        self.points = DEFAULT_POINTS
        self._apply()
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.window and event.type() == QEvent.Type.Show:
            self._apply()
        if watched is self.window and isinstance(event, QKeyEvent) and is_larger_key(event):
            self.larger()
            return True
        return super().eventFilter(watched, event)

    def shortcuts(self) -> list[Shortcut]:
        """Ctrl+Shift+= ("+" on many keyboards) is not among them: Windows and X11 offer that
        key press as Ctrl++ as well, and a second shortcut for it would make the press
        ambiguous, so neither would work. Where the system does not offer it so (or for a
        synthesised key), the press reaches the window unused and ``eventFilter`` takes it."""
        return [
            (QKeySequence("Ctrl+="), self.larger),
            (QKeySequence("Ctrl++"), self.larger),
            (QKeySequence("Ctrl+-"), self.smaller),
            (QKeySequence("Ctrl+0"), self.reset),
        ]

    def larger(self) -> None:
        self.set_points(self.points + STEP_POINTS)

    def smaller(self) -> None:
        self.set_points(self.points - STEP_POINTS)

    def reset(self) -> None:
        self.set_points(DEFAULT_POINTS)

    def set_points(self, points: float) -> None:
        """Show the desk at this size, and keep it for whoever is at the desk."""
        self.points = max(SMALLEST_POINTS, min(points, LARGEST_POINTS))
        self._apply()
        if self.staff_id is not None:
            settings = text_size_settings()
            settings.setValue(self._key(self.staff_id), self.points)
            settings.sync()

    def follow_staff(self, staff_id: int | None) -> None:
        """Someone else at the desk: the size they chose last time, else the default."""
        if staff_id == self.staff_id:
            return
        self.staff_id = staff_id
        self.points = self.remembered(staff_id) if staff_id is not None else DEFAULT_POINTS
        self._apply()

    def remembered(self, staff_id: int) -> float:
        value = text_size_settings().value(self._key(staff_id), DEFAULT_POINTS)
        try:
            points = float(str(value))
        except ValueError:
            return DEFAULT_POINTS
        return max(SMALLEST_POINTS, min(points, LARGEST_POINTS))

    def _key(self, staff_id: int) -> str:
        return f"{self.group}/staff-{staff_id}"

    def _apply(self) -> None:
        """Every widget is given its size: one with a style sheet keeps the size it was
        styled at rather than follow the window's."""
        font = self.window.font()
        font.setPointSizeF(self.points)
        self.window.setFont(font)
        for widget in self.window.findChildren(QWidget):
            own = widget.font()
            own.setPointSizeF(self.points * self.ratios.get(widget, 1.0))
            widget.setFont(own)


def is_larger_key(event: QKeyEvent) -> bool:
    """A key press of Ctrl with "=" or "+", Shift and the keypad allowed."""
    return (
        event.type() == QEvent.Type.KeyPress
        and event.key() in LARGER_KEYS
        and event.modifiers() & ~_SHIFT_OR_KEYPAD == Qt.KeyboardModifier.ControlModifier
    )


def _ratio(size: float, base: float) -> float:
    """How much larger than the window's text a widget's is (1 where either is in pixels)."""
    return size / base if size > 0 and base > 0 else 1.0
