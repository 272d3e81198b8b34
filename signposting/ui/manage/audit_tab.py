"""The audit log: who changed what and when, with before and after, filterable."""

from __future__ import annotations

import json

import sqlalchemy as sa

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

from signposting.db.engine import Database
from signposting.db.models import AuditEntry
from signposting.directory.opening import UK

LIMIT = 2000
KINDS = {
    "Everything": None,
    "Services": "service",
    "Red-flag protocols": "red_flag_protocol",
    "Red-flag drafts": "red_flag_draft",
}


class AuditTab(QWidget):
    def __init__(self, database: Database) -> None:
        super().__init__()
        self.database = database
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
        query = (
            sa.select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(LIMIT)
        )
        if self.kind.currentData():
            query = query.where(AuditEntry.entity_type == self.kind.currentData())
        needle = self.search.text().strip().casefold()
        rows = []
        with self.database.unit_of_work() as session:
            for entry in session.scalars(query):
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
