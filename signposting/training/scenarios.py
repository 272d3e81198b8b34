"""Training scenarios: a caller, what they say when asked, and the result a receptionist should
reach. The same dictionary shape is used by the shipped TOML, scenario files and the editor."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Any

from signposting.domain import Outcome, ScenarioCategory, Urgency
from signposting.problems import Problem

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")
#: Results other than a signpost that a scenario may expect (a closed service, say).
OTHER_OUTCOMES = (Outcome.BOOKED_CLINICIAN, Outcome.NO_SUITABLE_SERVICE)
MAX_AGE = 120


@dataclass(frozen=True)
class Answer:
    """What the caller says when the receptionist asks this."""

    question: str
    answer: str


@dataclass(frozen=True)
class Expectation:
    """The right result: acceptable services or other outcomes, or a red-flag escalation."""

    services: tuple[str, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    red_flags: tuple[str, ...] = ()
    urgency: Urgency | None = None

    @property
    def is_red_flag(self) -> bool:
        return self.urgency is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "services": list(self.services),
            "outcomes": [o.value for o in self.outcomes],
            "red_flags": list(self.red_flags),
            "urgency": self.urgency.value if self.urgency else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Expectation:
        urgency = data.get("urgency")
        return cls(
            tuple(data.get("services") or ()),
            tuple(Outcome(o) for o in data.get("outcomes") or ()),
            tuple(data.get("red_flags") or ()),
            Urgency(urgency) if urgency else None,
        )

    def describe(self, titles: Mapping[str, str] | None = None) -> str:
        """The expectation in a trainer's words (with directory titles for keys, if given)."""
        names = titles or {}
        if self.urgency is not None:
            flags = " or ".join(names.get(key, key) for key in self.red_flags)
            return f"Red flag: {self.urgency.label}" + (f" ({flags})" if flags else "")
        parts = [names.get(key, key) for key in self.services]
        parts += [o.value.replace("_", " ") for o in self.outcomes]
        return "Signpost: " + " or ".join(parts)


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str
    category: ScenarioCategory
    persona_name: str
    opening_line: str
    expected: Expectation
    persona_age: int | None = None
    persona_manner: str = ""
    answers: tuple[Answer, ...] = ()
    hidden_red_flag: bool = False
    teaching_points: tuple[str, ...] = ()
    is_example: bool = False
    id: int | None = field(default=None, compare=False)

    def with_id(self, scenario_id: int) -> Scenario:
        return replace(self, id=scenario_id)

    def to_dict(self) -> dict[str, Any]:
        """The scenario in the file format (no database id)."""
        return {
            "key": self.key,
            "title": self.title,
            "category": self.category.value,
            "persona": {
                "name": self.persona_name,
                "age": self.persona_age,
                "manner": self.persona_manner,
            },
            "opening_line": self.opening_line,
            "answers": [{"question": a.question, "answer": a.answer} for a in self.answers],
            "expected": self.expected.to_dict(),
            "hidden_red_flag": self.hidden_red_flag,
            "teaching_points": list(self.teaching_points),
        }


