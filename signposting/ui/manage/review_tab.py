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
from signposting.labels import label
from signposting.ui.manage.columns import RememberedColumns
from signposting.ui.manage.feed_offers import FeedOffers

COLUMNS = ("Service", "Why it needs checking", "Status", "Last verified", "Category")
NAME_COLUMN = 0


class ReviewTab(QWidget):
    def __init__(self, database: Database, actor_id: int, today: Callable[[], date]) -> None:
        super().__init__()
        self.database, self.actor_id, self.today = database, actor_id, today
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName("Review queue")
        self.columns = RememberedColumns(self.table, "review-queue", stretch=NAME_COLUMN)
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
        self.offers = FeedOffers(database, actor_id)
        layout.addWidget(self.offers)
        self.verify_button.clicked.connect(self.verify_selected)
        self.offers.settled.connect(self.refresh_queue)
        self.refresh_queue()

    def refresh(self) -> None:
        """The queue and what directory feeds offer."""
        self.refresh_queue()
        self.offers.refresh()

    def refresh_queue(self) -> None:
        with self.database.unit_of_work() as session:
            queue = [
                (
                    service.id,
                    [
                        service.name,
                        "; ".join(reasons),
                        label(service.status),
                        f"{service.last_verified:%d/%m/%Y}" if service.last_verified else "never",
                        service.category,
                    ],
                )
                for service, reasons in review_queue(session, self.today())
            ]
        self.service_ids = [service_id for service_id, _ in queue]
        self.table.setRowCount(len(queue))
        for row, (_, cells) in enumerate(queue):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.columns.fit()

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
        self.refresh_queue()
