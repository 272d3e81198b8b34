"""Services: choose one, edit every field, save with a check against someone else's edits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import sqlalchemy as sa

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from signposting.db.engine import Database
from signposting.db.models import Service, StaffMember
from signposting.directory.editing import update_service
from signposting.errors import ConflictError, SignpostingError
from signposting.ui.manage.service_form import ServiceForm

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class ServicesTab(QWidget):
    def __init__(self, database: Database, actor_id: int, today: Callable[[], date]) -> None:
        super().__init__()
        self.database, self.actor_id, self.today = database, actor_id, today
        self.service_id: int | None = None
        self.version = 0
        self.list = QListWidget()
        self.list.setAccessibleName("Services")
        self.form = ServiceForm()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Save result")
        self.save_button = QPushButton("Save (Ctrl+S)")
        self.save_button.setShortcut("Ctrl+S")
        self.reload_button = QPushButton("Reload")
        self.holidays_button = QPushButton("Add bank holidays (England and Wales)")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.reload_button, self.holidays_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        right = QWidget()
        column = QVBoxLayout(right)
        column.addWidget(scroll, stretch=1)
        column.addWidget(self.message)
        column.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setSizes([320, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.list.currentItemChanged.connect(self._chosen)
        self.form.validity_changed.connect(self.save_button.setEnabled)
        self.save_button.clicked.connect(self.save)
        self.reload_button.clicked.connect(self.reload)
        self.holidays_button.clicked.connect(lambda: self.form.add_bank_holidays(self.today()))
        self.refresh_list()

    def refresh_list(self) -> None:
        self.list.clear()
        with self.database.unit_of_work() as session:
            for service_id, name, status in session.execute(
                sa.select(Service.id, Service.name, Service.status).order_by(Service.name)
            ):
                item = QListWidgetItem(
                    name if status.value == "active" else f"{name} ({status.value})"
                )
                item.setData(ID_ROLE, service_id)
                self.list.addItem(item)

    def select(self, service_id: int) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(ID_ROLE) == service_id:
                self.list.setCurrentRow(row)
                return

    def _chosen(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is not None:
            self.service_id = int(item.data(ID_ROLE))
            self.reload()

    def reload(self) -> None:
        """Load the service as it is now in the database (after a conflict, say)."""
        if self.service_id is None:
            return
        with self.database.unit_of_work() as session:
            service = session.get_one(Service, self.service_id)
            self.version = service.version
            self.form.load(service)
        self.message.setText(f"Loaded version {self.version}.")

    def save(self) -> bool:
        if self.service_id is None or not self.form.validate():
            return False
        try:
            with self.database.unit_of_work() as session:
                actor = session.get(StaffMember, self.actor_id)
                session.info["actor"] = actor
                saved = update_service(
                    session, actor, self.service_id, self.version, self.form.values()
                )
                self.version = saved.version
        except ConflictError as exc:
            self.message.setText(f"Not saved: {exc}. Press Reload to see their changes.")
            return False
        except SignpostingError as exc:
            self.message.setText(f"Not saved: {exc}.")
            return False
        self.message.setText(f"Saved (version {self.version}).")
        return True
