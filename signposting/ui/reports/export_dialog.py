"""Exporting records from the window: filters, a progress bar and Cancel, never a partial file."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa

from PySide6.QtCore import QDate, QObject, Qt, QThread, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from signposting.analysis.codes import code_coverage
from signposting.db.engine import Database
from signposting.db.models import Practice, Service, StaffMember
from signposting.domain import Outcome
from signposting.export.profiles import LAYOUTS, OUTCOME_LABELS, Encoding, Profile
from signposting.export.records import ExportCancelledError, export_records
from signposting.recording.filters import RecordFilter

WARNING_STYLE = "QLabel { background: #fff4ce; color: #3d2e00; padding: 6px; }"


class ExportWorker(QObject):
    """Runs the export off the window's thread; checks a flag between chunks to cancel."""

    progressed = Signal(int, int)
    finished = Signal(int)
    failed = Signal(str)

    def __init__(
        self,
        database: Database,
        path: Path,
        profile: Profile,
        filters: RecordFilter,
        encoding: Encoding,
        *,
        actor_id: int,
    ) -> None:
        super().__init__()
        self.actor_id = actor_id
        self.database, self.path, self.profile = database, path, profile
        self.filters, self.encoding = filters, encoding
        self.cancel_requested = threading.Event()

    def run(self) -> None:
        try:
            count = export_records(
                self.database,
                self.path,
                self.profile,
                self.filters,
                actor_id=self.actor_id,
                encoding=self.encoding,
                progress=self.progressed.emit,
                should_cancel=self.cancel_requested.is_set,
            )
        except ExportCancelledError:
            self.failed.emit("Cancelled: no file was written.")
        except Exception as exc:  # reported to the user; the file was not written
            self.failed.emit(f"Export failed, no file was written: {exc}")
        else:
            self.finished.emit(count)


