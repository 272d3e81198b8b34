"""The review queue: services past their review date or flagged from the desk."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from signposting.db.engine import Database
from signposting.db.models import StaffMember
from signposting.directory.editing import review_queue, verify_service
from signposting.errors import SignpostingError


class ReviewTab(QWidget):
    def __init__(self, database: Database, actor_id: int, today: Callable[[], date]) -> None:
        super().__init__()
        self.database, self.actor_id, self.today = database, actor_id, today
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Service", "Why it needs checking"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName("Review queue")
        self.verify_button = QPushButton("Checked and correct: mark verified today")
        self.message = QLabel()
        self.service_ids: list[int] = []
        buttons = QHBoxLayout()
        buttons.addWidget(self.verify_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("Verify each entry with the service itself, then mark it verified.")
        )
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.verify_button.clicked.connect(self.verify_selected)
        self.refresh()

    def refresh(self) -> None:
        with self.database.unit_of_work() as session:
            queue = [(s.id, s.name, reasons) for s, reasons in review_queue(session, self.today())]
        self.service_ids = [service_id for service_id, _, _ in queue]
        self.table.setRowCount(len(queue))
        for row, (_, name, reasons) in enumerate(queue):
            self.table.setItem(row, 0, QTableWidgetItem(name))
            self.table.setItem(row, 1, QTableWidgetItem("; ".join(reasons)))

    def verify_selected(self) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.service_ids):
            self.message.setText("Choose a service in the list first.")
            return
        try:
            with self.database.unit_of_work() as session:
                actor = session.get(StaffMember, self.actor_id)
                session.info["actor"] = actor
                verify_service(session, actor, self.service_ids[row], self.today())
        except SignpostingError as exc:
            self.message.setText(f"Not verified: {exc}.")
            return
        self.message.setText("Verified.")
        self.refresh()
