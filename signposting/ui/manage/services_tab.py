"""Services: choose one, edit every field, save with a check against someone else's edits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import sqlalchemy as sa

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
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
from signposting.ui.manage.service_list import ID_ROLE, ListedService, ServiceList
from signposting.ui.manage.unsaved import UnsavedChoice, ask_about_unsaved


class ServicesTab(QWidget):
    def __init__(self, database: Database, actor_id: int, today: Callable[[], date]) -> None:
        super().__init__()
        self.database, self.actor_id, self.today = database, actor_id, today
        self.service_id: int | None = None
        self.version = 0
        self.services_list = ServiceList()
        self.list = self.services_list.list
        self.form = ServiceForm()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Save result")
        self.save_button = QPushButton("Save (Ctrl+S)")
        self.save_button.setShortcut("Ctrl+S")
        self.reload_button = QPushButton("Reload")
        self.holidays_button = QPushButton("Add bank holidays (England and Wales)")
        self.import_button = QPushButton("Import a directory…")
        self.feed_import_button = QPushButton("Import from a feed…")
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
        buttons.addWidget(self.feed_import_button)
        right = QWidget()
        column = QVBoxLayout(right)
        column.addWidget(scroll, stretch=1)
        column.addWidget(local)
        column.addWidget(self.message)
        column.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(self.services_list)
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
        self.feed_import_button.clicked.connect(self.open_feed_import)
        self.new_button.clicked.connect(self.new_service)
        self.practice_box.currentIndexChanged.connect(self._load_practice_view)
        self.refresh_list()

    def _build_practice_view(self, database: Database, actor_id: int) -> QGroupBox:
        """Hide or annotate the service for one practice (a practice manager's own only)."""
        self.practice_view_state: tuple[bool, str] | None = None  # as loaded or saved
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
        if not self.confirm_leaving():
            return None
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

    def open_feed_import(self) -> None:
        from signposting.ui.manage.feed_import_dialog import FeedImportDialog  # noqa: PLC0415

        FeedImportDialog(self.database, self.actor_id, self).exec()
        self.refresh_list()

    def refresh_list(self) -> None:
        """Read the list again, keeping the service being edited chosen (and its edits)."""
        with self.database.unit_of_work() as session:
            columns = (Service.id, Service.name, Service.category, Service.status)
            rows = session.execute(
                sa.select(*columns, Service.min_age, Service.max_age).order_by(Service.name)
            )
            listed = [ListedService(*row) for row in rows]
        self.services_list.fill(listed, keep=self.service_id)

    def select(self, service_id: int) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(ID_ROLE) == service_id:
                self.list.setCurrentRow(row)
                return

    def _chosen(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is None:
            return
        chosen = int(item.data(ID_ROLE))
        if chosen != self.service_id and not self.confirm_leaving():
            self.services_list.select_quietly(self.service_id)  # Cancel: stay on the edited one
            return
        self.service_id = chosen
        self.reload()

    def ask_unsaved(self, name: str) -> UnsavedChoice:
        """Save, Discard or Cancel (tests put an answer in its place)."""
        return ask_about_unsaved(self, name)

    def has_unsaved_changes(self) -> bool:
        """Whether the service or this practice's view of it was edited and not saved."""
        if self.service_id is None:
            return False
        practice_view = (self.hide_box.isChecked(), self.local_notes.text())
        moved = self.practice_view_state not in (None, practice_view)
        return self.form.is_modified() or moved

    def confirm_leaving(self) -> bool:
        """Before another service, a new one or closing: ask about unsaved changes. True when
        the edits are saved or discarded; False (stay) on Cancel or when saving fails."""
        if not self.has_unsaved_changes():
            return True
        choice = self.ask_unsaved(self.form.name.text().strip() or "This service")
        if choice is UnsavedChoice.CANCEL:
            return False
        if choice is UnsavedChoice.DISCARD:
            self.form.mark_saved()
            self.practice_view_state = None
            return True
        practice_view = (self.hide_box.isChecked(), self.local_notes.text())
        if self.form.is_modified() and not self.save():
            return False
        return self.practice_view_state in (None, practice_view) or self.save_practice_view()

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
        self.practice_view_state = (hidden, notes)

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
        self.practice_view_state = (self.hide_box.isChecked(), self.local_notes.text())
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
            self.form.mark_saved()
        except ConflictError as exc:
            self.message.setText(f"Not saved: {exc}. Press Reload to see their changes.")
            return False
        except SignpostingError as exc:
            self.message.setText(f"Not saved: {exc}.")
            return False
        self.message.setText(f"Saved (version {self.version}).")
        return True
