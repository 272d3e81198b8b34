"""The scenario editor: every field of a scenario, checked as one before it is saved."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from signposting.domain import ScenarioCategory, Urgency
from signposting.problems import Problem
from signposting.training.scenarios import OTHER_OUTCOMES, Scenario, scenario_from_dict

NO_AGE = -1
ANSWER_SEPARATOR = "|"


def _keys(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


class KeyPicker(QWidget):
    """A list of keys typed or added from the directory by name."""

    def __init__(self, placeholder: str) -> None:
        super().__init__()
        self.keys = QLineEdit()
        self.keys.setPlaceholderText(placeholder)
        self.choice = QComboBox()
        self.choice.setAccessibleName("Add from the directory")
        add = QPushButton("Add")
        add.clicked.connect(self.add_chosen)
        adding = QHBoxLayout()
        adding.addWidget(self.choice, stretch=1)
        adding.addWidget(add)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.keys)
        layout.addLayout(adding)

    def set_choices(self, titles: dict[str, str]) -> None:
        self.choice.clear()
        for key, title in sorted(titles.items(), key=lambda item: item[1]):
            self.choice.addItem(title, key)

    def add_chosen(self) -> None:
        key = self.choice.currentData()
        current = _keys(self.keys.text())
        if key and key not in current:
            self.keys.setText(", ".join([*current, key]))

    def text(self) -> str:
        return self.keys.text()

    def setText(self, text: str) -> None:  # noqa: N802 - mirrors QLineEdit
        self.keys.setText(text)


class ScenarioForm(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.key = QLineEdit()
        self.title = QLineEdit()
        self.category = QComboBox()
        for category in ScenarioCategory:
            self.category.addItem(category.label, category.value)
        self.persona_name = QLineEdit()
        self.persona_age = QSpinBox()
        self.persona_age.setRange(NO_AGE, 120)
        self.persona_age.setSpecialValueText("not given")
        self.persona_manner = QLineEdit()
        self.opening_line = QPlainTextEdit()
        self.answers = QPlainTextEdit()
        self.answers.setPlaceholderText("One per line: question | answer")
        self.services = KeyPicker("service keys, comma-separated")
        self.outcomes = {
            outcome: QCheckBox(outcome.value.replace("_", " ")) for outcome in OTHER_OUTCOMES
        }
        self.red_flags = KeyPicker("red-flag keys, comma-separated")
        self.urgency = QComboBox()
        self.urgency.addItem("(not a red flag)", None)
        for urgency in Urgency:
            self.urgency.addItem(urgency.label, urgency.value)
        self.hidden = QCheckBox("The red flag is hidden behind an innocent opening line")
        self.teaching_points = QPlainTextEdit()
        self.teaching_points.setPlaceholderText("One teaching point per line")
        form = QFormLayout(self)
        for label, widget in [
            ("Key:", self.key),
            ("Title:", self.title),
            ("Category:", self.category),
            ("Caller's name:", self.persona_name),
            ("Patient's age:", self.persona_age),
            ("How they speak:", self.persona_manner),
            ("Opening line:", self.opening_line),
            ("Answers if asked:", self.answers),
            ("Right services:", self.services),
            *[("Or:", box) for box in self.outcomes.values()],
            ("Red flags:", self.red_flags),
            ("Urgency:", self.urgency),
            ("", self.hidden),
            ("Teaching points:", self.teaching_points),
        ]:
            widget.setAccessibleName(label.rstrip(":") or self.hidden.text())
            form.addRow(label, widget)

    def set_directory(self, services: dict[str, str], red_flags: dict[str, str]) -> None:
        """What the pickers offer: this directory's services and protocols by name."""
        self.services.set_choices(services)
        self.red_flags.set_choices(red_flags)

    def show_scenario(self, scenario: Scenario | None) -> None:
        data: dict[str, Any] = scenario.to_dict() if scenario else {}
        persona = data.get("persona", {})
        expected = data.get("expected", {})
        self.key.setText(data.get("key", ""))
        self.title.setText(data.get("title", ""))
        self.category.setCurrentIndex(max(0, self.category.findData(data.get("category"))))
        self.persona_name.setText(persona.get("name", ""))
        age = persona.get("age")
        self.persona_age.setValue(NO_AGE if age is None else age)
        self.persona_manner.setText(persona.get("manner", ""))
        self.opening_line.setPlainText(data.get("opening_line", ""))
        self.answers.setPlainText(
            "\n".join(
                f"{a['question']} {ANSWER_SEPARATOR} {a['answer']}" for a in data.get("answers", [])
            )
        )
        self.services.setText(", ".join(expected.get("services", [])))
        for outcome, box in self.outcomes.items():
            box.setChecked(outcome.value in expected.get("outcomes", []))
        self.red_flags.setText(", ".join(expected.get("red_flags", [])))
        self.urgency.setCurrentIndex(max(0, self.urgency.findData(expected.get("urgency"))))
        self.hidden.setChecked(bool(data.get("hidden_red_flag")))
        self.teaching_points.setPlainText("\n".join(data.get("teaching_points", [])))

    def values(self) -> dict[str, Any]:
        """The form as a scenario dictionary (the file format)."""
        answers = []
        for line in self.answers.toPlainText().splitlines():
            if line.strip():
                question, _, answer = line.partition(ANSWER_SEPARATOR)
                answers.append({"question": question.strip(), "answer": answer.strip()})
        age = self.persona_age.value()
        return {
            "key": self.key.text().strip(),
            "title": self.title.text(),
            "category": self.category.currentData(),
            "persona": {
                "name": self.persona_name.text(),
                "age": None if age == NO_AGE else age,
                "manner": self.persona_manner.text(),
            },
            "opening_line": self.opening_line.toPlainText(),
            "answers": answers,
            "expected": {
                "services": _keys(self.services.text()),
                "outcomes": [o.value for o, box in self.outcomes.items() if box.isChecked()],
                "red_flags": _keys(self.red_flags.text()),
                "urgency": self.urgency.currentData(),
            },
            "hidden_red_flag": self.hidden.isChecked(),
            "teaching_points": [
                line.strip()
                for line in self.teaching_points.toPlainText().splitlines()
                if line.strip()
            ],
        }

    def scenario(self) -> tuple[Scenario | None, list[Problem]]:
        return scenario_from_dict(self.values(), "editor", 0)
