"""Services: choose one, edit every field, save with a check against someone else's edits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import sqlalchemy as sa

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from signposting.db.engine import Database
from signposting.db.models import Practice, Service, StaffMember
from signposting.directory.editing import create_service, update_service
from signposting.directory.sharing import hidden_services, local_notes, set_practice_view
from signposting.domain import ServiceStatus
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
        self.import_button = QPushButton("Import a directory…")
        self.new_button = QPushButton("New service")
        local = self._build_practice_view(database, actor_id)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.reload_button, self.holidays_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.import_button)
        right = QWidget()
        column = QVBoxLayout(right)
        column.addWidget(scroll, stretch=1)
        column.addWidget(local)
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
        self.save_local_button.clicked.connect(self.save_practice_view)
        self.import_button.clicked.connect(self.open_import)
        self.new_button.clicked.connect(self.new_service)
        self.practice_box.currentIndexChanged.connect(self._load_practice_view)
        self.refresh_list()

    def _build_practice_view(self, database: Database, actor_id: int) -> QGroupBox:
        """Hide or annotate the service for one practice (a practice manager's own only)."""
        self.practice_box = QComboBox()
        self.practice_box.setAccessibleName("Practice")
        self.hide_box = QCheckBox("Hide at this practice's desks")
        self.local_notes = QLineEdit(placeholderText="Notes only this practice's desks see")
        self.local_notes.setAccessibleName("Local notes")
        self.save_local_button = QPushButton("Save for this practice")
        with database.unit_of_work() as session:
            actor = session.get_one(StaffMember, actor_id)
            query = sa.select(Practice).order_by(Practice.name)
            if actor.practice_id is not None:
                query = query.where(Practice.id == actor.practice_id)
            for practice in session.scalars(query):
                self.practice_box.addItem(practice.name, practice.id)
        local = QGroupBox("Shared across the network: this practice's own view")
        local_row = QHBoxLayout(local)
        for widget in (self.practice_box, self.hide_box, self.local_notes, self.save_local_button):
            local_row.addWidget(widget)
        return local

    def new_service(self) -> int | None:
        """Add a blank service (closed until it is filled in) and open it for editing."""
        key = f"local-{datetime.now(UTC):%Y%m%d%H%M%S%f}"
        fields = {
            "key": key,
            "name": "New service",
            "category": "Uncategorised",
            "status": ServiceStatus.TEMPORARILY_CLOSED,
            "alert": "New entry: not ready for signposting until completed and verified",
        }
        try:
            with self.database.unit_of_work() as session:
                actor = session.get(StaffMember, self.actor_id)
                session.info["actor"] = actor
                service_id = create_service(session, actor, fields).id
        except SignpostingError as exc:
            self.message.setText(f"Not added: {exc}.")
            return None
        self.refresh_list()
        self.select(service_id)
        self.message.setText("New service added (temporarily closed until you complete it).")
        return service_id

    def open_import(self) -> None:
        from signposting.ui.manage.import_dialog import ImportDialog  # noqa: PLC0415

        ImportDialog(self.database, self.actor_id, self).exec()
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
        self._load_practice_view()

    def _load_practice_view(self) -> None:
        practice_id = self.practice_box.currentData()
        if self.service_id is None or practice_id is None:
            return
        with self.database.unit_of_work() as session:
            hidden = self.service_id in hidden_services(session, practice_id)
            notes = local_notes(session, practice_id, self.service_id)
        self.hide_box.setChecked(hidden)
        self.local_notes.setText(notes)

    def save_practice_view(self) -> bool:
        practice_id = self.practice_box.currentData()
        if self.service_id is None or practice_id is None:
            return False
        try:
            with self.database.unit_of_work() as session:
                actor = session.get(StaffMember, self.actor_id)
                set_practice_view(
                    session,
                    actor,
                    practice_id,
                    self.service_id,
                    hidden=self.hide_box.isChecked(),
                    local_notes=self.local_notes.text(),
                )
        except SignpostingError as exc:
            self.message.setText(f"Not saved: {exc}.")
            return False
        self.message.setText(f"Saved for {self.practice_box.currentText()} only.")
        return True

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
