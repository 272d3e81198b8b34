"""Importing a directory file from the window: problems listed, a preview, then all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from signposting.db.engine import Database
from signposting.db.models import StaffMember
from signposting.directory.io.importer import (
    DirectoryImportError,
    ImportPreview,
    apply_import,
    preview_import,
    read_directory_file,
)
from signposting.directory.io.model import ServiceData
from signposting.errors import SignpostingError

PREVIEW_LINES = 200


class ImportDialog(QDialog):
    def __init__(self, database: Database, actor_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import a directory")
        self.database, self.actor_id = database, actor_id
        self.services: list[ServiceData] = []
        self.plan = ImportPreview()
        #: Asked before an import that retires many services; True applies it.
        self.confirm_retiring: Callable[[str], bool] = self._ask_retiring
        self.report = QPlainTextEdit(readOnly=True)
        self.report.setAccessibleName("Import preview")
        self.progress = QProgressBar()
        self.status = QLabel(
            "Choose a file: a Signposting CSV export, an Open Referral UK JSON feed, "
            "or an ORUK data package (datapackage.json)."
        )
        self.status.setWordWrap(True)
        self.choose_button = QPushButton("Choose file…")
        self.apply_button = QPushButton("Import all of it")
        self.apply_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.report)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        self.choose_button.clicked.connect(self._choose)
        self.apply_button.clicked.connect(self.apply)
        self.resize(900, 600)

    def _choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Directory file", "", "Directory (*.csv *.json datapackage.json)"
        )
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> bool:
        """Read and check the whole file, then show what importing it would do."""
        self.apply_button.setEnabled(False)
        try:
            self.services = read_directory_file(path)
        except DirectoryImportError as exc:
            self.status.setText(
                f"{len(exc.problems)} problem(s) in {path.name}: nothing can be "
                "imported until they are fixed."
            )
            self.report.setPlainText("\n".join(str(p) for p in exc.problems))
            return False
        with self.database.unit_of_work() as session:
            plan = preview_import(session, self.services)
        lines = [f"new: {s.values['name']}" for s in plan.new]
        lines += [
            f"changed: {s.values['name']} ({', '.join(fields)})" for s, fields in plan.changed
        ]
        lines += [f"to retire: {name}" for name in plan.to_retire]
        warning = plan.retire_warning()
        lines = [warning, "", *lines] if warning else lines
        self.report.setPlainText("\n".join(lines[:PREVIEW_LINES]) or "Nothing would change.")
        summary = f"{path.name}: {plan.summary()}. Import applies all of it or none."
        self.status.setText(f"{warning}\n{summary}" if warning else summary)
        self.plan = plan
        self.apply_button.setEnabled(bool(plan.new or plan.changed or plan.to_retire))
        return True

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        QApplication.processEvents()

    def _ask_retiring(self, warning: str) -> bool:
        answer = QMessageBox.question(
            self,
            "Retire many services?",
            f"{warning}\n\nImport it and retire them?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def apply(self) -> bool:
        warning = self.plan.retire_warning()
        if warning and not self.confirm_retiring(warning):
            self.status.setText("Not imported: nothing was changed.")
            return False
        try:
            with self.database.unit_of_work() as session:
                actor = session.get(StaffMember, self.actor_id)
                session.info["actor"] = actor
                plan = apply_import(session, actor, self.services, progress=self._progressed)
        except SignpostingError as exc:
            self.status.setText(f"Not imported: {exc}. Nothing was changed.")
            return False
        self.status.setText(f"Imported: {plan.summary()}.")
        self.apply_button.setEnabled(False)
        return True
