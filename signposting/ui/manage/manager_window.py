"""The directory manager: services, review queue, red flags and audit log in one window."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget, QVBoxLayout, QWidget

from signposting.accounts.permissions import Permission, allowed
from signposting.db.engine import Database
from signposting.db.models import StaffMember
from signposting.directory.opening import UK
from signposting.labels import label
from signposting.ui.manage.audit_tab import AuditTab
from signposting.ui.manage.redflags.red_flags_tab import RedFlagsTab
from signposting.ui.manage.redflags.thesaurus_tab import ThesaurusTab
from signposting.ui.manage.review_tab import ReviewTab
from signposting.ui.manage.services_tab import ServicesTab


def uk_today() -> date:
    return datetime.now(UTC).astimezone(UK).date()


class ManagerWindow(QMainWindow):
    def __init__(
        self, database: Database, actor_id: int, today: Callable[[], date] = uk_today
    ) -> None:
        super().__init__()
        with database.unit_of_work() as session:
            actor = session.get_one(StaffMember, actor_id)
            who = f"{actor.name} ({label(actor.role)})"
            can_edit = allowed(actor, Permission.EDIT_DIRECTORY)
        self.setWindowTitle(f"Directory and red flags: {who}")
        self.tabs = QTabWidget()
        self.services = ServicesTab(database, actor_id, today)
        self.review = ReviewTab(database, actor_id, today)
        self.red_flags = RedFlagsTab(database, actor_id, today)
        self.thesaurus = ThesaurusTab(database, actor_id)
        self.audit = AuditTab(database, actor_id)
        self.tabs.addTab(self.services, "&Services")
        self.tabs.addTab(self.review, "&Review queue")
        self.tabs.addTab(self.red_flags, "Red &flags")
        self.tabs.addTab(self.thesaurus, "&Thesaurus")
        self.tabs.addTab(self.audit, "&Audit log")
        for tab in (self.services, self.review):
            tab.setEnabled(can_edit)
        self.tabs.currentChanged.connect(self._refresh_tab)
        central = QWidget()
        layout = QVBoxLayout(central)
        signed_in = QLabel(f"Signed in as {who}. Changes are recorded in the audit log.")
        layout.addWidget(signed_in)
        layout.addWidget(self.tabs)
        self.setCentralWidget(central)
        self.resize(1280, 860)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Closing with unsaved edits to a service asks first; Cancel keeps the window open."""
        if not self.services.confirm_leaving():
            event.ignore()
            return
        super().closeEvent(event)

    def _refresh_tab(self, index: int) -> None:
        tab = self.tabs.widget(index)
        refresh = getattr(tab, "refresh", None)
        if callable(refresh):
            refresh()
