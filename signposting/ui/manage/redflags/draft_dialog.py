"""Drafting a protocol: its words for the desk, its rules over concepts (as chips while typed),
its examples, a phrase to try against the draft, and the draft's impact on every example."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from signposting.db.models import RedFlagProtocol
from signposting.domain import Urgency
from signposting.errors import ValidationError
from signposting.redflags.impact import impact, with_protocol
from signposting.redflags.protocol import RedFlagEntry
from signposting.redflags.recogniser import Recogniser
from signposting.redflags.rules import (
    Modifier,
    Rule,
    RuleSet,
    is_concept_name,
    parse_modifier,
    parse_rule,
)
from signposting.redflags.thesaurus import Thesaurus
from signposting.ui.manage.redflags.chips import RulesView
from signposting.ui.manage.redflags.impact_view import ImpactText
from signposting.ui.manage.redflags.try_phrase import TryPhrase


def _lines(edit: QPlainTextEdit) -> list[str]:
    return [line.strip() for line in edit.toPlainText().splitlines() if line.strip()]


class DraftDialog(QDialog):
    """The fields of a protocol, filled from the current one, for a proposed change."""

    def __init__(
        self,
        protocol: RedFlagProtocol | None,
        parent: QWidget | None = None,
        *,
        thesaurus: Thesaurus | None = None,
        entries: list[RedFlagEntry] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Draft a red-flag change")
        self.protocol_id = protocol.id if protocol else -1
        self.thesaurus, self.entries = thesaurus, entries or []
        ruleset = RuleSet.from_json(protocol.rules, protocol.modifiers) if protocol else RuleSet()
        self.key = QLineEdit(protocol.key if protocol else "")
        self.title = QLineEdit(protocol.title if protocol else "")
        self.urgency = QComboBox()
        for urgency in Urgency:
            self.urgency.addItem(urgency.label, urgency)
        if protocol:
            self.urgency.setCurrentIndex(list(Urgency).index(protocol.urgency))
        self.action = QLineEdit(protocol.action if protocol else "")
        self.script = QPlainTextEdit(protocol.script if protocol else "")
        self.symptoms = QPlainTextEdit("\n".join(protocol.symptoms) if protocol else "")
        self.rules = QPlainTextEdit("\n".join(rule.notation() for rule in ruleset.rules))
        self.modifiers = QPlainTextEdit("\n".join(m.notation() for m in ruleset.modifiers))
        self.examples = QPlainTextEdit("\n".join(protocol.examples) if protocol else "")
        self.note = QLineEdit()
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #a50e0e;")
        self.problem.setAccessibleName("Problem with the rules")
        self.chips = RulesView()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = self._form()
        self.try_phrase: TryPhrase | None = None
        self.impact_text = ImpactText()
        self.impact_button = QPushButton("Check impact on all examples")
        side = QVBoxLayout()
        if thesaurus is not None:
            self.try_phrase = TryPhrase(Recogniser(thesaurus, self.entries))
            side.addWidget(self.try_phrase)
            side.addWidget(self.impact_button)
            side.addWidget(self.impact_text, stretch=1)
        columns = QHBoxLayout()
        columns.addLayout(form, stretch=3)
        columns.addLayout(side, stretch=2)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(self.buttons)
        self.rules.textChanged.connect(self.check)
        self.modifiers.textChanged.connect(self.check)
        self.impact_button.clicked.connect(self.check_impact)
        self.check()
        self.resize(1100, 760)

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        for label, widget in [
            ("Key:", self.key),
            ("Title:", self.title),
            ("Urgency:", self.urgency),
            ("Action (read aloud):", self.action),
            ("Script:", self.script),
            ("Clinical signs (one per line):", self.symptoms),
            ("Rules (one per line):", self.rules),
            ("Modifiers (CONCEPTS -> urgency: why):", self.modifiers),
            ("Calls it must raise (one per line):", self.examples),
            ("Why this change:", self.note),
        ]:
            widget.setAccessibleName(label.rstrip(":"))
            form.addRow(label, widget)
        form.addRow("", self.problem)
        form.addRow("As chips:", self.chips)
        return form

    def parsed(self) -> tuple[list[Rule], list[Modifier]]:
        """The rules and modifiers as typed; raises ValidationError naming the line."""
        rules, modifiers = [], []
        for number, text in enumerate(_lines(self.rules), start=1):
            try:
                rules.append(parse_rule(text))
            except ValidationError as error:
                raise ValidationError(f"rule {number}: {error}") from None
        for number, text in enumerate(_lines(self.modifiers), start=1):
            try:
                modifiers.append(parse_modifier(text))
            except ValidationError as error:
                raise ValidationError(f"modifier {number}: {error}") from None
        if not rules:
            raise ValidationError("give at least one rule")
        return rules, modifiers

    def check(self) -> bool:
        """Show the rules as chips, or what is wrong with them; OK only when they parse."""
        try:
            rules, _ = self.parsed()
        except ValidationError as error:
            self.problem.setText(str(error))
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            return False
        unknown = self._unknown_concepts(rules)
        self.problem.setText(
            f"Not in the thesaurus (they match nothing yet): {', '.join(unknown)}"
            if unknown
            else ""
        )
        self.chips.show_rules(rules)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)
        if self.try_phrase is not None and self.thesaurus is not None:
            self.try_phrase.set_recogniser(Recogniser(self.thesaurus, self.proposed_entries()))
        return True

    def _unknown_concepts(self, rules: list[Rule]) -> list[str]:
        if self.thesaurus is None:
            return []
        named = {item for rule in rules for item in rule.items() if is_concept_name(item)}
        return sorted(name for name in named if name not in self.thesaurus.concepts)

    def draft_entry(self) -> RedFlagEntry:
        rules, modifiers = self.parsed()
        fields = self.fields()
        return RedFlagEntry(
            id=self.protocol_id,
            key=fields["key"],
            title=fields["title"],
            urgency=fields["urgency"],
            action=fields["action"],
            rules=tuple(rules),
            modifiers=tuple(modifiers),
            examples=tuple(fields["examples"]),
            script=fields["script"],
        )

    def proposed_entries(self) -> list[RedFlagEntry]:
        return with_protocol(self.entries, self.draft_entry())

    def check_impact(self) -> None:
        if self.thesaurus is None or not self.check():
            return
        current = [replace(entry) for entry in self.entries]
        result = impact((self.thesaurus, current), (self.thesaurus, self.proposed_entries()))
        self.impact_text.show_impact(result)

    def fields(self) -> dict[str, Any]:
        rules, modifiers = self.parsed()
        return {
            "key": self.key.text().strip(),
            "title": self.title.text().strip(),
            "urgency": Urgency(self.urgency.currentData()),
            "action": self.action.text().strip(),
            "script": self.script.toPlainText().strip(),
            "symptoms": _lines(self.symptoms),
            "rules": [rule.to_json() for rule in rules],
            "modifiers": [modifier.to_json() for modifier in modifiers],
            "examples": _lines(self.examples),
        }
