"""The clinician's red-flag tools in the manager's window: rules as chips, a phrase to try,
the impact of a draft before sign-off, and the thesaurus with its own signed-off changes."""

from __future__ import annotations

import sqlalchemy as sa
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QHeaderView, QLabel

from signposting.db.engine import Database
from signposting.db.models import RedFlagProtocol
from signposting.redflags.impact import Impact
from signposting.search.loader import load_engine
from signposting.ui.manage.column_list import ColumnList
from signposting.ui.manage.redflags.red_flags_tab import DraftDialog
from signposting.ui.manage.redflags.thesaurus_tab import WordsDialog
from tests.test_manager_ui import open_window, people

__all__ = ["people"]


def _select(widget: object, starts: str) -> None:
    for row in range(widget.count()):  # type: ignore[attr-defined]
        if widget.item(row).text().startswith(starts):  # type: ignore[attr-defined]
            widget.setCurrentRow(row)  # type: ignore[attr-defined]
            return
    raise AssertionError(f"no row starting {starts!r}")


def _stroke(database: Database) -> RedFlagProtocol:
    with database.unit_of_work() as session:
        return session.scalars(
            sa.select(RedFlagProtocol).where(RedFlagProtocol.key == "stroke-fast")
        ).one()


def test_selected_protocol_shows_its_rules_as_chips_and_a_phrase_can_be_tried(
    database: Database, people: dict[str, int], qtbot: QtBot
) -> None:
    window = open_window(database, qtbot, people["manager"])
    tab = window.red_flags
    _select(tab.protocols, "Possible stroke")
    assert len(tab.rules_view.rows) == len(_stroke(database).rules)
    assert "Possible stroke or TIA" in tab.detail.text()
    qtbot.keyClicks(tab.try_phrase.phrase, "her face has dropped on one side")
    answer = tab.try_phrase.answer
    assert "RAISES Possible stroke or TIA" in answer.text()
    # Concepts in words; the names the rules use in the tooltip, for clinicians who edit them.
    assert "\u2192 Face" in answer.text() and "Droop" in answer.text()
    assert "FACE" not in answer.text() and "DROOP" not in answer.text()
    assert "\u2192 FACE" in answer.toolTip() and "DROOP" in answer.toolTip()


def test_draft_dialog_checks_rules_as_typed_and_shows_the_impact(
    database: Database, people: dict[str, int], qtbot: QtBot
) -> None:
    window = open_window(database, qtbot, people["manager"])
    tab = window.red_flags
    dialog = DraftDialog(_stroke(database), thesaurus=tab.thesaurus, entries=tab.entries)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.buttons()[0]
    dialog.rules.setPlainText("FACE + ")
    assert "rule 1" in dialog.problem.text() and not ok.isEnabled()
    dialog.rules.setPlainText("FACE + DROOP\nNO_SUCH_THING")
    assert ok.isEnabled() and "NO_SUCH_THING" in dialog.problem.text()
    assert len(dialog.chips.rows) == 2
    assert dialog.try_phrase is not None
    qtbot.keyClicks(dialog.try_phrase.phrase, "he is slurring his words")
    assert "Raises no red flag" in dialog.try_phrase.answer.text()  # the draft dropped it
    dialog.check_impact()
    shown = dialog.impact_text.toPlainText()
    assert "no longer recognised" in shown and "slurring words" in shown


def test_sign_off_shows_what_the_draft_loses_and_can_be_declined(
    database: Database, people: dict[str, int], qtbot: QtBot
) -> None:
    window = open_window(database, qtbot, people["manager"])
    tab = window.red_flags
    _select(tab.protocols, "Possible stroke")
    dialog = DraftDialog(_stroke(database), thesaurus=tab.thesaurus, entries=tab.entries)
    qtbot.addWidget(dialog)
    dialog.rules.setPlainText("FACE + DROOP")
    assert tab.draft_change(new=False, dialog=dialog)
    clinician_window = open_window(database, qtbot, people["clinician"])
    ctab = clinician_window.red_flags
    ctab.drafts.setCurrentRow(0)
    shown: list[Impact] = []
    assert not ctab.sign_selected_draft(confirm=lambda _, i: shown.append(i) or False)
    assert shown[0].harmful and any("slurr" in c.text for c in shown[0].lost)
    assert ctab.drafts.count() == 1  # still waiting
    with database.unit_of_work() as session:
        assert load_engine(session).search("he is slurring his words").red_flags


def test_thesaurus_word_proposed_checked_and_signed_off(
    database: Database, people: dict[str, int], qtbot: QtBot
) -> None:
    window = open_window(database, qtbot, people["manager"])
    tab = window.thesaurus
    assert not tab.sign_button.isEnabled()
    qtbot.keyClicks(tab.filter, "breastbone")
    assert tab.concepts.count() >= 1
    _select(tab.concepts, "Chest:")
    assert "Possible heart attack" in tab.used_by.text()
    dialog = WordsDialog("Propose words", "Words for CHEST")
    qtbot.addWidget(dialog)
    dialog.words.setPlainText("thorax")
    dialog.note.setText("Our GPs hear it")
    dialog.setResult(WordsDialog.DialogCode.Accepted)
    assert tab.propose_words(dialog)
    assert (
        tab.pending.count() == 1 and "add \u201cthorax\u201d to Chest" in tab.pending.item(0).text()
    )
    clinician_window = open_window(database, qtbot, people["clinician"])
    ctab = clinician_window.thesaurus
    ctab.pending.setCurrentRow(0)
    ctab.show_selected_impact()
    assert "Run over" in ctab.impact_text.toPlainText()
    qtbot.keyClicks(ctab.try_phrase.phrase, "his thorax feels crushed")
    assert "Raises no red flag" in ctab.try_phrase.answer.text()
    assert ctab.sign_selected(confirm=lambda _, impact: not impact.harmful)
    assert ctab.pending.count() == 0
    ctab.try_phrase.update_answer()
    assert "RAISES Possible heart attack" in ctab.try_phrase.answer.text()


