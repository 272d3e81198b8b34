"""The mapping screen: which code in the practice's template each service is recorded with."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from signposting.analysis.codes import coverage_of, list_codes, save_codes
from signposting.db.engine import Database
from signposting.db.models import StaffMember
from signposting.errors import SignpostingError
from signposting.ui.reports.codes_model import ServiceCodesModel
from signposting.ui.reports.export_dialog import warning_label

EXPLANATION = (
    "Enter, for each service, the code your EMIS Web or SystmOne signposting template records. "
    "Suggested codes are SNOMED CT concepts checked against a named public source that say what "
    "happened (a signpost the patient follows up is a self-referral, not a referral by the "
    "practice); they go only on accepted signposts. No national 'signposted to' code could be "
    "verified, so use your own template's codes where they differ."
)


class ServiceCodesDialog(QDialog):
    def __init__(
        self, database: Database, practice_id: int, actor_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Clinical codes for export")
        self.database, self.practice_id, self.actor_id = database, practice_id, actor_id
        with database.unit_of_work() as session:
            self.model = ServiceCodesModel(list_codes(session, practice_id))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Services and their codes")
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        explanation = QLabel(EXPLANATION)
        explanation.setWordWrap(True)
        self.uncoded_banner = warning_label("Services without a code")
        self.model.dataChanged.connect(self.show_uncoded)
        self.show_uncoded()
        self.suggest_button = QPushButton("Use suggested code (Ctrl+U)")
        self.suggest_button.setShortcut("Ctrl+U")
        self.save_button = QPushButton("Save (Ctrl+S)")
        self.save_button.setShortcut("Ctrl+S")
        cancel = QPushButton("Close")
        self.suggest_button.clicked.connect(self._suggest)
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.suggest_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.uncoded_banner)
        layout.addWidget(explanation)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.resize(1000, 600)

    def show_uncoded(self) -> None:
        """Say how many services, and which, would export without a code, edits included."""
        coverage = coverage_of(self.model.rows, self.model.edits)
        self.uncoded_banner.setText(coverage.warning)
        self.uncoded_banner.setToolTip("\n".join(coverage.uncoded))
        self.uncoded_banner.setVisible(bool(coverage.uncoded))

    def _suggest(self) -> None:
        for index in self.table.selectionModel().selectedRows() or [self.table.currentIndex()]:
            if index.isValid():
                self.model.use_suggestion(index.row())

    def save(self) -> bool:
        try:
            with self.database.unit_of_work() as session:
                actor = session.get(StaffMember, self.actor_id)
                save_codes(session, actor, self.practice_id, self.model.edits)
        except SignpostingError as exc:
            QMessageBox.warning(self, "Codes not saved", f"{exc}. Nothing was saved.")
            return False
        self.model.edits.clear()
        self.accept()
        return True
