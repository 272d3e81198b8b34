"""Scenario files for sharing between practices: read whole, previewed, applied all or nothing.

The file is JSON: ``{"format": "signposting-scenarios", "version": 1, "scenarios": [...]}``,
each scenario as ``Scenario.to_dict`` writes it. TOML with ``[[scenario]]`` tables is read too.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from signposting.accounts.permissions import Permission, require
from signposting.db.models import StaffMember
from signposting.export.atomic import atomic_binary_file
from signposting.problems import InputProblemsError, Problem
from signposting.training.scenarios import Scenario, scenario_from_dict
from signposting.training.store import DirectoryNames, list_scenarios, replace_all

FORMAT = "signposting-scenarios"
VERSION = 1


class ScenarioImportError(InputProblemsError):
    """Every problem in a scenario file, each with file, row (scenario number) and field."""


def read_scenario_file(path: Path) -> list[Scenario]:
    """Every scenario in the file, checked; raises with every problem found."""
    name = path.name
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ScenarioImportError([Problem(name, 0, "", f"cannot read: {exc.strerror}")]) from exc
    except UnicodeDecodeError as exc:
        problem = Problem(name, 0, "", f"not UTF-8 text (byte {exc.start}): save it as UTF-8")
        raise ScenarioImportError([problem]) from exc
    items = _items(text, name, toml=path.suffix.lower() == ".toml")
    scenarios: list[Scenario] = []
    problems: list[Problem] = []
    first_row: dict[str, int] = {}
    for row, item in enumerate(items, start=1):
        scenario, found = scenario_from_dict(item, name, row)
        problems.extend(found)
        if scenario is None:
            continue
        if scenario.key in first_row:
            problems.append(
                Problem(name, row, "key", f"{scenario.key!r} is also row {first_row[scenario.key]}")
            )
            continue
        first_row[scenario.key] = row
        scenarios.append(scenario)
    if problems:
        raise ScenarioImportError(problems)
    if not scenarios:
        raise ScenarioImportError([Problem(name, 0, "", "the file holds no scenarios")])
    return scenarios


def _items(text: str, name: str, *, toml: bool) -> list[Any]:
    try:
        document: Any = tomllib.loads(text) if toml else json.loads(text)
    except json.JSONDecodeError as exc:
        message = f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
        raise ScenarioImportError([Problem(name, 0, "", message)]) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioImportError([Problem(name, 0, "", f"not valid TOML: {exc}")]) from exc
    if toml:
        items = document.get("scenario", [])
    elif isinstance(document, list):
        items = document
    elif isinstance(document, dict) and document.get("format") == FORMAT:
        if document.get("version") != VERSION:
            message = f"version {document.get('version')!r} of the format; this reads {VERSION}"
            raise ScenarioImportError([Problem(name, 0, "version", message)])
        items = document.get("scenarios", [])
    else:
        message = f'not a scenario file (expected "format": "{FORMAT}")'
        raise ScenarioImportError([Problem(name, 0, "format", message)])
    if not isinstance(items, list):
        raise ScenarioImportError([Problem(name, 0, "scenarios", "must be a list")])
    return items


@dataclass(frozen=True)
class ScenarioPreview:
    """What importing would do, and what the scenarios name that this directory lacks."""

    added: list[str]
    updated: list[str]
    unchanged: list[str]
    missing: dict[str, list[str]]

    def summary(self) -> str:
        text = (
            f"{len(self.added)} new, {len(self.updated)} changed, "
            f"{len(self.unchanged)} unchanged scenario(s)"
        )
        if self.missing:
            text += f"; {len(self.missing)} name something missing from this directory"
        return text


def preview_scenarios(session: Session, scenarios: list[Scenario]) -> ScenarioPreview:
    current = {s.key: s for s in list_scenarios(session)}
    names = DirectoryNames.read(session)
    added, updated, unchanged = [], [], []
    for scenario in scenarios:
        before = current.get(scenario.key)
        if before is None:
            added.append(scenario.key)
        elif before.to_dict() == scenario.to_dict():
            unchanged.append(scenario.key)
        else:
            updated.append(scenario.key)
    missing = {s.key: found for s in scenarios if (found := names.missing(s))}
    return ScenarioPreview(added, updated, unchanged, missing)


def apply_scenarios(
    session: Session, actor: StaffMember | None, scenarios: list[Scenario]
) -> ScenarioPreview:
    """Import every scenario in the caller's transaction (all or nothing)."""
    require(actor, Permission.RUN_TRAINING)
    preview = preview_scenarios(session, scenarios)
    replace_all(session, [s for s in scenarios if s.key not in set(preview.unchanged)])
    return preview


def scenario_document(scenarios: list[Scenario]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "scenarios": [s.to_dict() for s in scenarios],
    }


def write_scenario_file(path: Path, scenarios: list[Scenario]) -> int:
    """Write scenarios as a file to share (replacing ``path`` only once complete)."""
    text = json.dumps(scenario_document(scenarios), ensure_ascii=False, indent=2) + "\n"
    with atomic_binary_file(path) as stream:
        stream.write(text.encode("utf-8"))
    return len(scenarios)