class ExportDialog(QDialog):
    def __init__(self, database: Database, actor_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actor_id = actor_id
        self.setWindowTitle("Export signpost records")
        self.database = database
        self.profile_box = QComboBox()
        for profile, profile_layout in LAYOUTS.items():
            self.profile_box.addItem(profile_layout.title, profile)
        self.encoding_box = QComboBox()
        self.encoding_box.addItem("UTF-8 (Excel reads it)", Encoding.UTF8_BOM)
        self.encoding_box.addItem("Windows-1252 (older spreadsheets)", Encoding.CP1252)
        today = date.today()
        self.start_edit = QDateEdit(qdate(today - timedelta(days=30)))
        self.end_edit = QDateEdit(qdate(today))
        for edit in (self.start_edit, self.end_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        self._build_result_widgets()
        self.export_button = QPushButton("Export…")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.export_button.clicked.connect(self.choose_file_and_export)
        self.cancel_button.clicked.connect(self.cancel)
        form = QFormLayout()
        form.addRow("Clinical system:", self.profile_box)
        form.addRow("Encoding:", self.encoding_box)
        form.addRow("From:", self.start_edit)
        form.addRow("To:", self.end_edit)
        self.practice_box, self.staff_box, self.service_box = self._choices(database)
        self.outcome_box = QComboBox()
        self.outcome_box.addItem("All outcomes", None)
        for outcome, label in OUTCOME_LABELS.items():
            self.outcome_box.addItem(label, outcome)
        form.addRow("Practice:", self.practice_box)
        form.addRow("Member of staff:", self.staff_box)
        form.addRow("Service:", self.service_box)
        form.addRow("Outcome:", self.outcome_box)
        self.codes_warning = warning_label("Services without a clinical code")
        self.practice_box.currentIndexChanged.connect(self.show_code_warning)
        self.show_code_warning()
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_folder_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.codes_warning)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.export_thread: QThread | None = None
        self.worker: ExportWorker | None = None

    def show_code_warning(self) -> None:
        """Say, before exporting, which services would export without a code (a warning
        only: the export still runs)."""
        chosen = self.practice_box.currentData()
        lines = []
        with self.database.unit_of_work() as session:
            practices = session.execute(sa.select(Practice.id, Practice.ods_code)).all()
            several = len(practices) > 1
            for practice_id, ods_code in practices:
                if chosen is not None and practice_id != chosen:
                    continue
                warning = code_coverage(session, practice_id).warning
                if warning:
                    lines.append(f"{ods_code}: {warning}" if several else warning)
        if lines:
            lines.append("Set your template's codes under Reports > Clinical codes for export.")
        self.codes_warning.setText("\n".join(lines))
        self.codes_warning.setVisible(bool(lines))

    def _build_result_widgets(self) -> None:
        """The progress bar (shown only while an export runs), the result line naming the
        file written, and a button to open its folder."""
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Export progress")
        self.progress.setFormat("%v of %m records")
        self.progress.hide()  # shown only while an export runs
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Export result")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_folder_button = QPushButton("Open folder")
        self.open_folder_button.setToolTip("Show the exported file's folder")
        self.open_folder_button.hide()
        self.open_folder_button.clicked.connect(self.open_folder)
        self.exported_to: Path | None = None
        self.open_location = QDesktopServices.openUrl  # the desktop's file manager

    @staticmethod
    def _choices(database: Database) -> tuple[QComboBox, QComboBox, QComboBox]:
        boxes = []
        with database.unit_of_work() as session:
            for everything, model, label in (
                ("All practices", Practice, Practice.name),
                ("All staff", StaffMember, StaffMember.name),
                ("All services", Service, Service.name),
            ):
                box = QComboBox()
                box.addItem(everything, None)
                query = sa.select(model.id, label).order_by(label)
                for row_id, text in session.execute(query):
                    box.addItem(text, row_id)
                boxes.append(box)
        return boxes[0], boxes[1], boxes[2]

    def filters(self) -> RecordFilter:
        def chosen(box: QComboBox) -> tuple[int, ...]:
            return () if box.currentData() is None else (int(box.currentData()),)

        outcome = self.outcome_box.currentData()
        return RecordFilter(
            start=python_date(self.start_edit),
            end=python_date(self.end_edit),
            practice_ids=chosen(self.practice_box),
            staff_ids=chosen(self.staff_box),
            service_ids=chosen(self.service_box),
            outcomes=(Outcome(outcome),) if outcome is not None else (),
        )

    def choose_file_and_export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Export to", "signposts.csv", "CSV (*.csv)")
        if name:
            self.start(Path(name))

    def start(self, path: Path) -> None:
        """Export to ``path`` in the background."""
        self.worker = ExportWorker(
            self.database,
            path,
            Profile(self.profile_box.currentData()),
            self.filters(),
            Encoding(self.encoding_box.currentData()),
            actor_id=self.actor_id,
        )
        self.export_thread = QThread(self)
        self.worker.moveToThread(self.export_thread)
        self.export_thread.started.connect(self.worker.run)
        self.worker.progressed.connect(self._progressed)
        self.worker.finished.connect(self._finished)
        self.worker.failed.connect(self._failed)
        for signal in (self.worker.finished, self.worker.failed):
            # Direct: quit from the worker's own thread, so waiting on the thread cannot deadlock.
            signal.connect(self.export_thread.quit, Qt.ConnectionType.DirectConnection)
        self.export_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.open_folder_button.hide()
        self.exported_to = None
        self.status.setText("Exporting…")
        self.export_thread.start()

    def export_thread_finished(self, path: Path) -> Signal:
        """Start exporting to ``path``; returns the signal that fires when it is done."""
        self.start(path)
        assert self.export_thread is not None
        return self.export_thread.finished  # type: ignore[return-value]

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel_requested.set()

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _finished(self, count: int) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.exported_to = self.worker.path.absolute() if self.worker is not None else None
        self.status.setText(f"Exported {count:,} records to {self.exported_to}.")
        self.open_folder_button.setVisible(self.exported_to is not None)
        self._idle()

    def _failed(self, message: str) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status.setText(message)
        self._idle()

    def open_folder(self) -> None:
        """Open the folder holding the exported file in the desktop's file manager."""
        if self.exported_to is None:
            return
        folder = self.exported_to.parent
        if not self.open_location(QUrl.fromLocalFile(str(folder))):
            self.status.setText(f"{self.status.text()} The folder {folder} could not be opened.")

    def _idle(self) -> None:
        self.progress.hide()
        self.export_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def wait(self) -> None:
        if self.export_thread is not None:
            self.export_thread.wait()


def warning_label(name: str) -> QLabel:
    """A wrapped, amber line that warns without stopping anything."""
    label = QLabel()
    label.setWordWrap(True)
    label.setAccessibleName(name)
    label.setStyleSheet(WARNING_STYLE)
    return label


def python_date(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
