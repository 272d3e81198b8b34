"""Red-flag protocols: drafts by managers or clinicians, sign-off by clinicians only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from signposting.accounts.permissions import Permission, allowed
from signposting.db.engine import Database
from signposting.db.models import RedFlagProtocol, StaffMember
from signposting.directory import red_flags
from signposting.domain import Urgency
from signposting.errors import SignpostingError

ID_ROLE = Qt.ItemDataRole.UserRole + 1
REVIEW_AFTER = timedelta(days=365)


class DraftDialog(QDialog):
    """The fields of a protocol, filled from the current one, for a proposed change."""

    def __init__(self, protocol: RedFlagProtocol | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Draft a red-flag change")
        self.key = QLineEdit(protocol.key if protocol else "")
        self.title = QLineEdit(protocol.title if protocol else "")
        self.urgency = QComboBox()
        for urgency in Urgency:
            self.urgency.addItem(urgency.label, urgency)
        if protocol:
            self.urgency.setCurrentIndex(list(Urgency).index(protocol.urgency))
        self.action = QLineEdit(protocol.action if protocol else "")
        self.script = QPlainTextEdit(protocol.script if protocol else "")
        self.phrases = QPlainTextEdit("\n".join(protocol.phrases) if protocol else "")
        self.symptoms = QPlainTextEdit("\n".join(protocol.symptoms) if protocol else "")
        self.note = QLineEdit()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        for label, widget in [
            ("Key:", self.key),
            ("Title:", self.title),
            ("Urgency:", self.urgency),
            ("Action (read aloud):", self.action),
            ("Script:", self.script),
            ("What callers say (one per line):", self.phrases),
            ("Clinical signs (one per line):", self.symptoms),
            ("Why this change:", self.note),
        ]:
            widget.setAccessibleName(label.rstrip(":"))
            form.addRow(label, widget)
        form.addRow(buttons)

    def fields(self) -> dict[str, Any]:
        def lines(edit: QPlainTextEdit) -> list[str]:
            return [line.strip() for line in edit.toPlainText().splitlines() if line.strip()]

        return {
            "key": self.key.text().strip(),
            "title": self.title.text().strip(),
            "urgency": self.urgency.currentData(),
            "action": self.action.text().strip(),
            "script": self.script.toPlainText().strip(),
            "phrases": lines(self.phrases),
            "symptoms": lines(self.symptoms),
        }


class RedFlagsTab(QWidget):
    def __init__(self, database: Database, actor_id: int, today: Callable[[], date]) -> None:
        super().__init__()
        self.database, self.actor_id, self.today = database, actor_id, today
        self.protocols = QListWidget()
        self.protocols.setAccessibleName("Red-flag protocols")
        self.drafts = QListWidget()
        self.drafts.setAccessibleName("Drafts awaiting sign-off")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.draft_button = QPushButton("Draft a change to the selected protocol…")
        self.new_button = QPushButton("Draft a new protocol…")
        self.sign_button = QPushButton("Sign off the selected draft")
        self.reject_button = QPushButton("Reject the selected draft")
        self.sign_as_is_button = QPushButton("Sign off the selected protocol as written")
        with database.unit_of_work() as session:
            actor = session.get(StaffMember, actor_id)
            can_sign = allowed(actor, Permission.SIGN_OFF_RED_FLAGS)
            can_draft = allowed(actor, Permission.DRAFT_RED_FLAGS)
        for button in (self.sign_button, self.reject_button, self.sign_as_is_button):
            button.setEnabled(can_sign)
        for button in (self.draft_button, self.new_button):
            button.setEnabled(can_draft)
        row = QHBoxLayout()
        for button in (self.draft_button, self.new_button, self.sign_as_is_button):
            row.addWidget(button)
        draft_row = QHBoxLayout()
        for button in (self.sign_button, self.reject_button):
            draft_row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("In force at the desk (each shows who signed it off and when):"))
        layout.addWidget(self.protocols, stretch=2)
        layout.addLayout(row)
        layout.addWidget(QLabel("Drafts: not used at the desk until a clinician signs them off:"))
        layout.addWidget(self.drafts, stretch=1)
        layout.addLayout(draft_row)
        layout.addWidget(self.message)
        self.draft_button.clicked.connect(lambda: self.draft_change(new=False))
        self.new_button.clicked.connect(lambda: self.draft_change(new=True))
        self.sign_button.clicked.connect(self.sign_selected_draft)
        self.reject_button.clicked.connect(self.reject_selected_draft)
        self.sign_as_is_button.clicked.connect(self.sign_selected_protocol)
        self.refresh()

    def refresh(self) -> None:
        self.protocols.clear()
        self.drafts.clear()
        with self.database.unit_of_work() as session:
            for p in session.scalars(sa.select(RedFlagProtocol).order_by(RedFlagProtocol.title)):
                if p.signed_off_at and p.signed_off_by:
                    signed = (
                        f"signed off by {p.signed_off_by.name} on "
                        f"{p.signed_off_at:%d/%m/%Y}, review by "
                        f"{p.review_date:%d/%m/%Y}"
                        if p.review_date
                        else ""
                    )
                else:
                    signed = "NOT signed off" + (" (example content)" if p.is_example else "")
                item = QListWidgetItem(f"{p.title}: {p.action} [{signed}]")
                item.setData(ID_ROLE, p.id)
                self.protocols.addItem(item)
            for d in red_flags.pending_drafts(session):
                who = d.drafted_by.name if d.drafted_by else "unknown"
                kind = "change" if d.protocol_id else "new protocol"
                item = QListWidgetItem(
                    f"{d.title} ({kind} by {who}, {d.drafted_at:%d/%m/%Y}): {d.action}"
                )
                item.setData(ID_ROLE, d.id)
                self.drafts.addItem(item)

    def _selected(self, widget: QListWidget) -> int | None:
        item = widget.currentItem()
        return None if item is None else int(item.data(ID_ROLE))

    def _run(
        self, action: Callable[[sa.orm.Session, StaffMember | None], object], done: str
    ) -> bool:
        try:
            with self.database.unit_of_work() as session:
                actor = session.get(StaffMember, self.actor_id)
                session.info["actor"] = actor
                action(session, actor)
        except SignpostingError as exc:
            self.message.setText(f"Not done: {exc}.")
            return False
        self.message.setText(done)
        self.refresh()
        return True

    def draft_change(self, *, new: bool, dialog: DraftDialog | None = None) -> bool:
        protocol_id = None if new else self._selected(self.protocols)
        if not new and protocol_id is None:
            self.message.setText("Choose a protocol first.")
            return False
        if dialog is None:
            with self.database.unit_of_work() as session:
                current = session.get(RedFlagProtocol, protocol_id) if protocol_id else None
                dialog = DraftDialog(current, self)
            if not dialog.exec():
                return False
        fields, note = dialog.fields(), dialog.note.text()
        return self._run(
            lambda session, actor: red_flags.draft(session, actor, fields, protocol_id, note),
            "Draft saved. A clinician must sign it off before the desk uses it.",
        )

    def sign_selected_draft(self) -> bool:
        draft_id = self._selected(self.drafts)
        if draft_id is None:
            self.message.setText("Choose a draft first.")
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
