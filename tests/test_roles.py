"""Records, reports, the audit log and shared settings: each refused to roles that may not, with
nothing changed, and allowed to those that may; on the command line too."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.accounts.audit_log import read_audit_log
from signposting.accounts.passwords import add_staff
from signposting.analysis.assumptions import Assumptions, save_assumptions
from signposting.analysis.clinical_csv import parse_report, store_report
from signposting.analysis.codes import save_codes
from signposting.analysis.savings import analyse
from signposting.cli.main import main
from signposting.db.engine import Database
from signposting.db.models import (
    ImportedCount,
    LayTermGroup,
    SavingsAssumptions,
    ServiceCode,
    StaffMember,
)
from signposting.domain import Role
from signposting.errors import PermissionDeniedError
from signposting.export.profiles import Profile
from signposting.export.records import export_records
from signposting.search.practice_words import add_vocabulary_group
from tests.factories import make_member, make_practice, make_service

PASSWORD = "correct horse battery"
COUNTS = b"Organisation,Period Start,Period End,Appointments\nA81001,01/01/2026,31/01/2026,900\n"
Action = Callable[[Session, StaffMember | None, dict[str, int]], Any]

ACTIONS: dict[str, tuple[Action, type, frozenset[Role]]] = {
    "change export codes": (
        lambda s, actor, ids: save_codes(s, actor, ids["practice"], {ids["service"]: ("", "")}),
        ServiceCode,
        frozenset({Role.MANAGER, Role.CLINICIAN}),
    ),
    "change savings assumptions": (
        lambda s, actor, ids: save_assumptions(s, actor, None, Assumptions()),
        SavingsAssumptions,
        frozenset({Role.MANAGER}),
    ),
    "import clinical counts": (
        lambda s, actor, ids: store_report(s, actor, parse_report(COUNTS, "counts.csv")),
        ImportedCount,
        frozenset({Role.MANAGER}),
    ),
    "add search vocabulary": (
        lambda s, actor, ids: add_vocabulary_group(s, actor, ["gammy knee", "knee pain"]),
        LayTermGroup,
        frozenset({Role.MANAGER}),
    ),
    "read the audit log": (
        lambda s, actor, ids: read_audit_log(s, actor),
        type(None),
        frozenset({Role.MANAGER, Role.CLINICIAN}),
    ),
    "read the savings analysis": (
        lambda s, actor, ids: analyse(s, actor, date(2026, 1, 1), date(2026, 1, 31), Assumptions()),
        type(None),
        frozenset({Role.MANAGER, Role.CLINICIAN}),
    ),
}


@pytest.fixture
def ids(database: Database) -> dict[str, int]:
    with database.unit_of_work() as session:
        practice = make_practice(session, "A81001")
        service = make_service(session)
        return {"practice": practice.id, "service": service.id}


def _rows(database: Database, table: type) -> int:
    if table is type(None):
        return 0
    with database.unit_of_work() as session:
        return int(session.scalar(sa.select(sa.func.count()).select_from(table)) or 0)


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("role", [None, *Role])
def test_each_action_is_for_its_roles_only(
    database: Database, ids: dict[str, int], action: str, role: Role | None
) -> None:
    run, table, allowed_roles = ACTIONS[action]
    if table is ServiceCode:  # something for the change to remove
        with database.unit_of_work() as session:
            session.add(
                ServiceCode(
                    practice_id=ids["practice"], service_id=ids["service"], code="1", term="x"
                )
            )
    before = _rows(database, table)
    if role in allowed_roles:
        with database.unit_of_work() as session:
            run(session, make_member(session, role), ids)
        if table is not type(None):
            assert _rows(database, table) != before
        return
    with pytest.raises(PermissionDeniedError) as refused, database.unit_of_work() as session:
        run(session, make_member(session, role) if role else None, ids)
    assert ("sign in to" if role is None else "may not") in str(refused.value)
    assert _rows(database, table) == before


def test_an_inactive_manager_is_refused(database: Database, ids: dict[str, int]) -> None:
    with pytest.raises(PermissionDeniedError), database.unit_of_work() as session:
        manager = make_member(session, Role.MANAGER)
        manager.active = False
        add_vocabulary_group(session, manager, ["a b", "c d"])


@pytest.mark.parametrize("role", [Role.RECEPTIONIST, Role.CLINICIAN, Role.TRAINER])
def test_only_a_manager_exports_records(
    database: Database, ids: dict[str, int], tmp_path: Path, role: Role
) -> None:
    with database.unit_of_work() as session:
        someone = make_member(session, role).id
        manager = make_member(session, Role.MANAGER).id
    path = tmp_path / "records.csv"
    for actor_id in (someone, None, 999_999):
        with pytest.raises(PermissionDeniedError):
            export_records(database, path, Profile.EMIS, actor_id=actor_id)
        assert not path.exists()
    assert export_records(database, path, Profile.EMIS, actor_id=manager) == 0
    assert path.exists()


@pytest.fixture
def staffed(database_url: str, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    database = Database(database_url)
    with database.unit_of_work() as session:
        practice = make_practice(session, "A81001")
        first = add_staff(
            session, None, "Morgan Manager", Role.MANAGER, practice=practice, password=PASSWORD
        )
        add_staff(session, first, "Dr Casey", Role.CLINICIAN, practice=practice, password=PASSWORD)
    database.dispose()
    monkeypatch.setenv("SIGNPOSTING_PASSWORD", PASSWORD)
    return ["--database", database_url]


def test_the_command_line_acts_as_someone_for_each(
    staffed: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    counts = tmp_path / "counts.csv"
    counts.write_bytes(COUNTS)
    commands = [
        ["export", "--profile", "emis", "-o", str(tmp_path / "r.csv")],
        ["report", "-o", str(tmp_path / "r.html")],
        ["vocabulary", "add", "gammy knee", "knee pain"],
    ]
    for command in commands:  # without --as, argparse stops it before anything runs
        with pytest.raises(SystemExit):
            main([*staffed, *command])
        assert "--as" in capsys.readouterr().err
    assert main([*staffed, "clinical", "import", str(counts)]) == 1
    assert "--as NAME" in capsys.readouterr().err
    refused = [*commands[0], "--as", "Dr Casey"], [*commands[2], "--as", "Dr Casey"]
    for command in refused:
        assert main([*staffed, *command]) == 1
        assert "Dr Casey (clinician) may not" in capsys.readouterr().err
    assert not (tmp_path / "r.csv").exists()
    for command in [*commands, ["clinical", "import", str(counts)]]:
        assert main([*staffed, *command, "--as", "Morgan Manager"]) == 0, command
    assert main([*staffed, *commands[1], "--as", "Dr Casey"]) == 0


def test_demo_load_into_a_live_database_with_a_manager_needs_one(
    staffed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([*staffed, "demo", "load"]) == 1
    assert "sign in to edit the service directory" in capsys.readouterr().err
    assert main([*staffed, "demo", "load", "--as", "Dr Casey"]) == 1
    assert main([*staffed, "demo", "load", "--as", "Morgan Manager"]) == 0
