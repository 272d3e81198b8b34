"""The desk when words match nothing (browse by category), the card's "Ask the caller" and
"Who it is for", the banner's heard words as typed, and the status bar's database in words."""

from __future__ import annotations

import re

import sqlalchemy as sa
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt

from signposting.db.engine import Database
from signposting.db.models import Service
from signposting.domain import Outcome, ServiceStatus
from signposting.ui.desk.window import DeskWindow
from tests.test_desk_window import records, session, type_query, window

__all__ = ["session", "window"]
CONTROL = Qt.KeyboardModifier.ControlModifier
NO_MATCH = "my parrot has stopped squawking"
PHARMACY = "Community pharmacy"


def shown_categories(window: DeskWindow) -> list[str]:
    model = window.services_pane.category_model
    return [model.data(model.index(row)) for row in range(model.rowCount())]


def listed_names(window: DeskWindow) -> list[str]:
    model = window.results_model
    return [m.entry.name for row in range(model.rowCount()) if (m := model.match_at(row))]


def active_in(database: Database, category: str) -> int:
    with database.unit_of_work() as unit:
        return unit.scalar(
            sa.select(sa.func.count())
            .select_from(Service)
            .where(Service.category == category, Service.status == ServiceStatus.ACTIVE)
        )


def choose_by_keyboard(window: DeskWindow, qtbot: QtBot, category: str) -> None:
    """From the search box: Tab to the categories, arrow keys to ``category``, Enter."""
    qtbot.keyClick(window.search_box, Qt.Key.Key_Tab)
    view = window.services_pane.category_view
    qtbot.waitUntil(view.hasFocus)
    for _ in range(view.model().rowCount()):
        if view.currentIndex().data().startswith(f"{category} ("):
            break
        qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Return)


# ---------------------------------------------------------------- browse by category
def test_no_match_offers_the_categories_with_their_active_services(
    window: DeskWindow, qtbot: QtBot, database: Database
) -> None:
    type_query(qtbot, window, NO_MATCH)
    assert "No service matches these words" in window.card.toPlainText()
    assert window.services_pane.category_view.isVisible()
    assert window.results_view.isHidden()
    shown = shown_categories(window)
    assert f"{PHARMACY} ({active_in(database, PHARMACY)} services)" in shown
    assert f"Eyes ({active_in(database, 'Eyes')} service)" in shown
    assert shown == sorted(shown, key=str.casefold)
    assert window.search_box.hasFocus()  # offered, not forced: typing carries on


def test_tab_arrows_and_enter_list_a_category_recorded_as_search_results_are(
    window: DeskWindow, qtbot: QtBot, database: Database
) -> None:
    type_query(qtbot, window, NO_MATCH)
    choose_by_keyboard(window, qtbot, PHARMACY)
    assert window.results_view.isVisible() and window.results_view.hasFocus()
    assert len(listed_names(window)) == active_in(database, PHARMACY)
    assert PHARMACY in window.services_pane.heading.text()
    first = window.results_model.match_at(0)
    assert first is not None and first.entry.category == PHARMACY
    row_text = window.results_model.data(window.results_model.index(0))
    assert "Suitable · Open now until 18:30" in row_text
    assert first.entry.name in window.card.toPlainText()
    qtbot.keyClick(window.results_view, Qt.Key.Key_Down)
    second = window.results_model.match_at(1)
    assert second is not None
    qtbot.keyClick(window.results_view, Qt.Key.Key_Return)
    (record,) = records(database)
    assert record.outcome is Outcome.ACCEPTED
    assert record.service is not None and record.service.name == second.entry.name
    assert window.search_box.text() == ""  # ready for the next caller, as after a search


def test_ctrl_k_opens_the_categories_from_the_search_box_at_any_time(
    window: DeskWindow, qtbot: QtBot, database: Database
) -> None:
    type_query(qtbot, window, "sore throat")
    assert window.results_model.rowCount() > 0
    window.search_box.home(False)
    qtbot.keyClick(window.search_box, Qt.Key.Key_K, CONTROL)
    view = window.services_pane.category_view
    qtbot.waitUntil(view.hasFocus)
    assert window.search_box.text() == "sore throat"  # the box did not take the key
    assert window.results_model.rowCount() == 0  # nothing hidden stays chosen to record
    qtbot.keyClick(view, Qt.Key.Key_D, CONTROL)
    assert records(database) == []
    qtbot.keyClick(view, Qt.Key.Key_Return)  # the first category
    assert window.results_model.rowCount() > 0 and window.results_view.hasFocus()


def test_a_click_chooses_a_category_and_the_button_opens_them(
    window: DeskWindow, qtbot: QtBot
) -> None:
    qtbot.mouseClick(window.services_pane.browse_button, Qt.MouseButton.LeftButton)
    view = window.services_pane.category_view
    assert view.isVisible()
    row = next(r for r, text in enumerate(shown_categories(window)) if text.startswith("Dental"))
    spot = view.visualRect(view.model().index(row, 0)).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=spot)
    names = listed_names(window)
    assert names and all(
        m.entry.category == "Dental"
        for r in range(len(names))
        if (m := window.results_model.match_at(r))
    )


