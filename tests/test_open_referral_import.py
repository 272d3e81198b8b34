"""Importing Open Referral from the command line and the manager's dialog: the preview names
ignored fields, and one page of a longer list never retires the rest unless asked to."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import sqlalchemy as sa
from pytestqt.qtbot import QtBot

from signposting.cli.main import main
from signposting.db.engine import Database
from signposting.db.models import Service, StaffMember
from signposting.domain import ServiceStatus
from tests.support.directory import manager

FIXTURES = Path(__file__).parent / "fixtures" / "open_referral"
MANAGER = "Morgan Import"


@pytest.fixture
def twenty(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A directory of twenty services, and no terminal to ask on."""
    database = Database(database_url)
    with database.unit_of_work() as session:
        manager(session)
    database.dispose()
    monkeypatch.setenv("SIGNPOSTING_PASSWORD", "correct horse battery")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    full = tmp_path / "full.csv"
    rows = "".join(f"s{i},Service {i},Cat\n" for i in range(20))
    full.write_text("key,name,category\n" + rows, "utf-8")
    assert (
        main(["--database", database_url, "directory", "import", str(full), "--as", MANAGER]) == 0
    )
    return database_url


def statuses(database_url: str) -> dict[str, ServiceStatus]:
    database = Database(database_url)
    try:
        with database.unit_of_work() as session:
            return dict(session.execute(sa.select(Service.name, Service.status)).all())
    finally:
        database.dispose()


def test_a_list_page_imports_without_retiring_anything(
    twenty: str, capsys: pytest.CaptureFixture[str]
) -> None:
    page = str(FIXTURES / "hsds3_list_page.json")
    assert main(["--database", twenty, "directory", "import", page, "--as", MANAGER]) == 0
    said = capsys.readouterr().out
    assert "this file is page 1 of 3 (2 of 5 services) of a longer list" in said
    assert "nothing will be retired" in said
    assert "  to retire: " not in said
    found = statuses(twenty)
    assert found["Riverside Food Bank"] is ServiceStatus.ACTIVE
    assert ServiceStatus.RETIRED not in found.values()


def test_a_list_page_retires_only_when_the_manager_says_so(twenty: str) -> None:
    page = str(FIXTURES / "hsds3_list_page.json")
    command = ["--database", twenty, "directory", "import", page, "--allow-retiring"]
    assert main([*command, "--as", MANAGER]) == 0
    assert list(statuses(twenty).values()).count(ServiceStatus.RETIRED) == 20


def test_the_preview_lists_ignored_fields(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(FIXTURES / "hsds3_service.json")
    assert main(["--database", database_url, "directory", "import", path, "--dry-run"]) == 0
    said = capsys.readouterr().out
    assert "  ignored: " in said and "location.latitude" in said and "service.last_modified" in said
    assert "  kept in the service notes: phone.extension" in said
    assert "cannot be held as weekly opening hours" in said


def test_the_dialog_shows_ignored_fields_and_never_retires_for_a_page(
    database: Database, qtbot: QtBot
) -> None:
    from signposting.ui.manage.import_dialog import ImportDialog  # noqa: PLC0415

    with database.unit_of_work() as session:
        actor = manager(session)
        session.add(Service(key="kept", name="Kept service", category="Cat"))
        session.flush()
        actor_id = actor.id
    dialog = ImportDialog(database, actor_id)
    qtbot.addWidget(dialog)
    assert dialog.load(FIXTURES / "hsds3_service.json")
    assert "ignored: " in dialog.report.toPlainText()
    assert "location.latitude" in dialog.report.toPlainText()
    assert not dialog.retire_missing.isVisibleTo(dialog)
    assert dialog.load(FIXTURES / "hsds3_list_page.json")
    assert dialog.retire_missing.isVisibleTo(dialog) and not dialog.retire_missing.isChecked()
    assert "page 1 of 3" in dialog.report.toPlainText()
    assert "to retire" not in dialog.report.toPlainText()
    assert "nothing retired" in dialog.status.text()
    assert dialog.apply()
    with database.unit_of_work() as session:
        kept = session.scalars(sa.select(Service).where(Service.key == "kept")).one()
        assert kept.status is ServiceStatus.ACTIVE
        assert session.scalar(sa.select(sa.func.count()).select_from(StaffMember)) == 1


def test_the_dialog_retires_for_a_page_only_when_ticked(database: Database, qtbot: QtBot) -> None:
    from signposting.ui.manage.import_dialog import ImportDialog  # noqa: PLC0415

    with database.unit_of_work() as session:
        actor_id = manager(session).id
        session.add(Service(key="gone", name="Gone service", category="Cat"))
    dialog = ImportDialog(database, actor_id)
    qtbot.addWidget(dialog)
    assert dialog.load(FIXTURES / "hsds3_list_page.json")
    dialog.retire_missing.setChecked(True)
    assert "to retire: Gone service" in dialog.report.toPlainText()
    assert dialog.apply()
    with database.unit_of_work() as session:
        gone = session.scalars(sa.select(Service).where(Service.key == "gone")).one()
        assert gone.status is ServiceStatus.RETIRED
