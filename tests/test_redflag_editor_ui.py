"""The clinician's red-flag tools in the manager's window: rules as chips, a phrase to try,
the impact of a draft before sign-off, and the thesaurus with its own signed-off changes."""

from __future__ import annotations

import sqlalchemy as sa
from pytestqt.qtbot import QtBot

from signposting.db.engine import Database
from signposting.db.models import RedFlagProtocol
from signposting.redflags.impact import Impact
from signposting.search.loader import load_engine
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
    assert "RAISES Possible stroke or TIA" in tab.try_phrase.answer.text()
    assert "FACE" in tab.try_phrase.answer.text() and "DROOP" in tab.try_phrase.answer.text()


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
    _select(tab.concepts, "CHEST:")
    assert "Possible heart attack" in tab.used_by.text()
    dialog = WordsDialog("Propose words", "Words for CHEST")
    qtbot.addWidget(dialog)
    dialog.words.setPlainText("thorax")
    dialog.note.setText("Our GPs hear it")
    dialog.setResult(WordsDialog.DialogCode.Accepted)
    assert tab.propose_words(dialog)
    assert (
        tab.pending.count() == 1 and "add \u201cthorax\u201d to CHEST" in tab.pending.item(0).text()
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