#: What a view keeps either side of a cell's text (focus frame and margins).
CELL_PADDING = 8


def _cells(widget: ColumnList, row: int) -> list[str]:
    item = widget.item(row)
    return [item.text(column) for column in range(widget.columnCount())]


def _cut_off(widget: ColumnList, row: int) -> list[str]:
    """The cells of a row drawn narrower than their text (elided with \u2026)."""
    metrics = widget.fontMetrics()
    item = widget.item(row)
    cut = []
    for column in range(widget.columnCount()):
        if metrics.horizontalAdvance(item.text(column)) + CELL_PADDING > widget.columnWidth(column):
            cut.append(item.text(column))
    return cut


def test_protocols_and_drafts_show_in_readable_columns_on_a_laptop(
    database: Database, people: dict[str, int], qtbot: QtBot
) -> None:
    window = open_window(database, qtbot, people["manager"])
    window.resize(1366, 768)
    window.tabs.setCurrentWidget(window.red_flags)
    tab = window.red_flags
    qtbot.waitUntil(lambda: tab.protocols.viewport().width() > 400)
    _select(tab.protocols, "Possible stroke")
    row = tab.protocols.currentRow()
    assert _cells(tab.protocols, row)[:2] == ["Possible stroke or TIA", "Call 999 now"]
    assert _cells(tab.protocols, row)[2].startswith("NOT signed off")
    # Every protocol's title, urgency and sign-off are whole; the row's tooltip says it all.
    for number in range(tab.protocols.count()):
        assert _cut_off(tab.protocols, number) == []
    assert tab.protocols.header().sectionResizeMode(0) == QHeaderView.ResizeMode.Stretch
    assert "Call 999 now: possible stroke" in tab.protocols.item(row).toolTip(0)


def test_rules_show_concepts_in_words_with_their_rule_names_in_tooltips(
    database: Database, people: dict[str, int], qtbot: QtBot
) -> None:
    window = open_window(database, qtbot, people["manager"])
    tab = window.red_flags
    _select(tab.protocols, "Possible stroke")
    chips = [chip for row in tab.rules_view.rows for chip in row.findChildren(QLabel)]
    texts = {chip.text(): chip.toolTip() for chip in chips if chip.toolTip()}
    assert texts["Speech problem"] == "In the rules: SPEECH_PROBLEM"
    assert texts["Arm or Leg or Hand or Limb"] == "In the rules: ARM | LEG | HAND | LIMB"
    assert not any("_" in text or text.isupper() for text in texts)


def test_thesaurus_lists_concepts_in_words_beside_their_rule_names(
    database: Database, people: dict[str, int], qtbot: QtBot
) -> None:
    window = open_window(database, qtbot, people["manager"])
    window.resize(1366, 768)
    window.tabs.setCurrentWidget(window.thesaurus)
    tab = window.thesaurus
    qtbot.keyClicks(tab.filter, "chest sensation")
    _select(tab.concepts, "Chest sensation:")
    cells = _cells(tab.concepts, tab.concepts.currentRow())
    assert cells[0] == "Chest sensation" and cells[2] == str(
        len(tab.thesaurus.terms_of("CHEST_SENSATION"))
    )
    assert [tab.concepts.headerItem().text(c) for c in range(3)] == [
        "Concept",
        "What it means",
        "Words",
    ]
    # The name rules are written with: in the concept's tooltip and over its words.
    assert "CHEST_SENSATION" in tab.concepts.currentItem().toolTip(0)
    assert tab.words_heading.text() == (
        "Words that mean Chest sensation (written CHEST_SENSATION in the rules):"
    )
    assert tab.selected_concept() == "CHEST_SENSATION"
    # The concept and its count of words are whole; what it means takes the width left (its
    # tooltip says it whole), at least as wide as the concept, and nothing is off to the right.
    tab.filter.clear()
    for number in range(tab.concepts.count()):
        name, _, count = _cells(tab.concepts, number)
        cut = _cut_off(tab.concepts, number)
        assert name not in cut and count not in cut
    assert tab.concepts.columnWidth(1) >= tab.concepts.columnWidth(0)
    assert tab.concepts.count() > 200 and tab.concepts.horizontalScrollBar().maximum() == 0
    _select(tab.concepts, "Chest sensation:")
    dialog = WordsDialog("Propose words", "Words for CHEST_SENSATION")
    qtbot.addWidget(dialog)
    dialog.words.setPlainText("oppression")
    dialog.setResult(WordsDialog.DialogCode.Accepted)
    assert tab.propose_words(dialog)
    change = _cells(tab.pending, 0)
    assert change[:3] == ["Add words", "Chest sensation", "\u201coppression\u201d"]
    assert "CHEST_SENSATION" in tab.pending.item(0).toolTip(1)
