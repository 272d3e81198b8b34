"""The manager's "Import from a feed…": the fetch runs in the background with a progress bar and
Cancel (which changes nothing), then the usual preview, then all or nothing."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from signposting.db.engine import Database
from signposting.db.models import Service
from signposting.directory.io.feed_http import FeedSettings
from signposting.ui.manage.feed_import_dialog import FeedImportDialog
from signposting.ui.manage.services_tab import ServicesTab
from tests.support.directory import manager
from tests.support.feed_server import feed_server, full_services

QUICK = FeedSettings(per_page=2, backoff_seconds=0.01, read_timeout=5)
IDS = [s["id"] for s in full_services()]


@pytest.fixture
def manager_id(database: Database) -> int:
    with database.unit_of_work() as session:
        return manager(session).id


def statuses(database: Database) -> dict[str, str]:
    with database.unit_of_work() as session:
        return {s.key: s.status.value for s in session.scalars(sa.select(Service))}


def test_cancel_midway_changes_nothing_then_a_fetch_previews_and_imports(
    database: Database, manager_id: int, qtbot: QtBot
) -> None:
    dialog = FeedImportDialog(database, manager_id, settings=QUICK)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.retire_box.isChecked()  # a feed retires nothing unless asked
    with feed_server() as server:
        server.held.add(f"/services/{IDS[1]}")
        with qtbot.waitSignal(dialog.fetch_finished(server.url), timeout=20_000):
            assert server.arrived.wait(10)
            qtbot.waitUntil(lambda: "1 of 3 fetched in full" in dialog.status.text())
            assert dialog.cancel_button.isEnabled() and not dialog.fetch_button.isEnabled()
            assert dialog.progress.maximum() == 3 and dialog.progress.value() == 1
            qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
            server.release.set()
        qtbot.waitUntil(dialog.fetch_button.isEnabled)
        assert dialog.status.text() == "Cancelled: nothing was imported."
        assert not dialog.apply_button.isEnabled()
        assert f"/services/{IDS[2]}" not in server.requests
        assert statuses(database) == {}

        server.held.clear()
        dialog.address.setText(server.url)
        qtbot.mouseClick(dialog.fetch_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(dialog.apply_button.isEnabled, timeout=20_000)
    assert "3 new, 0 changed, 0 unchanged" in dialog.status.text()
    assert "new: Riverside Food Bank" in dialog.report.toPlainText()
    assert dialog.apply()
    assert statuses(database) == dict.fromkeys(IDS, "active")
    assert dialog.status.text().startswith("Imported: 3 new")


def test_a_feed_that_omits_services_retires_them_only_when_ticked_and_confirmed(
    database: Database, manager_id: int, qtbot: QtBot
) -> None:
    with database.unit_of_work() as session:
        for i in range(8):
            session.add(Service(key=f"own-{i}", name=f"Own service {i}", category="Cat"))
    dialog = FeedImportDialog(database, manager_id, settings=QUICK)
    qtbot.addWidget(dialog)
    with feed_server() as server, qtbot.waitSignal(dialog.fetch_finished(server.url)):
        pass
    qtbot.waitUntil(dialog.apply_button.isEnabled)
    assert "8 not in the feed stay as they are" in dialog.status.text()
    assert "not in the feed, kept: Own service 0" in dialog.report.toPlainText()
    dialog.retire_box.setChecked(True)
    assert "WARNING: this import would retire 8 of the 8" in dialog.status.text()
    asked: list[str] = []
    dialog.confirm_retiring = lambda warning: asked.append(warning) or False
    assert not dialog.apply()
    assert asked and set(statuses(database).values()) == {"active"}
    dialog.retire_box.setChecked(False)
    assert dialog.apply()  # no question: nothing is retired
    assert list(statuses(database).values()).count("retired") == 0


def test_a_feed_with_problems_lists_them_and_cannot_be_imported(
    database: Database, manager_id: int, qtbot: QtBot
) -> None:
    broken = full_services()
    broken[0]["minimum_age"] = 300
    dialog = FeedImportDialog(database, manager_id, settings=QUICK)
    qtbot.addWidget(dialog)
    with feed_server(broken) as server, qtbot.waitSignal(dialog.fetch_finished(server.url)):
        pass
    qtbot.waitUntil(dialog.fetch_button.isEnabled)
    assert "problem(s) in the feed" in dialog.status.text()
    assert f"/services/{IDS[0]}" in dialog.report.toPlainText()
    assert not dialog.apply_button.isEnabled()


def test_the_services_tab_opens_import_from_a_feed(
    database: Database, manager_id: int, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[FeedImportDialog] = []
    monkeypatch.setattr(FeedImportDialog, "exec", lambda dialog: opened.append(dialog) or 0)
    tab = ServicesTab(database, manager_id, lambda: date(2026, 11, 25))
    qtbot.addWidget(tab)
    button = tab.feed_import_button
    assert button.text() == "Import from a feed…"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1 and not opened[0].retire_box.isChecked()
