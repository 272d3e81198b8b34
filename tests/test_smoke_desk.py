"""The desk's smoke test (``signposting desk --smoke-test``), which checks a frozen build."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QApplication

from signposting.cli.main import main
from signposting.db.engine import Database
from signposting.directory.demo import load_demo
from signposting.reception.session import DeskSession
from signposting.ui.desk.window import DeskWindow
from signposting.ui.smoke import DeskSmokeTest


@pytest.fixture
def demo_database(database: Database) -> Database:
    with database.unit_of_work() as unit:
        load_demo(unit)
    return database


@pytest.fixture
def window(demo_database: Database, qtbot: QtBot) -> Iterator[DeskWindow]:
    """The desk as the smoke test opens it: no one chosen at the desk."""
    desk = DeskWindow(DeskSession(demo_database))
    qtbot.addWidget(desk)
    desk.show()
    yield desk
    desk.toast.timer.stop()


def test_types_the_phrase_and_counts_the_services(window: DeskWindow, qtbot: QtBot) -> None:
    check = DeskSmokeTest(window, "sore throat")
    with qtbot.waitSignal(check.done, timeout=60_000) as blocker:
        check.start()
    assert blocker.args == [0]
    assert window.search_box.text() == "sore throat"
    found = window.results_model.rowCount()
    assert found > 0
    assert check.summary.startswith(f"desk smoke test: {found} results for 'sore throat'")
    assert "No one signed in" in window.staff_label.text()


def test_fails_when_no_service_comes_back(window: DeskWindow, qtbot: QtBot) -> None:
    check = DeskSmokeTest(window, "qqxzv", results_wait_s=0.2)
    with qtbot.waitSignal(check.done, timeout=60_000) as blocker:
        check.start()
    assert blocker.args == [1]
    assert check.summary == "desk smoke test: failed: 0 results for 'qqxzv'"


def test_desk_command_runs_it_and_reports_one_line(
    demo_database: Database,
    database_url: str,
    qtbot: QtBot,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["--database", database_url, "desk", "--smoke-test"])
    out = capsys.readouterr().out
    assert code == 0, out
    (line,) = out.splitlines()
    assert line.startswith("desk smoke test: ")
    assert "results for 'sore throat'" in line
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible()]
