"""The audit log: who changed what and when, with before and after, filterable."""

from __future__ import annotations

import json

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from signposting.accounts.audit_log import read_audit_log
from signposting.db.engine import Database
from signposting.db.models import StaffMember
from signposting.directory.opening import UK
from signposting.errors import PermissionDeniedError

KINDS = {
    "Everything": None,
    "Services": "service",
    "Red-flag protocols": "red_flag_protocol",
    "Red-flag drafts": "red_flag_draft",
}


class AuditTab(QWidget):
    def __init__(self, database: Database, actor_id: int) -> None:
        super().__init__()
        self.database, self.actor_id = database, actor_id
        self.kind = QComboBox()
        for label, value in KINDS.items():
            self.kind.addItem(label, value)
        self.kind.setAccessibleName("Kind of entry")
        self.search = QLineEdit(placeholderText="who, or text in the change…")
        self.search.setAccessibleName("Filter")
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(["When", "Who", "What", "Change", "Before", "After"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setAccessibleName("Audit log")
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Show:"))
        filters.addWidget(self.kind)
        filters.addWidget(self.search, stretch=1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table)
        self.kind.currentIndexChanged.connect(self.refresh)
        self.search.textChanged.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        needle = self.search.text().strip().casefold()
        rows = []
        with self.database.unit_of_work() as session:
            actor = session.get(StaffMember, self.actor_id)
            try:
                entries = read_audit_log(session, actor, entity_type=self.kind.currentData())
            except PermissionDeniedError as exc:
                self.table.setRowCount(0)
                self.setEnabled(False)
                self.setToolTip(f"{exc}.")
                return
            for entry in entries:
                before = json.dumps(entry.before, ensure_ascii=False) if entry.before else ""
                after = json.dumps(entry.after, ensure_ascii=False) if entry.after else ""
                cells = [
                    entry.at.astimezone(UK).strftime("%d/%m/%Y %H:%M"),
                    entry.actor_label,
                    f"{entry.entity_type} {entry.entity_id}",
                    entry.action.value,
                    before,
                    after,
                ]
                if needle and needle not in " ".join(cells).casefold():
                    continue
                rows.append(cells)
        self.table.setRowCount(len(rows))
        for number, cells in enumerate(rows):
            for column, text in enumerate(cells):
                self.table.setItem(number, column, QTableWidgetItem(text[:500]))
