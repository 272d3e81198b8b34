"""What the desk does with an error nothing else caught: log it in full, tell the user briefly,
and carry on, so the receptionist's window and work stay as they were."""

from __future__ import annotations

import logging
import sys
import threading
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

from signposting.logs import log_file

log = logging.getLogger(__name__)

#: Further tracebacks logged in full while the message is showing; after that only counted, so a
#: repeating error cannot rotate the first (most useful) one out of the log.
FULL_TRACEBACKS_WHILE_SHOWING = 5

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def crash_text(path: Path | None) -> str:
    """The message shown after an uncaught error."""
    where = (
        f"The details are in the log: {path}."
        if path is not None
        else "The details were written to the error output."
    )
    return (
        f"Something went wrong. Signposting kept everything already recorded. {where} "
        "If it happens again, give that file to your support desk."
    )


class CrashMessage(QMessageBox):
    """The short message, with Copy the log path (which keeps it open) and Continue."""

    def __init__(self, path: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.setOption(QMessageBox.Option.DontUseNativeDialog)
        self.setIcon(QMessageBox.Icon.Warning)
        self.setWindowTitle("Signposting: something went wrong")
        self.setText(crash_text(path))
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button: QPushButton = self.addButton(
            "&Copy the log path", QMessageBox.ButtonRole.ActionRole
        )
        self.copy_button.setEnabled(path is not None)
        self.continue_button: QPushButton = self.addButton(
            "C&ontinue", QMessageBox.ButtonRole.AcceptRole
        )
        self.setDefaultButton(self.continue_button)
        self.setEscapeButton(self.continue_button)

    def done(self, result: int) -> None:
        """Copying the path leaves the message open; every other button closes it."""
        if self.clickedButton() is self.copy_button:
            QApplication.clipboard().setText(str(self.path))
            self.copy_button.setText("Copied")
            return
        super().done(result)


class CrashHandler(QObject):
    """Installed as ``sys.excepthook`` and ``threading.excepthook``: every uncaught error is
    logged with its traceback, and one message at a time is shown on the GUI thread."""

    show_requested = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.message: CrashMessage | None = None
        self._lock = threading.Lock()
        self._pending = False
        self._while_showing = 0
        # Queued even on the GUI thread: the message opens once the failing slot has unwound.
        self.show_requested.connect(self._show, Qt.ConnectionType.QueuedConnection)

    @property
    def errors_while_showing(self) -> int:
        """How many further errors came while the message was waiting to be closed."""
        with self._lock:
            return self._while_showing

    def install(self) -> None:
        sys.excepthook = self.excepthook
        threading.excepthook = self.thread_excepthook

    def excepthook(
        self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        self._handle((exc_type, exc, tb), threading.current_thread().name)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_type is SystemExit or args.exc_value is None:
            return
        name = args.thread.name if args.thread is not None else "an unnamed thread"
        self._handle((args.exc_type, args.exc_value, args.exc_traceback), name)

    def _handle(self, exc_info: ExcInfo, thread_name: str) -> None:
        try:
            full = False
            with self._lock:
                busy = self._pending
                self._pending = True
                if busy:
                    self._while_showing += 1
                    full = self._while_showing <= FULL_TRACEBACKS_WHILE_SHOWING
            if not busy:
                log.critical("uncaught error in %s", thread_name, exc_info=exc_info)
                self.show_requested.emit()
            elif full:
                log.critical(
                    "another uncaught error in %s while the message was showing",
                    thread_name,
                    exc_info=exc_info,
                )
        except Exception:  # the hook itself must never fail
            sys.__excepthook__(*exc_info)

    def _show(self) -> None:
        if self.message is not None:
            return
        self.message = CrashMessage(log_file())
        self.message.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.message.finished.connect(self._closed)
        self.message.show()

    def _closed(self) -> None:
        with self._lock:
            self._pending = False
            repeated, self._while_showing = self._while_showing, 0
        if repeated > FULL_TRACEBACKS_WHILE_SHOWING:
            log.critical(
                "%d more uncaught errors while the message was showing; the first %d of them "
                "are logged in full above",
                repeated,
                FULL_TRACEBACKS_WHILE_SHOWING,
            )
        if self.message is not None:
            self.message.deleteLater()
            self.message = None


def install_crash_handler(app: QObject) -> CrashHandler:
    """Catch every uncaught error from now on; the handler lives as long as ``app``."""
    handler = CrashHandler(app)
    handler.install()
    return handler