def test_typing_in_the_search_box_returns_to_search(window: DeskWindow, qtbot: QtBot) -> None:
    type_query(qtbot, window, NO_MATCH)
    choose_by_keyboard(window, qtbot, PHARMACY)
    window.search_box.setFocus()
    window.search_box.clear()
    qtbot.keyClicks(window.search_box, "bad back")
    assert window.services_pane.heading.isHidden()
    assert window.results_view.isVisible()
    assert any(name.startswith("MSK physiotherapy") for name in listed_names(window))
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert window.results_view.isVisible() and window.results_model.rowCount() == 0


def test_the_quick_fields_apply_to_a_browsed_category(window: DeskWindow, qtbot: QtBot) -> None:
    type_query(qtbot, window, NO_MATCH)
    choose_by_keyboard(window, qtbot, PHARMACY)
    window.age_box.setValue(70)
    assert PHARMACY in window.services_pane.heading.text()  # still browsing
    texts = {
        m.entry.name: window.results_model.data(window.results_model.index(r))
        for r in range(window.results_model.rowCount())
        if (m := window.results_model.match_at(r))
    }
    uti = next(name for name in texts if name.startswith("Pharmacy First: urinary"))
    assert "Not suitable: ages 16 to 64 only" in texts[uti]
    assert list(texts).index(uti) > list(texts).index(
        next(n for n in texts if n.startswith("Pharmacy First: shingles"))
    )  # what the caller can use first


def test_category_model_passes_qt_model_tester(
    window: DeskWindow, qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    type_query(qtbot, window, NO_MATCH)
    qtmodeltester.check(window.services_pane.category_model)
    assert window.services_pane.category_model.rowCount() > 5


# ---------------------------------------------------------------- ask the caller
def section(card: str, heading: str) -> str:
    """The lines under ``heading`` on the card, up to the next heading."""
    after = card.split(heading, 1)[1]
    return re.split(r"\n(?:Say to the patient|How the patient gets there|Who it is for)\n", after)[
        0
    ]


def test_the_card_asks_the_caller_what_decides_whether_it_fits(
    window: DeskWindow, qtbot: QtBot
) -> None:
    type_query(qtbot, window, "water infection")
    card = window.card.toPlainText()
    asked = section(card, "Ask the caller")
    assert "Is the patient aged 16 to 64? If no, not this service." in asked
    assert "Is the patient male? If yes, not this service." in asked
    assert "Pregnant or breastfeeding? If yes, not this service." in asked
    assert card.count("Pregnant or breastfeeding") == 1  # asked, not listed again under Not for
    window.age_box.setValue(30)
    window.sex_box.setCurrentIndex(window.sex_box.findText("Female"))
    asked = section(window.card.toPlainText(), "Ask the caller")
    assert "aged 16 to 64?" not in asked and "male?" not in asked
    assert "Pregnant or breastfeeding?" in asked
    window.sex_box.setCurrentIndex(window.sex_box.findText("Male"))
    assert "Ask the caller" not in window.card.toPlainText()  # ruled out: nothing to ask
    not_for = window.card.toPlainText().split("Not for:", 1)[1]
    assert re.search(r"^Men$", not_for, re.MULTILINE)  # the exclusion is listed, not asked


def test_the_card_says_who_it_is_for_once(window: DeskWindow, qtbot: QtBot) -> None:
    type_query(qtbot, window, "shingles")
    window.age_box.setValue(40)
    card = window.card.toPlainText()
    assert card.count("Aged 18 and over") == 1
    assert "Aged 18 and over, rash appeared within the last 7 days." in card


# ---------------------------------------------------------------- heard, as typed
def test_the_banner_shows_what_it_heard_as_it_was_typed(window: DeskWindow, qtbot: QtBot) -> None:
    type_query(qtbot, window, "Crushing CHEST pain and I'm sweating")
    assert "Heard: \u2018Crushing\u2019 + \u2018CHEST\u2019" in window.banner.heard_label.text()
    type_query(qtbot, window, "she can't breathe")
    assert "\u2018can't breathe\u2019" in window.banner.heard_label.text()


def test_the_past_mention_note_quotes_the_caller_as_typed(window: DeskWindow, qtbot: QtBot) -> None:
    type_query(qtbot, window, "had a STROKE in 2019, need my clopidogrel repeat")
    assert window.mention_note.isVisible()
    assert "(\u2018had a STROKE\u2019)" in window.mention_note.text()


# ---------------------------------------------------------------- the status bar
def test_the_status_bar_names_the_database_in_words(window: DeskWindow, database: Database) -> None:
    shown = window.statusBar().currentMessage()
    if database.sqlite_path is not None:
        assert shown == f"Database: This PC ({database.sqlite_path.name})"
    else:
        url = database.url
        assert shown == f"Database: Practice server {url.host}/{url.database}"
        assert str(url.password or "\x00") not in shown and "postgresql" not in shown
