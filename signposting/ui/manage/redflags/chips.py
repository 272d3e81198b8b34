"""A protocol's rules drawn as chips: one chip per slot, its concepts inside."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLabel, QLayout, QLayoutItem, QVBoxLayout, QWidget

from signposting.labels import concept_label
from signposting.redflags.rules import Rule, is_concept_name

CHIP_STYLE = (
    "QLabel {{ background: {background}; color: #1b1b1b; border: 1px solid {border};"
    " border-radius: 9px; padding: 2px 8px; }}"
)
SLOT = CHIP_STYLE.format(background="#e3ecf9", border="#5b7fb8")
SIGN = CHIP_STYLE.format(background="#f5ead7", border="#a4762a")
LITERAL = CHIP_STYLE.format(background="#eeeeee", border="#888888")


def chip(items: tuple[str, ...], style: str) -> QLabel:
    """A slot in words ('Arm or Leg'), the names rules are written with in its tooltip."""
    text = slot_text(items)
    label = QLabel(text)
    label.setStyleSheet(style)
    label.setAccessibleName(f"Slot {text}")
    label.setToolTip(f"In the rules: {slot_notation(items)}")
    return label


def slot_text(items: tuple[str, ...]) -> str:
    """'Arm or Leg or \u201cbrolly\u201d': concepts in words, literal words quoted."""
    return " or ".join(
        concept_label(item) if is_concept_name(item) else f"\u201c{item}\u201d" for item in items
    )


def slot_notation(items: tuple[str, ...]) -> str:
    """'ARM | LEG | "brolly"': the slot as a clinician writes it in a rule."""
    return " | ".join(item if is_concept_name(item) else f'"{item}"' for item in items)


class FlowLayout(QLayout):
    """Widgets left to right, wrapping onto the next line when the row is full."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self.setSpacing(spacing)
        self.setContentsMargins(0, 0, 0, 0)

    def __del__(self) -> None:
        while self.takeAt(0) is not None:
            pass

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt's name
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt's name
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt's name
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt's name
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt's name
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return self.minimumSize()

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt's name
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.minimumSize())
        return size

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        x, y, line = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() and line:
                x, y, line = rect.x(), y + line + self.spacing(), 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self.spacing()
            line = max(line, hint.height())
        return y + line - rect.y()


class RuleChips(QWidget):
    """One rule: slots as blue chips joined by +, signs as amber chips, options after."""

    def __init__(self, rule: Rule, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = FlowLayout(self)
        for number, slot in enumerate(rule.slots):
            if number:
                row.addWidget(QLabel("+"))
            literal = not any(is_concept_name(item) for item in slot)
            row.addWidget(chip(slot, LITERAL if literal else SLOT))
        if rule.signs:
            if rule.slots:
                row.addWidget(QLabel("+"))
            row.addWidget(QLabel(f"{rule.at_least} of"))
            for sign in rule.signs:
                row.addWidget(chip(sign, SIGN))
        options = [f"within {rule.window} words"]
        if rule.urgency is not None:
            options.append(f"at {rule.urgency.label}")
        row.addWidget(QLabel(f"({', '.join(options)})"))


class RulesView(QWidget):
    """Every rule of a protocol, one row each."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.rows: list[RuleChips] = []

    def show_rules(self, rules: list[Rule]) -> None:
        for row in self.rows:
            self.column.removeWidget(row)
            row.deleteLater()
        self.rows = [RuleChips(rule) for rule in rules]
        for row in self.rows:
            self.column.addWidget(row)
