"""The red-flag thesaurus: concepts and the words that mean them, the practice's proposed
changes, and sign-off by a clinician after seeing what a change gains, loses and false-alarms
(a thesaurus change affects every protocol)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from signposting.db.engine import Database
from signposting.db.models import ThesaurusChange
from signposting.domain import ThesaurusChangeKind
from signposting.errors import SignpostingError
from signposting.labels import concept_label, label
from signposting.redflags import changes
from signposting.redflags.impact import Impact, impact
from signposting.redflags.protocol import RedFlagEntry
from signposting.redflags.recogniser import Recogniser
from signposting.redflags.thesaurus import Thesaurus, apply_change
from signposting.search.loader import red_flag_entries
from signposting.ui.manage.column_list import ColumnList
from signposting.ui.manage.redflags.acting import Action, red_flag_powers, run_as
from signposting.ui.manage.redflags.impact_view import ImpactText, confirm_sign_off
from signposting.ui.manage.redflags.try_phrase import TryPhrase
from signposting.ui.manage.redflags.words_dialog import WordsDialog, change_text

__all__ = ["ThesaurusTab", "WordsDialog"]

Confirm = Callable[[str, Impact], bool]
CONCEPT_HEADINGS = ("Concept", "What it means", "Words")
CHANGE_HEADINGS = ("Change", "Concept", "Words", "Proposed by", "On", "Why")
#: The thesaurus's columns start at these shares of the tab's width.
SPLIT = (700, 580)


class ThesaurusTab(QWidget):
    def __init__(self, database: Database, actor_id: int) -> None:
        super().__init__()
        self.database, self.actor_id = database, actor_id
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Find a concept or a word…")
        self.filter.setAccessibleName("Find a concept or a word")
        self.concepts = ColumnList(CONCEPT_HEADINGS, "Concepts", stretch=1)
        self.terms = QListWidget()
        self.terms.setAccessibleName("Words of the selected concept")
        self.words_heading = QLabel("Words that mean it:")
        self.words_heading.setAccessibleName("Concept chosen")
        self.used_by = QLabel()
        self.used_by.setWordWrap(True)
        self.pending = ColumnList(CHANGE_HEADINGS, "Thesaurus changes awaiting sign-off")
        self.impact_text = ImpactText()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.add_button = QPushButton("Propose words for this concept…")
        self.remove_button = QPushButton("Propose removing the selected word")
        self.alike_button = QPushButton("Propose words to treat alike…")
        self.impact_button = QPushButton("Check impact of the selected change")
        self.sign_button = QPushButton("Sign off the selected change…")
        self.reject_button = QPushButton("Reject the selected change")
        can_draft, can_sign = red_flag_powers(database, actor_id)
        for button in (self.sign_button, self.reject_button):
            button.setEnabled(can_sign)
        for button in (self.add_button, self.remove_button, self.alike_button):
            button.setEnabled(can_draft)
        self.thesaurus, self.entries = self._in_force()
        self.try_phrase = TryPhrase(Recogniser(self.thesaurus, self.entries))
        self.setLayout(self._layout())
        self.filter.textChanged.connect(self._fill_concepts)
        self.concepts.currentRowChanged.connect(self._show_concept)
        self.add_button.clicked.connect(lambda: self.propose_words())  # noqa: PLW0108 - not the checked flag
        self.remove_button.clicked.connect(lambda: self.propose_removal())  # noqa: PLW0108 - not the checked flag
        self.alike_button.clicked.connect(lambda: self.propose_alike())  # noqa: PLW0108 - not the checked flag
        self.impact_button.clicked.connect(self.show_selected_impact)
        self.pending.currentRowChanged.connect(self._try_with_selected)
        self.sign_button.clicked.connect(lambda: self.sign_selected())  # noqa: PLW0108 - not the checked flag
        self.reject_button.clicked.connect(self.reject_selected)
        self.refresh()

    def _layout(self) -> QVBoxLayout:
        left = QWidget()
        column = QVBoxLayout(left)
        column.addWidget(self.filter)
        column.addWidget(self.concepts, stretch=2)
        column.addWidget(self.words_heading)
        column.addWidget(self.terms, stretch=2)
        column.addWidget(self.used_by)
        for button in (self.add_button, self.remove_button, self.alike_button):
            column.addWidget(button)
        right = QWidget()
        side = QVBoxLayout(right)
        side.addWidget(
            QLabel("Changes awaiting a clinician's sign-off (they affect every protocol):")
        )
        side.addWidget(self.pending, stretch=1)
        self.impact_text.setMaximumHeight(220)
        row = QHBoxLayout()
        for button in (self.impact_button, self.sign_button, self.reject_button):
            row.addWidget(button)
        side.addLayout(row)
        side.addWidget(self.impact_text)
        side.addWidget(self.try_phrase, stretch=1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes(list(SPLIT))
        layout = QVBoxLayout()
        layout.addWidget(splitter, stretch=1)
        layout.addWidget(self.message)
        return layout

    def _in_force(self) -> tuple[Thesaurus, list[RedFlagEntry]]:
        with self.database.unit_of_work() as session:
            return changes.in_force(session), red_flag_entries(session)

    def refresh(self) -> None:
        self.thesaurus, self.entries = self._in_force()
        self.try_phrase.set_recogniser(Recogniser(self.thesaurus, self.entries))
        self._fill_concepts()
        self.pending.clear()
        with self.database.unit_of_work() as session:
            for change in changes.pending(session):
                who = change.drafted_by.name if change.drafted_by else "the upgrade"
                on = f"{change.drafted_at:%d/%m/%Y}"
                concept = change.concept or ""
                words = ", ".join(f"\u201c{term}\u201d" for term in change.terms)
                whole = f"{change_text(change)} (by {who}, {on})" + (
                    f": {change.note}" if change.note else ""
                )
                cells = (label(change.kind), concept_label(concept), words, who, on, change.note)
                tips = (
                    None,
                    f"{concept_label(concept)}: {concept} in the rules" if concept else None,
                )
                self.pending.add_row(cells, whole, change.id, tips)
        self.pending.fit_columns()

    def _fill_concepts(self) -> None:
        wanted = self.filter.text().strip().lower()
        current = self.selected_concept()
        self.concepts.clear()
        for concept in sorted(self.thesaurus.concepts.values(), key=lambda c: c.name):
            words = " ".join(concept.terms).lower()
            named = concept_label(concept.name)
            if wanted and not any(
                wanted in text for text in (named.lower(), concept.name.lower(), words)
            ):
                continue
            about = concept.about
            if concept.is_other_meaning:
                about += " (everyday sense: never raises a flag)"
            elif concept.is_who:
                about += " (who the call is about: never makes a past mention current)"
            count = f"{len(concept.terms)}"
            row = self.concepts.add_row(
                (named, about, count),
                f"{named}: {about} ({count} words) [{concept.name} in the rules]",
                concept.name,
                (f"{named}: written {concept.name} in the rules",),
            )
            row.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if concept.name == current:
                self.concepts.setCurrentItem(row)
        self.concepts.fit_columns()

    def selected_concept(self) -> str | None:
        chosen = self.concepts.current_data()
        return chosen if isinstance(chosen, str) else None

    def _show_concept(self, _row: int) -> None:
        name = self.selected_concept()
        self.terms.clear()
        if name is None:
            self.words_heading.setText("Words that mean it:")
            return
        self.words_heading.setText(
            f"Words that mean {concept_label(name)} (written {name} in the rules):"
        )
        self.terms.addItems(list(self.thesaurus.terms_of(name)))
        users = sorted(
            {e.title for e in self.entries for r in e.rules if name in r.items()}
            | {e.title for e in self.entries for m in e.modifiers if name in m.concepts}
        )
        self.used_by.setText(f"Used by: {', '.join(users)}" if users else "Used by no protocol.")

    def _draft(
        self, kind: ThesaurusChangeKind, terms: list[str], concept: str | None, note: str
    ) -> bool:
        return self._run(
            lambda session, actor: changes.draft(
                session, actor, kind, terms, concept=concept, note=note
            ),
            "Change proposed. A clinician must sign it off before the desk uses it.",
        )

    def propose_words(self, dialog: WordsDialog | None = None) -> bool:
        concept = self.selected_concept()
        if concept is None:
            self.message.setText("Choose a concept first.")
            return False
        dialog = dialog or WordsDialog(
            "Propose words",
            f"Words callers use for {concept_label(concept)} ({concept} in the rules):",
            self,
        )
        if dialog.result() != QDialog.DialogCode.Accepted and not dialog.exec():
            return False
        return self._draft(ThesaurusChangeKind.ADD, dialog.terms(), concept, dialog.note.text())

    def propose_removal(self, note: str = "") -> bool:
        concept, item = self.selected_concept(), self.terms.currentItem()
        if concept is None or item is None:
            self.message.setText("Choose a concept and one of its words first.")
            return False
        return self._draft(ThesaurusChangeKind.REMOVE, [item.text()], concept, note)

    def propose_alike(self, dialog: WordsDialog | None = None) -> bool:
        dialog = dialog or WordsDialog(
            "Words to treat alike", "Words that mean the same as each other:", self
        )
        if dialog.result() != QDialog.DialogCode.Accepted and not dialog.exec():
            return False
        return self._draft(ThesaurusChangeKind.SYNONYMS, dialog.terms(), None, dialog.note.text())

    def _try_with_selected(self, _row: int) -> None:
        """The phrase pane answers with the selected change applied too."""
        change_id = self._selected_change()
        self.impact_text.clear()
        if change_id is None:
            self.try_phrase.set_draft(None)
            return
        with self.database.unit_of_work() as session:
            change = changes.as_change(session.get_one(ThesaurusChange, change_id))
        try:
            proposed = apply_change(self.thesaurus, change)
        except SignpostingError:
            self.try_phrase.set_draft(None)
            return
        self.try_phrase.set_draft(Recogniser(proposed, self.entries))

    def _selected_change(self) -> int | None:
        chosen = self.pending.current_data()
        return chosen if isinstance(chosen, int) else None

    def change_impact(self, change_id: int) -> Impact:
        with self.database.unit_of_work() as session:
            proposed = apply_change(
                self.thesaurus, changes.as_change(session.get_one(ThesaurusChange, change_id))
            )
        return impact((self.thesaurus, self.entries), (proposed, self.entries))

    def show_selected_impact(self) -> None:
        change_id = self._selected_change()
        if change_id is None:
            self.message.setText("Choose a change first.")
            return
        try:
            self.impact_text.show_impact(self.change_impact(change_id))
        except SignpostingError as exc:
            self.message.setText(f"This change no longer applies: {exc}.")

    def sign_selected(self, confirm: Confirm | None = None) -> bool:
        change_id = self._selected_change()
        if change_id is None:
            self.message.setText("Choose a change first.")
            return False
        ask = confirm or (lambda text, result: confirm_sign_off(self, text, result))
        try:
            result = self.change_impact(change_id)
        except SignpostingError as exc:
            self.message.setText(f"Not done: {exc}.")
            return False
        if not ask(self.pending.item(self.pending.currentRow()).text(), result):
            self.message.setText("Not signed off.")
            return False
        return self._run(
            lambda session, actor: changes.sign_off(session, actor, change_id),
            "Signed off: every desk uses the changed thesaurus from now on.",
        )

    def reject_selected(self) -> bool:
        change_id = self._selected_change()
        if change_id is None:
            return False
        return self._run(
            lambda session, actor: changes.reject(session, actor, change_id), "Rejected."
        )

    def _run(self, action: Action, done: str) -> bool:
        return run_as(
            self.database,
            self.actor_id,
            action,
            message=self.message,
            done=done,
            refresh=self.refresh,
        )
