"""What a practice manager meets in the manager window: unsaved edits are never lost without
asking, the service list filters, the review queue's columns fit and are remembered, the audit
log reads as words, and vocabulary values read as words everywhere."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from signposting.db.engine import Database
from signposting.db.models import Service
from signposting.directory.demo import load_demo
from signposting.domain import Role, ServiceStatus
from signposting.ui.manage.manager_window import ManagerWindow
from signposting.ui.manage.services_tab import ServicesTab
from signposting.ui.manage.unsaved import UnsavedChoice
from tests.factories import make_member

TODAY = date(2026, 11, 23)
MSK = "msk-physio-self-referral"
NURSE = "practice-nurse"


@pytest.fixture
def ids(database: Database) -> dict[str, int]:
    with database.unit_of_work() as session:
        load_demo(session)
        manager = make_member(session, Role.MANAGER, "Morgan Reed")
        keyed = dict(session.execute(sa.select(Service.key, Service.id)).all())
        return {"manager": manager.id, "msk": keyed[MSK], "nurse": keyed[NURSE]}


def open_window(database: Database, qtbot: QtBot, manager: int) -> ManagerWindow:
    window = ManagerWindow(database, manager, today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def click_service(qtbot: QtBot, tab: ServicesTab, service_id: int) -> None:
    """Click the service's row in the list, as a manager would."""
    row = tab.services_list.row_of(service_id)
    item = tab.list.item(row)
    tab.list.scrollToItem(item)
    centre = tab.list.visualItemRect(item).center()
    qtbot.mouseClick(tab.list.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def answering(choice: UnsavedChoice, asked: list[str]) -> object:
    def answer(name: str) -> UnsavedChoice:
        asked.append(name)
        return choice

    return answer


def saved_alert(database: Database, service_id: int) -> str:
    with database.unit_of_work() as session:
        return session.get_one(Service, service_id).alert


def test_cancel_keeps_the_edited_service_chosen_with_its_edits(
    database: Database, ids: dict[str, int], qtbot: QtBot
) -> None:
    window = open_window(database, qtbot, ids["manager"])
    tab = window.services
    tab.select(ids["msk"])
    tab.form.alert.setText("Phone line changing in December")
    asked: list[str] = []
    tab.ask_unsaved = answering(UnsavedChoice.CANCEL, asked)  # type: ignore[method-assign]
    click_service(qtbot, tab, ids["nurse"])
    assert asked == ["MSK physiotherapy self-referral"]
    assert tab.service_id == ids["msk"]
    assert tab.list.currentItem().text() == "MSK physiotherapy self-referral"
    assert tab.form.alert.text() == "Phone line changing in December"
    assert saved_alert(database, ids["msk"]) == ""


def test_discard_moves_on_and_saves_nothing(
    database: Database, ids: dict[str, int], qtbot: QtBot
) -> None:
    window = open_window(database, qtbot, ids["manager"])
    tab = window.services
    tab.select(ids["msk"])
    tab.form.alert.setText("Not wanted after all")
    asked: list[str] = []
    tab.ask_unsaved = answering(UnsavedChoice.DISCARD, asked)  # type: ignore[method-assign]
    click_service(qtbot, tab, ids["nurse"])
    assert len(asked) == 1
    assert (tab.service_id, tab.form.name.text()) == (ids["nurse"], "Practice nurse")
    assert saved_alert(database, ids["msk"]) == ""
    click_service(qtbot, tab, ids["msk"])  # nothing edited now: no question
    assert len(asked) == 1 and tab.form.alert.text() == ""


def test_save_keeps_the_edits_then_moves_on(
    database: Database, ids: dict[str, int], qtbot: QtBot
) -> None:
    window = open_window(database, qtbot, ids["manager"])
    tab = window.services
    tab.select(ids["msk"])
    tab.form.alert.setText("Phone line changing in December")
    tab.local_notes.setText("Ask for the Riverside clinic")
    tab.ask_unsaved = answering(UnsavedChoice.SAVE, [])  # type: ignore[method-assign]
    click_service(qtbot, tab, ids["nurse"])
    assert tab.service_id == ids["nurse"]
    assert saved_alert(database, ids["msk"]) == "Phone line changing in December"
    tab.select(ids["msk"])
    assert tab.local_notes.text() == "Ask for the Riverside clinic"


def test_save_that_fails_stays_on_the_service(
    database: Database, ids: dict[str, int], qtbot: QtBot
) -> None:
    window = open_window(database, qtbot, ids["manager"])
    tab = window.services
    tab.select(ids["msk"])
    tab.form.phone.setText("12345")
    tab.ask_unsaved = answering(UnsavedChoice.SAVE, [])  # type: ignore[method-assign]
    click_service(qtbot, tab, ids["nurse"])
    assert tab.service_id == ids["msk"] and tab.form.phone.text() == "12345"
    assert tab.list.currentItem().text() == "MSK physiotherapy self-referral"


def test_the_question_is_a_real_save_discard_cancel_box(
    database: Database, ids: dict[str, int], qtbot: QtBot
) -> None:
    window = open_window(database, qtbot, ids["manager"])
    tab = window.services
    tab.select(ids["msk"])
    tab.form.keywords.appendPlainText("spinal stenosis")
    seen: list[tuple[str, list[str]]] = []

    def press_cancel() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append((box.text(), [button.text() for button in box.buttons()]))
        box.button(QMessageBox.StandardButton.Cancel).click()

    QTimer.singleShot(0, press_cancel)
    click_service(qtbot, tab, ids["nurse"])
    assert seen and "MSK physiotherapy self-referral has changes" in seen[0][0]
    assert {"Save", "Discard", "Cancel"} <= {text.replace("&", "") for text in seen[0][1]}
    assert tab.service_id == ids["msk"]


def test_closing_the_window_with_unsaved_edits_asks_first(
    database: Database, ids: dict[str, int], qtbot: QtBot
) -> None:
    window = open_window(database, qtbot, ids["manager"])
    tab = window.services
    tab.select(ids["msk"])
    tab.form.status.setCurrentIndex(2)  # retired
    asked: list[str] = []
    tab.ask_unsaved = answering(UnsavedChoice.CANCEL, asked)  # type: ignore[method-assign]
    assert not window.close()
    assert window.isVisible() and asked
    tab.ask_unsaved = answering(UnsavedChoice.DISCARD, asked)  # type: ignore[method-assign]
    assert window.close()
    with database.unit_of_work() as session:
        assert session.get_one(Service, ids["msk"]).status is ServiceStatus.ACTIVE


def test_a_new_service_asks_about_the_edited_one_first(
    database: Database, ids: dict[str, int], qtbot: QtBot
) -> None:
    window = open_window(database, qtbot, ids["manager"])
    tab = window.services
    tab.select(ids["msk"])
    tab.form.name.setText("MSK physio (renamed)")
    tab.ask_unsaved = answering(UnsavedChoice.CANCEL, [])  # type: ignore[method-assign]
    assert tab.new_service() is None
    assert tab.list.count() == 43 and tab.service_id == ids["msk"]


def test_the_service_list_filters_by_name_category_and_status(
    database: Database, ids: dict[str, int], qtbot: QtBot
) -> None:
    window = open_window(database, qtbot, ids["manager"])
    shown = window.services.services_list
    assert shown.shown.text() == "43 services"
    qtbot.keyClicks(shown.filter, "pharmacy first")
    assert len(shown.visible_names()) == 7
    assert all(name.startswith("Pharmacy First") for name in shown.visible_names())
    assert shown.shown.text() == "7 of 43 services"
    shown.filter.setText("mental health")  # a category, and words in names
    assert "Young people's online mental health support" in shown.visible_names()
    shown.filter.setText("temporarily closed")
    assert shown.visible_names() == ["NHS podiatry self-referral (Temporarily closed)"]
    shown.filter.setText("ears")  # the category of the audiology service
    assert shown.visible_names() == ["NHS hearing service (audiology) direct access"]


def test_ctrl_f_goes_to_the_filter_and_escape_empties_it(
    database: Database, ids: dict[str, int], qtbot: QtBot
) -> None:
    window = open_window(database, qtbot, ids["manager"])
    with qtbot.waitActive(window):
        window.activateWindow()
    shown = window.services.services_list
    window.services.list.setFocus()
    qtbot.keyClick(window.services.list, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert shown.filter.hasFocus()
    qtbot.keyClicks(shown.filter, "dental")
    assert len(shown.visible_names()) == 2
    qtbot.keyClick(shown.filter, Qt.Key.Key_Escape)
    assert shown.filter.text() == "" and len(shown.visible_names()) == 43


def test_refreshing_the_list_keeps_the_edited_service_and_its_edits(
    database: Database, ids: dict[str, int], qtbot: QtBot
) -> None:
    window = open_window(database, qtbot, ids["manager"])
    tab = window.services
    tab.select(ids["msk"])
    tab.form.alert.setText("Half-typed alert")
    tab.services_list.filter.setText("physio")
    tab.refresh_list()  # after an import, say
    assert tab.list.currentItem().text() == "MSK physiotherapy self-referral"
    assert tab.form.alert.text() == "Half-typed alert"
    assert len(tab.services_list.visible_names()) == 2


def test_review_queue_names_stretch_and_widths_are_remembered(
    database: Database, ids: dict[str, int], qtbot: QtBot
) -> None:
    window = open_window(database, qtbot, ids["manager"])
    window.resize(1280, 800)
    window.tabs.setCurrentWidget(window.review)
    table = window.review.table
    qtbot.waitUntil(lambda: table.viewport().width() > 900)
    widths = [table.columnWidth(c) for c in range(table.columnCount())]
    assert widths[0] == max(widths) and widths[0] > 300  # the names have the room
    assert sum(widths) <= table.viewport().width() + 1  # nothing pushed off to the right
    longest = max(table.item(r, 0).text() for r in range(table.rowCount()))
    assert table.fontMetrics().horizontalAdvance(longest) < widths[0]
    table.horizontalHeader().resizeSection(1, 333)  # the manager drags the reasons wider
    window.close()

    again = open_window(database, qtbot, ids["manager"])
    assert again.review.table.columnWidth(1) == 333


def test_audit_log_reads_as_field_old_and_new(
    database: Database, ids: dict[str, int], qtbot: QtBot
) -> None:
    window = open_window(database, qtbot, ids["manager"])
    tab = window.services
    tab.select(ids["msk"])
    tab.form.status.setCurrentIndex(1)  # temporarily closed
    tab.form.alert.setText("Closed until 5 January")
    tab.form.keywords.appendPlainText("spinal stenosis")
    assert tab.save()
    window.tabs.setCurrentWidget(window.audit)
    audit = window.audit
    audit.kind.setCurrentIndex(1)  # services
    cells = [audit.table.item(0, column).text() for column in range(5)]
    assert cells[1:4] == ["Morgan Reed", "Service: MSK physiotherapy self-referral", "Changed"]
    assert "Status: Active \u2192 Temporarily closed" in cells[4]
    assert "Keywords: added \u2018spinal stenosis\u2019" in cells[4]
    assert "{" not in cells[4] and "temporarily_closed" not in cells[4]
    assert audit.details.toPlainText().startswith("Choose an entry")
    audit.table.setCurrentCell(0, 0)
    details = audit.details.toPlainText()
    assert "Status\n  before: Active\n  after:  Temporarily closed" in details
    assert "Alert\n  before: (none)\n  after:  Closed until 5 January" in details
    audit.search.setText("spinal stenosis")
    assert audit.table.rowCount() == 1


def test_vocabulary_reads_as_words_in_the_window(
    database: Database, ids: dict[str, int], qtbot: QtBot
) -> None:
    window = open_window(database, qtbot, ids["manager"])
    assert "Morgan Reed (Manager)" in window.windowTitle()
    texts = [window.services.list.item(r).text() for r in range(window.services.list.count())]
    assert "NHS podiatry self-referral (Temporarily closed)" in texts
    status = window.services.form.status
    assert [status.itemText(i) for i in range(status.count())] == [
        "Active",
        "Temporarily closed",
        "Retired",
    ]
    review = window.review.table
    statuses = {review.item(r, 2).text() for r in range(review.rowCount())}
    assert statuses == {"Active", "Temporarily closed"}
    audit = window.audit.table
    shown = [audit.item(r, c).text() for r in range(audit.rowCount()) for c in range(4)]
    assert not [text for text in shown if "_" in text]  # no red_flag_protocol, no raw values
