"""A protocol's rules drawn as chips: one chip per slot, its concepts inside."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from signposting.labels import concept_label
from signposting.redflags.rules import Rule, is_concept_name
from signposting.ui.flow_layout import FlowLayout

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


class RuleChips(QWidget):
    """One rule: slots as blue chips joined by +, signs as amber chips, options after."""

    def __init__(self, rule: Rule, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = FlowLayout(self, spacing=4)
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
