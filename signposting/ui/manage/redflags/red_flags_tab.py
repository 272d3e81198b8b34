"""Red-flag protocols: in force at the desk (as rules shown as chips), drafts by managers or
clinicians, sign-off by clinicians only, after seeing what the draft changes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import sqlalchemy as sa

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from signposting.db.engine import Database
from signposting.db.models import RedFlagDraft, RedFlagProtocol
from signposting.directory import red_flags
from signposting.errors import SignpostingError
from signposting.labels import concept_label
from signposting.redflags import changes
from signposting.redflags.impact import Impact, impact, with_protocol
from signposting.redflags.protocol import RedFlagEntry
from signposting.redflags.recogniser import Recogniser
from signposting.redflags.rules import Modifier
from signposting.redflags.thesaurus import Thesaurus
from signposting.search.loader import red_flag_entries
from signposting.ui.manage.column_list import ColumnList
from signposting.ui.manage.redflags.acting import Action, red_flag_powers, run_as
from signposting.ui.manage.redflags.chips import RulesView
from signposting.ui.manage.redflags.draft_dialog import DraftDialog
from signposting.ui.manage.redflags.impact_view import confirm_sign_off
from signposting.ui.manage.redflags.try_phrase import TryPhrase

REVIEW_AFTER = timedelta(days=365)
#: The lists get the wider share: their columns are read side by side.
SPLIT = (760, 520)
Confirm = Callable[[str, Impact], bool]

__all__ = ["DraftDialog", "RedFlagsTab"]


def _signed(protocol: RedFlagProtocol) -> str:
    if protocol.signed_off_at and protocol.signed_off_by:
        review = f", review by {protocol.review_date:%d/%m/%Y}" if protocol.review_date else ""
        return (
            f"signed off by {protocol.signed_off_by.name} on "
            f"{protocol.signed_off_at:%d/%m/%Y}{review}"
        )
    return "NOT signed off" + (" (example content)" if protocol.is_example else "")


def _signed_cell(protocol: RedFlagProtocol) -> str:
    """Sign-off in a few words for its column ('Dr Kim Bell, 23/11/2026'); the row's tooltip
    says it whole."""
    if protocol.signed_off_at and protocol.signed_off_by:
        return f"{protocol.signed_off_by.name}, {protocol.signed_off_at:%d/%m/%Y}"
    return "NOT signed off" + (" (example)" if protocol.is_example else "")


def modifier_text(modifier: Modifier) -> str:
    """'Pregnant or Bleeding → Call 999 now: why', as a person reads a modifier."""
    concepts = " or ".join(concept_label(name) for name in modifier.concepts)
    why = f": {modifier.why}" if modifier.why else ""
    return f"{concepts} \u2192 {modifier.urgency.label}{why}"


class RedFlagsTab(QWidget):
    def __init__(self, database: Database, actor_id: int, today: Callable[[], date]) -> None:
        super().__init__()
        self.database, self.actor_id, self.today = database, actor_id, today
        self.protocols = ColumnList(
            ("Protocol", "Urgency", "Sign-off"), "Red-flag protocols", stretch=0
        )
        self.drafts = ColumnList(
            ("Draft", "Kind", "Drafted by", "On", "Action"), "Drafts awaiting sign-off"
        )
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.draft_button = QPushButton("Draft a change to the selected protocol…")
        self.new_button = QPushButton("Draft a new protocol…")
        self.sign_button = QPushButton("Sign off the selected draft…")
        self.reject_button = QPushButton("Reject the selected draft")
        self.sign_as_is_button = QPushButton("Sign off the selected protocol as written")
        can_draft, can_sign = red_flag_powers(database, actor_id)
        for button in (self.sign_button, self.reject_button, self.sign_as_is_button):
            button.setEnabled(can_sign)
        for button in (self.draft_button, self.new_button):
            button.setEnabled(can_draft)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setAccessibleName("Selected protocol")
        self.rules_view = RulesView()
        self.examples = QLabel()
        self.examples.setWordWrap(True)
        self.thesaurus, self.entries = self._in_force()
        self.try_phrase = TryPhrase(Recogniser(self.thesaurus, self.entries))
        self.setLayout(self._layout())
        self.draft_button.clicked.connect(lambda: self.draft_change(new=False))
        self.new_button.clicked.connect(lambda: self.draft_change(new=True))
        self.sign_button.clicked.connect(lambda: self.sign_selected_draft())  # noqa: PLW0108 - not the checked flag
        self.reject_button.clicked.connect(self.reject_selected_draft)
        self.sign_as_is_button.clicked.connect(self.sign_selected_protocol)
        self.protocols.currentRowChanged.connect(self._show_protocol)
        self.refresh()

    def _layout(self) -> QVBoxLayout:
        left = QWidget()
        column = QVBoxLayout(left)
        column.addWidget(QLabel("In force at the desk (each shows who signed it off and when):"))
        column.addWidget(self.protocols, stretch=2)
        row = QHBoxLayout()
        for button in (self.draft_button, self.new_button, self.sign_as_is_button):
            row.addWidget(button)
        column.addLayout(row)
        column.addWidget(QLabel("Drafts: not used at the desk until a clinician signs them off:"))
        column.addWidget(self.drafts, stretch=1)
        draft_row = QHBoxLayout()
        for button in (self.sign_button, self.reject_button):
            draft_row.addWidget(button)
        column.addLayout(draft_row)
        right = QWidget()
        side = QVBoxLayout(right)
        side.addWidget(self.detail)
        side.addWidget(QLabel("Recognised by these rules (any one raises it):"))
        side.addWidget(self.rules_view)
        side.addWidget(self.examples)
        side.addStretch(1)
        side.addWidget(self.try_phrase)
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
        self.protocols.clear()
        self.drafts.clear()
        with self.database.unit_of_work() as session:
            for p in session.scalars(sa.select(RedFlagProtocol).order_by(RedFlagProtocol.title)):
                self.protocols.add_row(
                    (p.title, p.urgency.label, _signed_cell(p)),
                    f"{p.title}: {p.action} [{_signed(p)}]",
                    p.id,
                )
            for d in red_flags.pending_drafts(session):
                who = d.drafted_by.name if d.drafted_by else "unknown"
                kind = "change" if d.protocol_id else "new protocol"
                on = f"{d.drafted_at:%d/%m/%Y}"
                self.drafts.add_row(
                    (d.title, kind.capitalize(), who, on, d.action),
                    f"{d.title} ({kind} by {who}, {on}): {d.action}",
                    d.id,
                )
        self.protocols.fit_columns()
        self.drafts.fit_columns()
        self.thesaurus, self.entries = self._in_force()
        self.try_phrase.set_recogniser(Recogniser(self.thesaurus, self.entries))

    def _show_protocol(self, row: int) -> None:
        protocol_id = self._selected(self.protocols)
        entry = next((e for e in self.entries if e.id == protocol_id), None)
        if entry is None or row < 0:
            return
        self.detail.setText(
            f"<b>{entry.title}</b> ({entry.urgency.label})<br>{entry.action}<br>"
            f"<i>Say:</i> {entry.script}"
        )
        self.rules_view.show_rules(list(entry.rules))
        modifiers = "; ".join(modifier_text(m) for m in entry.modifiers)
        self.examples.setToolTip(
            "As written in the rules: " + "; ".join(m.notation() for m in entry.modifiers)
            if entry.modifiers
            else ""
        )
        examples = "; ".join(f"\u201c{e}\u201d" for e in entry.examples[:8])
        self.examples.setText(
            (f"Raised by: {modifiers}<br>" if modifiers else "")
            + (f"Examples: {examples}" if examples else "No examples yet.")
        )

    def _selected(self, widget: ColumnList) -> int | None:
        chosen = widget.current_data()
        return chosen if isinstance(chosen, int) else None

    def _run(self, action: Action, done: str) -> bool:
        return run_as(
            self.database,
            self.actor_id,
            action,
            message=self.message,
            done=done,
            refresh=self.refresh,
        )

    def draft_change(self, *, new: bool, dialog: DraftDialog | None = None) -> bool:
        protocol_id = None if new else self._selected(self.protocols)
        if not new and protocol_id is None:
            self.message.setText("Choose a protocol first.")
            return False
        if dialog is None:
            with self.database.unit_of_work() as session:
                current = session.get(RedFlagProtocol, protocol_id) if protocol_id else None
                dialog = DraftDialog(current, self, thesaurus=self.thesaurus, entries=self.entries)
            if not dialog.exec():
                return False
        try:
            fields = dialog.fields()
        except SignpostingError as exc:
            self.message.setText(f"Not done: {exc}.")
            return False
        note = dialog.note.text()
        return self._run(
            lambda session, actor: red_flags.draft(session, actor, fields, protocol_id, note),
            "Draft saved. A clinician must sign it off before the desk uses it.",
        )

    def draft_impact(self, draft_id: int) -> Impact:
        """What signing off this draft changes at the desk."""
        with self.database.unit_of_work() as session:
            draft = session.get_one(RedFlagDraft, draft_id)
            proposed = RedFlagEntry.from_content(draft.protocol_id or -draft.id, draft)
        return impact(
            (self.thesaurus, self.entries),
            (self.thesaurus, with_protocol(self.entries, proposed)),
        )

    def sign_selected_draft(self, confirm: Confirm | None = None) -> bool:
        draft_id = self._selected(self.drafts)
        if draft_id is None:
            self.message.setText("Choose a draft first.")
            return False
        what = self.drafts.item(self.drafts.currentRow()).text()
        ask = confirm or (lambda text, result: confirm_sign_off(self, text, result))
        if not ask(what, self.draft_impact(draft_id)):
            self.message.setText("Not signed off.")
            return False
        review = self.today() + REVIEW_AFTER
        return self._run(
            lambda session, actor: red_flags.sign_off(session, actor, draft_id, review),
            "Signed off: the desk uses it from now on.",
        )

    def reject_selected_draft(self) -> bool:
        draft_id = self._selected(self.drafts)
        if draft_id is None:
            return False
        return self._run(
            lambda session, actor: red_flags.reject(session, actor, draft_id), "Rejected."
        )

    def sign_selected_protocol(self) -> bool:
        protocol_id = self._selected(self.protocols)
        if protocol_id is None:
            self.message.setText("Choose a protocol first.")
            return False
        review = self.today() + REVIEW_AFTER
        return self._run(
            lambda session, actor: red_flags.sign_off_as_is(session, actor, protocol_id, review),
            "Signed off as written.",
        )
