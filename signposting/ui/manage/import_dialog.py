"""Importing a directory file from the window: problems listed, a preview, then all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
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
    read_directory,
)
from signposting.directory.io.model import ServiceData
from signposting.directory.io.read_result import DirectoryRead
from signposting.errors import SignpostingError

PREVIEW_LINES = 200


class ImportDialog(QDialog):
    def __init__(self, database: Database, actor_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import a directory")
        self.database, self.actor_id = database, actor_id
        self.services: list[ServiceData] = []
        self.path = Path()
        self.plan = ImportPreview()
        self.reading = DirectoryRead()
        #: Shown for one page of a longer list: unticked, nothing is retired.
        self.retire_missing = QCheckBox("Also retire the services this page does not list")
        self.retire_missing.setVisible(False)
        self.retire_missing.toggled.connect(self._show_preview)
        #: Asked before an import that retires many services; True applies it.
        self.confirm_retiring: Callable[[str], bool] = self._ask_retiring
        self.report = QPlainTextEdit(readOnly=True)
        self.report.setAccessibleName("Import preview")
        self.progress = QProgressBar()
        self.status = QLabel(
            "Choose a file: a Signposting CSV export or Excel workbook (.xlsx), an Open "
            "Referral UK JSON feed, or an ORUK data package (datapackage.json)."
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
        layout.addWidget(self.retire_missing)
        layout.addWidget(self.progress)
        layout.addLayout(buttons)
        self.choose_button.clicked.connect(self._choose)
        self.apply_button.clicked.connect(self.apply)
        self.resize(900, 600)

    def _choose(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Directory file",
            "",
            "Directory (*.csv *.xlsx *.json datapackage.json);;Excel workbook (*.xlsx);;"
            "CSV (*.csv);;Open Referral UK (*.json datapackage.json)",
        )
        if name:
            self.load(Path(name))

    def load(self, path: Path) -> bool:
        """Read and check the whole file, then show what importing it would do."""
        self.apply_button.setEnabled(False)
        self.path = path
        try:
            self.reading = read_directory(path)
            self.services = self.reading.services
        except DirectoryImportError as exc:
            self.status.setText(
                f"{len(exc.problems)} problem(s) in {path.name}: nothing can be "
                "imported until they are fixed."
            )
            self.report.setPlainText("\n".join(str(p) for p in exc.problems))
            return False
        with self.database.unit_of_work() as session:
            self.plan = preview_import(session, self.services)
        self.retire_missing.setChecked(False)
        self.retire_missing.setVisible(self.reading.partial)
        self._show_preview()
        return True

    @property
    def retiring(self) -> bool:
        """Whether applying retires what the file lacks: never for one page of a longer
        list, unless the manager ticks the box."""
        return not self.reading.partial or self.retire_missing.isChecked()

    def _show_preview(self) -> None:
        plan = self.plan
        lines = [*self.reading.preview_lines()]
        lines += [f"new: {s.values['name']}" for s in plan.new]
        lines += [
            f"changed: {s.values['name']} ({', '.join(fields)})" for s, fields in plan.changed
        ]
        if self.retiring:
            lines += [f"to retire: {name}" for name in plan.to_retire]
        warning = plan.retire_warning() if self.retiring else ""
        lines = [warning, "", *lines] if warning else lines
        self.report.setPlainText("\n".join(lines[:PREVIEW_LINES]) or "Nothing would change.")
        summary = plan.summary() if self.retiring else plan.summary().rsplit(", ", 1)[0]
        if self.reading.partial and not self.retiring:
            summary += "; nothing retired (one page of a longer list)"
        summary = f"{self.path.name}: {summary}. Import applies all of it or none."
        self.status.setText(f"{warning}\n{summary}" if warning else summary)
        retires = bool(plan.to_retire) and self.retiring
        self.apply_button.setEnabled(bool(plan.new or plan.changed or retires))

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
        warning = self.plan.retire_warning() if self.retiring else ""
        if warning and not self.confirm_retiring(warning):
            self.status.setText("Not imported: nothing was changed.")
            return False
        try:
            with self.database.unit_of_work() as session:
                actor = session.get(StaffMember, self.actor_id)
                session.info["actor"] = actor
                plan = apply_import(
                    session,
                    actor,
                    self.services,
                    retire_missing=self.retiring,
                    progress=self._progressed,
                )
        except SignpostingError as exc:
            self.status.setText(f"Not imported: {exc}. Nothing was changed.")
            return False
        done = plan.summary() if self.retiring else plan.summary().rsplit(", ", 1)[0]
        self.status.setText(f"Imported: {done}.")
        self.apply_button.setEnabled(False)
        return True
