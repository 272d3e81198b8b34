"""Small widgets of the desk: the search box and the quick emergency buttons."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QKeyCombination, QObject, QRect, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from signposting.search.entries import RedFlagEntry
from signposting.ui.flow_layout import FlowLayout, ItemListLayout

#: Protocols with a permanent button, by key, when the directory has them.
QUICK_KEYS = (
    "chest-pain-heart-attack",
    "stroke-fast",
    "severe-breathing-difficulty",
    "anaphylaxis",
    "suicidal-thoughts",
    "cauda-equina",
)
QUICK_LABELS = {
    "chest-pain-heart-attack": "Chest pain",
    "stroke-fast": "Stroke (FAST)",
    "severe-breathing-difficulty": "Can't breathe",
    "anaphylaxis": "Anaphylaxis",
    "suicidal-thoughts": "Suicide risk",
    "cauda-equina": "Cauda equina",
}
MAX_QUICK = 6


class SearchBox(QLineEdit):
    """The caller's words. The desk's own shortcuts win over the line edit's editing keys (on
    X11 Ctrl+E is "end of line", Ctrl+D "delete", Ctrl+B "back"), and Ctrl+Z reaches the
    window's Undo while a record can be undone."""

    #: About 150 words: far more than a receptionist types for one call, and a bound on the
    #: work each keystroke's search does (Qt's default allows 32,767).
    MAX_CHARACTERS = 1000

    def __init__(self, can_undo_record: Callable[[], bool]) -> None:
        super().__init__()
        self._can_undo_record = can_undo_record
        self._window_keys: set[QKeyCombination] = set()
        self.setMaxLength(self.MAX_CHARACTERS)

    def leave_to_window(self, keys: Iterable[QKeySequence]) -> None:
        """Let these key combinations reach the window's shortcuts while typing here."""
        # QKeySequence[0] is its first combination (the binding's stubs lack __getitem__).
        singles = (sequence for sequence in keys if sequence.count() == 1)
        self._window_keys.update(sequence[0] for sequence in singles)  # type: ignore[index]

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            undo = event.matches(QKeySequence.StandardKey.Undo) and self._can_undo_record()
            if undo or event.keyCombination() in self._window_keys:
                event.ignore()
                return False
        return super().event(event)


class EnterReturns(QObject):
    """Enter in a quick field (age, sex, pregnant) goes back to the search box: the field keeps
    what was set, and the receptionist carries on typing the caller's words."""

    def __init__(self, back_to: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._back_to = back_to

    def watch(self, *fields: QWidget) -> None:
        for field in fields:
            field.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers()
            in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        ):
            if isinstance(watched, QAbstractSpinBox):
                watched.interpretText()  # what was typed counts, as it would on leaving
            self._back_to()
            return True
        return super().eventFilter(watched, event)


class SideBySide(ItemListLayout):
    """Two widgets side by side, the first taking the room left, or the second on a line of
    its own below the first when the row is too narrow for both (a small or scaled screen):
    the search box keeps a usable width and the quick fields stay whole."""

    def __init__(self, first: QWidget, second: QWidget, first_at_least: int) -> None:
        super().__init__()
        self.setContentsMargins(0, 0, 0, 0)
        self.first, self.second = first, second
        #: The first widget's narrowest width beside the second, in average characters.
        self.first_at_least = first_at_least
        self.addWidget(first)
        self.addWidget(second)

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt's name
        return Qt.Orientation.Horizontal

    def beside(self, width: int) -> bool:
        """Whether both fit on one line ``width`` wide."""
        first = self.first.fontMetrics().averageCharWidth() * self.first_at_least
        return width >= first + self.spacing() + self.second.sizeHint().width()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        first, second = self.first.sizeHint(), self.second.sizeHint()
        return QSize(first.width() + self.spacing() + second.width(), self.heightForWidth(0))

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt's name
        """As narrow as the wider of the two, one above the other."""
        first, second = self.first.minimumSizeHint(), self.second.sizeHint()
        return QSize(max(first.width(), second.width()), self.heightForWidth(0))

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        first, second = self.first.sizeHint().height(), self.second.sizeHint().height()
        if self.beside(width):
            return max(first, second)
        return first + self.spacing() + second

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt's name
        super().setGeometry(rect)
        first, second = self.first.sizeHint(), self.second.sizeHint()
        if self.beside(rect.width()):
            height = max(first.height(), second.height())
            width = rect.width() - second.width() - self.spacing()
            self.first.setGeometry(
                QRect(rect.x(), rect.y() + (height - first.height()) // 2, width, first.height())
            )
            self.second.setGeometry(
                QRect(
                    rect.x() + width + self.spacing(),
                    rect.y() + (height - second.height()) // 2,
                    second.width(),
                    second.height(),
                )
            )
        else:
            self.first.setGeometry(QRect(rect.x(), rect.y(), rect.width(), first.height()))
            below = rect.y() + first.height() + self.spacing()
            self.second.setGeometry(QRect(rect.x(), below, second.width(), second.height()))


class EnterButton(QPushButton):
    """A button that Enter presses too, not only Space: outside dialogs Qt leaves Enter to the
    window, so a receptionist who reaches it by keyboard would press Enter for nothing."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.isAutoRepeat():
            self.animateClick()
            return
        super().keyPressEvent(event)


def choose_quick_flags(entries: list[RedFlagEntry]) -> list[RedFlagEntry]:
    """The commonest emergencies if the directory has them, else the most urgent protocols."""
    by_key = {entry.key: entry for entry in entries}
    chosen = [by_key[key] for key in QUICK_KEYS if key in by_key]
    if not chosen:
        chosen = sorted(entries, key=lambda e: (e.urgency.rank, e.title))
    return chosen[:MAX_QUICK]


class QuickButtons(QWidget):
    """Always-visible buttons, Ctrl+1 to Ctrl+6, that raise a protocol's banner at once; on a
    narrow screen they wrap onto a second line rather than go off the edge."""

    chosen = Signal(object)  # RedFlagEntry

    def __init__(self, entries: list[RedFlagEntry], parent: QObject | None = None) -> None:
        super().__init__()
        layout = FlowLayout(self)
        layout.addWidget(QLabel("Emergencies:"))
        self.buttons: list[QPushButton] = []
        for number, entry in enumerate(choose_quick_flags(entries), start=1):
            label = QUICK_LABELS.get(entry.key, entry.title)
            button = QPushButton(f"{label} (Ctrl+{number})")
            button.setAccessibleName(f"Emergency: {entry.title}")
            button.setStyleSheet("QPushButton { color: #a50e0e; font-weight: bold; }")
            button.clicked.connect(lambda _=False, e=entry: self.chosen.emit(e))
            layout.addWidget(button)
            self.buttons.append(button)
