"""The audit log: who changed what and when, each change in words, every field on demand."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from signposting.accounts.audit_summary import AuditLine, audit_lines
from signposting.db.engine import Database
from signposting.db.models import StaffMember
from signposting.errors import PermissionDeniedError
from signposting.ui.manage.columns import RememberedColumns

KINDS = {
    "Everything": None,
    "Services": "service",
    "Red-flag protocols": "red_flag_protocol",
    "Red-flag drafts": "red_flag_draft",
    "Thesaurus changes": "thesaurus_change",
    "Staff": "staff_member",
}
COLUMNS = ("When", "Who", "What", "Change", "What changed")
SUMMARY_COLUMN = 4
NO_SELECTION = "Choose an entry to see every field it recorded, before and after."


class AuditTab(QWidget):
    def __init__(self, database: Database, actor_id: int) -> None:
        super().__init__()
        self.database, self.actor_id = database, actor_id
        self.lines: list[AuditLine] = []
        self.kind = QComboBox()
        for text, value in KINDS.items():
            self.kind.addItem(text, value)
        self.kind.setAccessibleName("Kind of entry")
        self.search = QLineEdit(placeholderText="who, what, or text in the change…")
        self.search.setAccessibleName("Filter")
        self.search.setClearButtonEnabled(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAccessibleName("Audit log")
        self.columns = RememberedColumns(self.table, "audit-log", stretch=SUMMARY_COLUMN)
        self.details = QPlainTextEdit(NO_SELECTION)
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Entry details")
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Show:"))
        filters.addWidget(self.kind)
        filters.addWidget(self.search, stretch=1)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setSizes([520, 200])
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(splitter, stretch=1)
        self.kind.currentIndexChanged.connect(self.refresh)
        self.search.textChanged.connect(self.refresh)
        self.table.currentCellChanged.connect(self._show_details)
        self.refresh()

    def refresh(self) -> None:
        needle = self.search.text().strip()
        with self.database.unit_of_work() as session:
            actor = session.get(StaffMember, self.actor_id)
            try:
                lines = audit_lines(session, actor, entity_type=self.kind.currentData())
            except PermissionDeniedError as exc:
                self.lines = []
                self.table.setRowCount(0)
                self.setEnabled(False)
                self.setToolTip(f"{exc}.")
                return
        self.lines = [line for line in lines if not needle or line.matches(needle)]
        self.table.setRowCount(len(self.lines))
        for row, line in enumerate(self.lines):
            cells = (line.when, line.who, line.what, line.change, line.summary)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.columns.fit()
        self._show_details(self.table.currentRow())

    def _show_details(self, row: int, *_: int) -> None:
        if 0 <= row < len(self.lines):
            self.details.setPlainText(self.lines[row].details)
        else:
            self.details.setPlainText(NO_SELECTION)
