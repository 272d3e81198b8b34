"""Importing from a live Open Referral UK feed: the fetch runs off the window's thread with a
progress bar and Cancel, then the usual preview, then all or nothing. Nothing is retired unless
the manager ticks the box for it (and confirms when that would retire many)."""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from signposting.db.engine import Database
from signposting.db.models import StaffMember
from signposting.directory.io.feed import FeedProgress, FeedRead, keep_practice_fields, read_feed
from signposting.directory.io.feed_http import FeedCancelledError, FeedSettings
from signposting.directory.io.feed_preview import (
    feed_preview_lines,
    feed_retire_warning,
    feed_summary,
)
from signposting.directory.io.importer import ImportPreview, apply_import, preview_import
from signposting.errors import SignpostingError
from signposting.problems import InputProblemsError

log = logging.getLogger(__name__)
PREVIEW_LINES = 200


class FeedWorker(QObject):
    """Fetches and checks the whole feed; the dialog's Cancel sets ``cancel_requested``."""

    progressed = Signal(object)
    finished = Signal(object)
    failed = Signal(str, list)

    def __init__(self, url: str, settings: FeedSettings) -> None:
        super().__init__()
        self.url, self.settings = url, settings
        self.cancel_requested = threading.Event()

    def run(self) -> None:
        try:
            read = read_feed(
                self.url,
                settings=self.settings,
                progress=self.progressed.emit,
                cancel=self.cancel_requested,
            )
        except FeedCancelledError:
            self.failed.emit("Cancelled: nothing was imported.", [])
        except InputProblemsError as exc:
            problems = [str(p) for p in exc.problems]
            self.failed.emit(
                f"{len(problems)} problem(s) in the feed: nothing can be imported until the "
                "publisher fixes them.",
                problems,
            )
        except SignpostingError as exc:
            self.failed.emit(f"Could not read the feed, nothing was imported: {exc}", [])
        except Exception as exc:  # reported to the manager, and logged; nothing was imported
            log.exception("reading the feed %s failed", self.url)
            self.failed.emit(f"Could not read the feed, nothing was imported: {exc}", [])
        else:
            self.finished.emit(read)


class FeedImportDialog(QDialog):
    def __init__(
        self,
        database: Database,
        actor_id: int,
        parent: QWidget | None = None,
        settings: FeedSettings | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import from a feed")
        self.database, self.actor_id = database, actor_id
        self.settings = settings or FeedSettings()
        self.read: FeedRead | None = None
        self.plan = ImportPreview()
        #: Asked before an import that retires many services; True applies it.
        self.confirm_retiring = self._ask_retiring
        self.fetch_thread: QThread | None = None
        self.worker: FeedWorker | None = None
        self.address = QLineEdit(placeholderText="https://… (the API, or its /services address)")
        self.address.setAccessibleName("Feed address")
        self.retire_box = QCheckBox("Also retire services in the directory that the feed lacks")
        self.status = QLabel("Give the address of an Open Referral UK (HSDS) API.")
        self.status.setWordWrap(True)
        self.report = QPlainTextEdit(readOnly=True)
        self.report.setAccessibleName("Import preview")
        self.progress = QProgressBar()
        self.fetch_button = QPushButton("Fetch")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.apply_button = QPushButton("Import all of it")
        self.apply_button.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(self.address, stretch=1)
        row.addWidget(self.fetch_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        for part in (row, self.retire_box, self.status, self.report, self.progress, buttons):
            if isinstance(part, QWidget):
                layout.addWidget(part)
            else:
                layout.addLayout(part)
        self.fetch_button.clicked.connect(lambda: self.start(self.address.text()))
        self.cancel_button.clicked.connect(self.cancel)
        self.apply_button.clicked.connect(self.apply)
        self.retire_box.toggled.connect(lambda _on: self._show_preview())
        self.resize(900, 600)

    def start(self, url: str) -> None:
        """Fetch the feed in the background; the preview follows when it is all read."""
        self.read, self.plan = None, ImportPreview()
        self.apply_button.setEnabled(False)
        self.report.clear()
        self.worker = FeedWorker(url.strip(), self.settings)
        self.fetch_thread = QThread(self)
        self.worker.moveToThread(self.fetch_thread)
        self.fetch_thread.started.connect(self.worker.run)
        self.worker.progressed.connect(self._progressed)
        self.worker.finished.connect(self._fetched)
        self.worker.failed.connect(self._failed)
        for signal in (self.worker.finished, self.worker.failed):
            # Direct: quit from the worker's own thread, so waiting on the thread cannot deadlock.
            signal.connect(self.fetch_thread.quit, Qt.ConnectionType.DirectConnection)
        self.fetch_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.progress.setRange(0, 0)
        self.status.setText(f"Reading {url.strip()}…")
        self.fetch_thread.start()

    def fetch_finished(self, url: str) -> Signal:
        """Start fetching ``url``; returns the signal that fires when the fetch is over."""
        self.start(url)
        assert self.fetch_thread is not None
        return self.fetch_thread.finished  # type: ignore[return-value]

    def cancel(self) -> None:
        if self.worker is not None:
            self.worker.cancel_requested.set()
            self.status.setText("Cancelling…")

    def wait(self) -> None:
        if self.fetch_thread is not None:
            self.fetch_thread.wait()

    def reject(self) -> None:
        """Closing stops a fetch under way first."""
        self.cancel()
        self.wait()
        super().reject()

    def _progressed(self, progress: FeedProgress) -> None:
        if progress.details_total:
            self.progress.setRange(0, progress.details_total)
            self.progress.setValue(progress.details_done)
        elif progress.pages_total:
            self.progress.setRange(0, progress.pages_total)
            self.progress.setValue(progress.pages_done)
        self.status.setText(f"Reading: {progress.describe()}")

    def _fetched(self, read: FeedRead) -> None:
        self._idle()
        with self.database.unit_of_work() as session:
            keep_practice_fields(session, read)
            self.plan = preview_import(session, read.services)
        self.read = read
        self._show_preview()

    def _failed(self, message: str, problems: list[str]) -> None:
        self._idle()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status.setText(message)
        self.report.setPlainText("\n".join(problems))

    def _idle(self) -> None:
        self.fetch_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.setRange(0, 1)
        self.progress.setValue(1)

    def _show_preview(self) -> None:
        if self.read is None:
            return
        retire = self.retire_box.isChecked()
        lines = feed_preview_lines(self.plan, retire, limit=PREVIEW_LINES)
        warning = feed_retire_warning(self.plan, retire)
        self.report.setPlainText("\n".join([warning, "", *lines] if warning else lines))
        summary = (
            f"{self.read.describe()}: {feed_summary(self.plan, retire)}. "
            "Import applies all of it or none."
        )
        self.status.setText(f"{warning}\n{summary}" if warning else summary)
        retires = retire and bool(self.plan.to_retire)
        self.apply_button.setEnabled(bool(self.plan.new or self.plan.changed or retires))

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
        if self.read is None:
            return False
        retire = self.retire_box.isChecked()
        warning = feed_retire_warning(self.plan, retire)
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
                    self.read.services,
                    retire_missing=retire,
                    progress=self._applying,
                )
        except SignpostingError as exc:
            self.status.setText(f"Not imported: {exc}. Nothing was changed.")
            return False
        self.status.setText(f"Imported: {feed_summary(plan, retire)}.")
        self.apply_button.setEnabled(False)
        return True

    def _applying(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        QApplication.processEvents()
