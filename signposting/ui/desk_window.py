"""The reception desk window."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QMainWindow,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from signposting.db.engine import Database
from signposting.directory.queries import list_red_flags, list_services
from signposting.errors import SignpostingError
from signposting.recording.organisation import resolve_practice


class DeskWindow(QMainWindow):
    """The receptionist's window: the directory at a glance, filtered by what is typed."""

    def __init__(self, database: Database) -> None:
        super().__init__()
        self.setWindowTitle("Signposting: reception desk")
        self._database = database
        self.search_box = QLineEdit(placeholderText="Type what the caller says…")
        self.search_box.setAccessibleName("Search")
        self.services_model = QStandardItemModel(0, 3, self)
        self.services_model.setHorizontalHeaderLabels(["Service", "Category", "Status"])
        self.services_view = QTableView()
        self.services_view.setModel(self.services_model)
        self.services_view.setAccessibleName("Services")
        self.services_view.horizontalHeader().setStretchLastSection(True)
        self.practice_label = QLabel()
        self.summary_label = QLabel()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(self.practice_label)
        layout.addWidget(self.search_box)
        layout.addWidget(self.services_view)
        layout.addWidget(self.summary_label)
        self.setCentralWidget(central)
        self.search_box.textChanged.connect(self._filter)
        self._load()
        self.search_box.setFocus(Qt.FocusReason.OtherFocusReason)
        self.resize(900, 640)

    def _load(self) -> None:
        with self._database.unit_of_work() as session:
            try:
                practice_name = resolve_practice(session).name
            except SignpostingError:
                practice_name = "No practice set up"
            services = [(s.name, s.category, s.status.value) for s in list_services(session)]
            red_flag_count = len(list_red_flags(session))
        self.practice_label.setText(practice_name)
        for row in services:
            self.services_model.appendRow([QStandardItem(text) for text in row])
        self.summary_label.setText(f"{len(services)} services, {red_flag_count} red-flag protocols")

    def _filter(self, text: str) -> None:
        needle = text.strip().casefold()
        for row in range(self.services_model.rowCount()):
            name = self.services_model.item(row, 0).text().casefold()
            self.services_view.setRowHidden(row, bool(needle) and needle not in name)
