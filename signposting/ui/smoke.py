"""A check that the desk opens and searches, with no one at the keyboard.

``signposting desk --smoke-test`` runs it (the frozen build's smoke test uses it): no staff
picker, the desk window shown, a phrase typed into the search box key by key, and one line
written to stdout saying how many services came back. The exit code is 0 only if the window
opened and the search found at least one service.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import TextIO

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from signposting.db.engine import Database
from signposting.errors import SignpostingError
from signposting.reception.session import DeskSession
from signposting.ui.desk.window import DeskWindow
from signposting.ui.icons import app_icon

log = logging.getLogger(__name__)

SMOKE_PHRASE = "sore throat"
TIME_LIMIT_S = 120.0  # for the window: a frozen build's first start can be slow
RESULTS_WAIT_S = 10.0
POLL_MS = 50


class DeskSmokeTest(QObject):
    """Waits for the window to be shown, types the phrase, then waits for services to appear.

    ``done`` carries the exit code; ``summary`` is the line to report.
    """

    done = Signal(int)

    def __init__(
        self,
        window: DeskWindow,
        phrase: str = SMOKE_PHRASE,
        time_limit_s: float = TIME_LIMIT_S,
        results_wait_s: float = RESULTS_WAIT_S,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.phrase = phrase
        self.summary = "desk smoke test: not run"
        self._deadline = 0.0
        self._time_limit_s = time_limit_s
        self._results_wait_s = results_wait_s
        self._typed = False
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._step)

    def start(self) -> None:
        self._deadline = time.monotonic() + self._time_limit_s
        self._timer.start()

    def _step(self) -> None:
        try:
            self._advance()
        except Exception as exc:
            log.exception("desk smoke test failed")
            self._finish(1, f"desk smoke test: failed: {exc!r}")

    def _advance(self) -> None:
        handle = self.window.windowHandle()
        if not self._typed:
            if handle is not None and handle.isExposed():
                self._type_phrase()
                self._typed = True
                self._deadline = time.monotonic() + self._results_wait_s
            elif time.monotonic() > self._deadline:
                self._finish(1, "desk smoke test: failed: the desk window was never shown")
            return
        found = self.window.results_model.rowCount()
        if found:
            first = self.window.results_model.match_at(0)
            name = first.entry.name if first is not None else "?"
            self._finish(0, f"desk smoke test: {found} results for {self.phrase!r} (first: {name})")
        elif time.monotonic() > self._deadline:
            self._finish(1, f"desk smoke test: failed: 0 results for {self.phrase!r}")

    def _type_phrase(self) -> None:
        """Key presses and releases, one character at a time, as a keyboard would send them."""
        box = self.window.search_box
        box.setFocus(Qt.FocusReason.OtherFocusReason)
        for char in self.phrase:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                event = QKeyEvent(kind, _key_for(char), Qt.KeyboardModifier.NoModifier, char)
                QApplication.sendEvent(box, event)
        if box.text() != self.phrase:
            raise RuntimeError(f"the search box holds {box.text()!r}")

    def _finish(self, code: int, summary: str) -> None:
        self._timer.stop()
        self.summary = summary
        log.info("%s", summary)
        self.done.emit(code)


def _key_for(char: str) -> Qt.Key:
    """The key a keyboard reports for ``char`` (its text is what the box inserts)."""
    try:
        return Qt.Key(ord(char.upper()))
    except ValueError:
        return Qt.Key.Key_unknown


def run_smoke_test(
    database: Database,
    practice_ods: str | None = None,
    phrase: str = SMOKE_PHRASE,
    out: TextIO | None = None,
) -> int:
    """Open the desk, search for ``phrase``, write one line to ``out`` (stdout), close it."""
    stream = out or sys.stdout
    app = QApplication.instance() or QApplication(sys.argv)
    QApplication.setWindowIcon(app_icon())
    if QApplication.windowIcon().isNull():
        stream.write("desk smoke test: failed: the application icon did not load\n")
        return 1
    try:
        session = DeskSession(database, practice_ods=practice_ods)
    except SignpostingError as exc:
        stream.write(f"desk smoke test: failed: {exc}\n")
        return 1
    window = DeskWindow(session)
    check = DeskSmokeTest(window, phrase)
    check.done.connect(app.exit)
    window.show()
    check.start()
    code = int(app.exec())
    window.close()
    stream.write(check.summary + "\n")
    stream.flush()
    return code
