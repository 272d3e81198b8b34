"""Training scenarios: the shipped set is complete and playable against the demo directory;
scenario files import all or nothing, locate every problem and report missing services."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from signposting.db.engine import Database
from signposting.db.models import StaffMember, TrainingScenario
from signposting.directory.demo import load_demo, read_demo_file
from signposting.domain import ScenarioCategory
from signposting.errors import ConflictError, PermissionDeniedError
from signposting.redflags.protocol import shipped_protocols
from signposting.training.scenario_files import (
    ScenarioImportError,
    apply_scenarios,
    preview_scenarios,
    read_scenario_file,
    write_scenario_file,
)
from signposting.training.scenarios import shipped_scenarios
from signposting.training.store import (
    DirectoryNames,
    delete_scenario,
    get_scenario,
    list_scenarios,
    save_scenario,
)
from tests.support.demo_engine import demo_engine

TUESDAY_MORNING = datetime(2026, 11, 24, 11, 0, tzinfo=UTC)
SERVICE_KEYS = [entry["key"] for entry in read_demo_file("services.toml")["service"]]
RED_FLAG_KEYS = {fields["key"] for fields in shipped_protocols()}
SHIPPED = shipped_scenarios()


def test_at_least_thirty_scenarios_ship_with_ten_red_flags_some_hidden() -> None:
    counts = Counter(s.category for s in SHIPPED)
    assert len(SHIPPED) >= 30
    assert counts[ScenarioCategory.RED_FLAG] >= 10
    assert counts[ScenarioCategory.ELIGIBILITY] >= 5
    assert sum(s.hidden_red_flag for s in SHIPPED) >= 4
    assert len({s.key for s in SHIPPED}) == len(SHIPPED)


def test_every_shipped_scenario_names_only_what_the_demo_directory_holds() -> None:
    for scenario in SHIPPED:
        assert set(scenario.expected.services) <= set(SERVICE_KEYS), scenario.key
        assert set(scenario.expected.red_flags) <= RED_FLAG_KEYS, scenario.key


def _search(text: str, age: int | None = None) -> tuple[list[str], list[str]]:
    result = demo_engine().search(text, age=age, now=TUESDAY_MORNING)
    services = [SERVICE_KEYS[m.entry.id - 1] for m in result.services[:5]]
    return services, [m.entry.key for m in result.red_flags]


@pytest.mark.parametrize(
    "scenario", [s for s in SHIPPED if s.category is ScenarioCategory.COMMON], ids=lambda s: s.key
)
def test_a_common_call_finds_its_service_from_the_opening_line(scenario: object) -> None:
    assert hasattr(scenario, "opening_line")
    services, _ = _search(scenario.opening_line, scenario.persona_age)  # type: ignore[attr-defined]
    assert set(services) & set(scenario.expected.services)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "scenario", [s for s in SHIPPED if s.expected.is_red_flag], ids=lambda s: s.key
)
def test_a_red_flag_call_raises_its_protocol_at_the_desk(scenario: object) -> None:
    """Open red flags show on the opening line; hidden ones only once the answer is typed."""
    assert hasattr(scenario, "expected")
    expected = set(scenario.expected.red_flags)  # type: ignore[attr-defined]
    _, on_opening = _search(scenario.opening_line)  # type: ignore[attr-defined]
    everything = " ".join(
        [scenario.opening_line] + [a.answer for a in scenario.answers]  # type: ignore[attr-defined]
    )
    _, on_everything = _search(everything)
    if scenario.hidden_red_flag:  # type: ignore[attr-defined]
        assert not expected & set(on_opening)
    else:
        assert expected & set(on_opening)
    assert expected & set(on_everything)


# ---------------------------------------------------------------------- files


def _write(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def _good() -> dict[str, object]:
    return SHIPPED[0].to_dict()


def test_a_file_with_problems_names_file_row_and_field(tmp_path: Path) -> None:
    bad_age = _good() | {"key": "two", "persona": {"name": "A", "age": 300}}
    no_expectation = _good() | {"key": "three", "expected": {}}
    wrong_category = _good() | {"key": "four", "category": "red_flag"}
    path = _write(
        tmp_path / "shared.json",
        {
            "format": "signposting-scenarios",
            "version": 1,
            "scenarios": [_good(), bad_age, no_expectation, wrong_category, _good()],
        },
    )
    with pytest.raises(ScenarioImportError) as caught:
        read_scenario_file(path)
    located = {(p.file, p.row, p.column) for p in caught.value.problems}
    assert ("shared.json", 2, "persona.age") in located
    assert ("shared.json", 3, "expected") in located
    assert ("shared.json", 4, "category") in located
    assert ("shared.json", 5, "key") in located  # the same key as row 1
    assert "nothing imported" in str(caught.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ('{"format": "something-else"}', "not a scenario file"),
        ('{"format": "signposting-scenarios", "version": 9, "scenarios": []}', "version 9"),
        ('{"format": "signposting-scenarios", "version": 1, "scenarios": []}', "no scenarios"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ScenarioImportError, match=message):
        read_scenario_file(path)


def test_scenarios_read_from_toml_too(tmp_path: Path) -> None:
    path = tmp_path / "few.toml"
    path.write_text(
        '[[scenario]]\nkey = "cold"\ntitle = "A cold"\ncategory = "common"\n'
        'persona = { name = "Ann" }\nopening_line = "I have a cold"\n'
        'expected = { services = ["pharmacy-minor-illness"] }\n',
        encoding="utf-8",
    )
    [scenario] = read_scenario_file(path)
    assert scenario.key == "cold" and scenario.persona_age is None


@pytest.fixture
def live(database: Database) -> Database:
    with database.unit_of_work() as session:
        load_demo(session)
    return database


def _member(database: Database, name: str) -> StaffMember:
    with database.unit_of_work() as session:
        return session.scalars(sa.select(StaffMember).where(StaffMember.name == name)).one()


def test_the_demo_brings_its_scenarios_and_all_are_playable(live: Database) -> None:
    with live.unit_of_work() as session:
        scenarios = list_scenarios(session)
        names = DirectoryNames.read(session)
    assert len(scenarios) == len(SHIPPED)
    assert [s.key for s in scenarios if names.missing(s)] == []


def test_export_then_import_round_trips_unchanged(live: Database, tmp_path: Path) -> None:
    with live.unit_of_work() as session:
        before = list_scenarios(session)
    path = tmp_path / "ours.json"
    assert write_scenario_file(path, before) == len(before)
    again = read_scenario_file(path)
    assert [s.to_dict() for s in again] == [s.to_dict() for s in before]
    with live.unit_of_work() as session:
        preview = preview_scenarios(session, again)
    assert (len(preview.added), len(preview.updated), len(preview.unchanged)) == (0, 0, len(again))


def test_a_scenario_naming_a_missing_service_is_reported_and_kept(
    live: Database, tmp_path: Path
) -> None:
    other = _good() | {
        "key": "from-elsewhere",
        "expected": {"services": ["leeds-podiatry", "pharmacy-first-uti"]},
    }
    escalation = SHIPPED[-1].to_dict() | {
        "key": "unknown-flag",
        "expected": {"red_flags": ["their-own-flag"], "urgency": "emergency_999"},
    }
    path = _write(tmp_path / "theirs.json", [other, escalation])
    trainer = _member(live, "Lee Jones")
    with live.unit_of_work() as session:
        preview = apply_scenarios(session, trainer, read_scenario_file(path))
    assert preview.added == ["from-elsewhere", "unknown-flag"]
    assert preview.missing == {
        "from-elsewhere": ["service 'leeds-podiatry' is not in the directory"],
        "unknown-flag": ["red flag 'their-own-flag' is not in the directory"],
    }
    with live.unit_of_work() as session:
        assert get_scenario(session, "from-elsewhere").expected.services[0] == "leeds-podiatry"


def test_a_bad_file_changes_nothing(live: Database, tmp_path: Path) -> None:
    changed = _good() | {"title": "Changed title"}
    broken = _good() | {"key": "broken", "opening_line": ""}
    path = _write(tmp_path / "half.json", [changed, broken])
    with live.unit_of_work() as session:
        before = session.scalar(sa.select(sa.func.count()).select_from(TrainingScenario))
    with pytest.raises(ScenarioImportError) as caught:
        read_scenario_file(path)
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "opening_line")]
    with live.unit_of_work() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(TrainingScenario)) == before
        assert get_scenario(session, SHIPPED[0].key).title == SHIPPED[0].title


def test_only_trainers_and_managers_change_scenarios(live: Database) -> None:
    receptionist = _member(live, "Alex Morgan")
    with live.unit_of_work() as session, pytest.raises(PermissionDeniedError):
        save_scenario(session, receptionist, SHIPPED[0])
    with live.unit_of_work() as session, pytest.raises(PermissionDeniedError):
        apply_scenarios(session, receptionist, SHIPPED[:1])


def test_editing_renaming_and_deleting_a_scenario(live: Database) -> None:
    manager = _member(live, "Chris Taylor")
    original = SHIPPED[0]
    renamed = type(original)(**{**original.__dict__, "key": "uti-renamed", "title": "Renamed"})
    with live.unit_of_work() as session:
        saved = save_scenario(session, manager, renamed, replacing=original.key)
    assert saved.key == "uti-renamed"
    with live.unit_of_work() as session, pytest.raises(ConflictError):
        save_scenario(session, manager, SHIPPED[1])
    with live.unit_of_work() as session:
        delete_scenario(session, manager, "uti-renamed")
        assert "uti-renamed" not in {s.key for s in list_scenarios(session)}
