"""The desk window opens on the demo directory with the cursor in the search box."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from signposting.db.engine import Database
from signposting.directory.demo import load_demo
from signposting.ui.desk_window import DeskWindow


@pytest.fixture
def window(database: Database, qtbot: QtBot) -> DeskWindow:
    with database.unit_of_work() as session:
        load_demo(session)
    desk = DeskWindow(database)
    qtbot.addWidget(desk)
    desk.show()
    qtbot.waitExposed(desk)
    return desk


def test_opens_with_focus_in_search_box(window: DeskWindow, qtbot: QtBot) -> None:
    qtbot.waitUntil(window.search_box.hasFocus)
    assert "Riverside Medical Practice" in window.practice_label.text()
    assert window.services_model.rowCount() >= 40


def test_typing_filters_services(window: DeskWindow, qtbot: QtBot) -> None:
    qtbot.keyClicks(window.search_box, "physio")
    visible = [
        window.services_model.item(row, 0).text()
        for row in range(window.services_model.rowCount())
        if not window.services_view.isRowHidden(row)
    ]
    assert visible
    assert all("physio" in name.casefold() for name in visible)
