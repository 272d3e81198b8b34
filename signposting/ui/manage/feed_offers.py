"""What scheduled directory feeds offer (new services, changed fields), for a manager to accept
or dismiss from the review queue; nothing a feed offers is applied unseen."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from sqlalchemy.orm import Session

from PySide6.QtCore import Signal
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
from signposting.db.models import FeedChange, StaffMember
from signposting.db.models.feeds import FeedChangeKind
from signposting.directory.io.feed_refresh import (
    accept_feed_change,
    dismiss_feed_change,
    open_feed_changes,
)
from signposting.errors import SignpostingError
from signposting.labels import humanise
from signposting.ui.manage.columns import RememberedColumns

COLUMNS = ("Service", "Offer", "What differs", "Feed")
DIFFERS_COLUMN = 2
KIND_WORDS = {FeedChangeKind.NEW: "New service", FeedChangeKind.CHANGED: "Changed"}


def describe(change: FeedChange) -> list[str]:
    """The offer's row: the service, new or changed, the fields that differ, the feed's host."""
    name = str(change.offered.get("name") or change.service_key)
    fields = ", ".join(humanise(field).lower() for field in change.fields)
    return [
        name,
        KIND_WORDS.get(change.kind, humanise(str(change.kind))),
        fields[:1].upper() + fields[1:] if fields else "The whole service",
        urlsplit(change.feed.url).hostname or change.feed.url,
    ]


class FeedOffers(QWidget):
    """A list of open feed offers with Accept and Dismiss; ``settled`` after either."""

    settled = Signal()

    def __init__(self, database: Database, actor_id: int) -> None:
        super().__init__()
        self.database, self.actor_id = database, actor_id
        self.change_ids: list[int] = []
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.verticalHeader().hide()
        self.columns = RememberedColumns(self.table, "feed-offers", stretch=DIFFERS_COLUMN)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAccessibleName("Offered by directory feeds")
        self.accept_button = QPushButton("Accept the feed's version")
        self.dismiss_button = QPushButton("Dismiss: keep ours")
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button)
        buttons.addWidget(self.dismiss_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Offered by directory feeds (applied only when accepted):"))
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.accept_button.clicked.connect(self.accept_selected)
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        self.refresh()

    def refresh(self) -> None:
        with self.database.unit_of_work() as session:
            rows = [(change.id, describe(change)) for change in open_feed_changes(session)]
        self.change_ids = [change_id for change_id, _ in rows]
        self.table.setRowCount(len(rows))
        for row, (_, cells) in enumerate(rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.columns.fit()
        for button in (self.accept_button, self.dismiss_button):
            button.setEnabled(bool(rows))
        if not rows:
            self.message.setText("No feed offers waiting.")

    def accept_selected(self) -> None:
        self._settle(accept_feed_change, "Accepted")

    def dismiss_selected(self) -> None:
        self._settle(dismiss_feed_change, "Dismissed")

    def _settle(
        self, settle: Callable[[Session, StaffMember | None, int], object], done: str
    ) -> None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.change_ids):
            self.message.setText("Choose an offer in the list first.")
            return
        item = self.table.item(row, 0)
        name = item.text() if item is not None else "the offer"
        try:
            with self.database.unit_of_work() as session:
                actor = session.get(StaffMember, self.actor_id)
                session.info["actor"] = actor
                settle(session, actor, self.change_ids[row])
        except SignpostingError as exc:
            self.message.setText(f"Not done: {exc}.")
            return
        self.refresh()
        self.message.setText(f"{done}: {name}.")
        self.settled.emit()