class _Reader:
    """Reads one scenario dictionary, collecting every problem with where it is."""

    def __init__(self, data: dict[str, Any], file: str, row: int) -> None:
        self.data, self.file, self.row = data, file, row
        self.problems: list[Problem] = []

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.row, column, message))

    def text(self, source: dict[str, Any], name: str, column: str, *, required: bool) -> str:
        value = source.get(name, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.problem(column, "must be text")
            return ""
        if required and not value.strip():
            self.problem(column, "is required")
        return value.strip()

    def texts(self, source: dict[str, Any], name: str, column: str) -> tuple[str, ...]:
        value = source.get(name) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(column, "must be a list of text")
            return ()
        return tuple(v.strip() for v in value if v.strip())

    def section(self, name: str) -> dict[str, Any]:
        value = self.data.get(name) or {}
        if not isinstance(value, dict):
            self.problem(name, "must be a table of fields")
            return {}
        return value


def scenario_from_dict(
    data: Any, file: str, row: int, *, is_example: bool = False
) -> tuple[Scenario | None, list[Problem]]:
    """A checked scenario, or None and every problem found (located by file, row, field)."""
    if not isinstance(data, dict):
        return None, [Problem(file, row, "", "each scenario must be a table of fields")]
    reader = _Reader(data, file, row)
    key = reader.text(data, "key", "key", required=True)
    if key and not KEY_PATTERN.match(key):
        reader.problem("key", "use lower-case letters, digits and hyphens (up to 80)")
    title = reader.text(data, "title", "title", required=True)
    category = _category(reader)
    persona = reader.section("persona")
    name = reader.text(persona, "name", "persona.name", required=True)
    age = _age(reader, persona.get("age"))
    manner = reader.text(persona, "manner", "persona.manner", required=False)
    opening = reader.text(data, "opening_line", "opening_line", required=True)
    answers = _answers(reader)
    expected = _expectation(reader, category)
    hidden = data.get("hidden_red_flag", False)
    if not isinstance(hidden, bool):
        reader.problem("hidden_red_flag", "must be true or false")
        hidden = False
    if hidden and expected is not None and not expected.is_red_flag:
        reader.problem("hidden_red_flag", "only a red-flag scenario can hide its red flag")
    points = reader.texts(data, "teaching_points", "teaching_points")
    if reader.problems or category is None or expected is None:
        return None, reader.problems
    scenario = Scenario(
        key,
        title,
        category,
        name,
        opening,
        expected,
        age,
        manner,
        answers,
        hidden,
        points,
        is_example,
    )
    return scenario, []


def _category(reader: _Reader) -> ScenarioCategory | None:
    value = reader.data.get("category")
    try:
        return ScenarioCategory(str(value))
    except ValueError:
        choices = ", ".join(c.value for c in ScenarioCategory)
        reader.problem("category", f"{value!r} is not one of {choices}")
        return None


def _age(reader: _Reader, value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_AGE:
        reader.problem("persona.age", f"must be a whole number of years, 0 to {MAX_AGE}")
        return None
    return value


def _answers(reader: _Reader) -> tuple[Answer, ...]:
    raw = reader.data.get("answers") or []
    if not isinstance(raw, list):
        reader.problem("answers", "must be a list of question and answer pairs")
        return ()
    answers = []
    for number, item in enumerate(raw, start=1):
        column = f"answers[{number}]"
        if not isinstance(item, dict):
            reader.problem(column, "must have a question and an answer")
            continue
        question = reader.text(item, "question", f"{column}.question", required=True)
        answer = reader.text(item, "answer", f"{column}.answer", required=True)
        answers.append(Answer(question, answer))
    return tuple(answers)


def _expectation(reader: _Reader, category: ScenarioCategory | None) -> Expectation | None:
    section = reader.section("expected")
    services = reader.texts(section, "services", "expected.services")
    red_flags = reader.texts(section, "red_flags", "expected.red_flags")
    outcomes = []
    for value in reader.texts(section, "outcomes", "expected.outcomes"):
        try:
            outcome = Outcome(value)
        except ValueError:
            outcome = None
        if outcome not in OTHER_OUTCOMES:
            allowed = ", ".join(o.value for o in OTHER_OUTCOMES)
            reader.problem("expected.outcomes", f"{value!r} is not one of {allowed}")
        else:
            outcomes.append(outcome)
    urgency_text = section.get("urgency")
    urgency = None
    if urgency_text:
        try:
            urgency = Urgency(urgency_text)
        except ValueError:
            choices = ", ".join(u.value for u in Urgency)
            reader.problem("expected.urgency", f"{urgency_text!r} is not one of {choices}")
            return None
    if urgency is None and red_flags:
        reader.problem("expected.urgency", "a red-flag escalation needs its urgency")
    if urgency is not None and (services or outcomes):
        reader.problem("expected", "expect either a red-flag escalation or a signpost, not both")
    if urgency is None and not (services or outcomes or red_flags):
        reader.problem("expected", "say which services (or outcome, or red flag) are right")
    if category is ScenarioCategory.RED_FLAG and urgency is None:
        reader.problem("category", "a red_flag scenario must expect a red-flag escalation")
    if category not in (None, ScenarioCategory.RED_FLAG) and urgency is not None:
        reader.problem("category", "a scenario expecting an escalation is category red_flag")
    return Expectation(services, tuple(outcomes), red_flags, urgency)


def shipped_scenarios() -> list[Scenario]:
    """The example scenarios written against the demo directory."""
    text = resources.files(__package__).joinpath("scenarios.toml").read_text(encoding="utf-8")
    scenarios = []
    for row, data in enumerate(tomllib.loads(text)["scenario"], start=1):
        scenario, problems = scenario_from_dict(data, "scenarios.toml", row, is_example=True)
        if scenario is None:
            raise ValueError("; ".join(str(p) for p in problems))
        scenarios.append(scenario)
    return scenarios
