"""An error nothing caught: the traceback reaches the log, one short message shows, and the
window stays open.

pytest-qt normally replaces ``sys.excepthook`` to fail a test on an exception in a slot; these
tests turn that off (``qt_no_exception_capture``) so the desk's own handler receives them.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QPushButton

from signposting.logs import LOG_DIR_ENV, configure_logging, reset_logging
from signposting.ui.crash import (
    FULL_TRACEBACKS_WHILE_SHOWING,
    CrashHandler,
    CrashMessage,
    install_crash_handler,
)

pytestmark = pytest.mark.qt_no_exception_capture


class DeskBrokeError(RuntimeError):
    """The error these tests raise."""


@pytest.fixture
def log_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    root = logging.getLogger()
    level = root.level
    monkeypatch.setenv(LOG_DIR_ENV, str(tmp_path / "logs"))
    path = configure_logging(verbose=False)
    assert path is not None
    yield path
    reset_logging()
    root.setLevel(level)


@pytest.fixture
def handler(
    qapp: QApplication, log_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[CrashHandler]:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    installed = install_crash_handler(qapp)
    assert sys.excepthook == installed.excepthook
    yield installed
    if installed.message is not None:
        installed.message.done(0)
    installed.setParent(None)


@pytest.fixture
def window(qtbot: QtBot) -> QMainWindow:
    main = QMainWindow()
    main.setWindowTitle("Signposting desk")
    button = QPushButton("Search")
    button.setObjectName("search")
    main.setCentralWidget(button)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    return main


def logged(path: Path) -> str:
    for each in logging.getLogger().handlers:
        each.flush()
    return path.read_text(encoding="utf-8")


def wait_for_message(qtbot: QtBot, handler: CrashHandler) -> CrashMessage:
    qtbot.waitUntil(lambda: handler.message is not None and handler.message.isVisible())
    assert handler.message is not None
    return handler.message


def shown_messages() -> list[CrashMessage]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, CrashMessage)]


def test_an_error_in_a_slot_is_logged_and_shown_and_the_window_stays(
    handler: CrashHandler, window: QMainWindow, log_path: Path, qtbot: QtBot
) -> None:
    def broken_slot() -> None:
        raise DeskBrokeError("the search button broke")

    button = window.findChild(QPushButton, "search")
    assert button is not None
    button.clicked.connect(broken_slot)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    message = wait_for_message(qtbot, handler)
    text = logged(log_path)
    assert "CRITICAL signposting.ui.crash [MainThread]: uncaught error in MainThread" in text
    assert "Traceback (most recent call last):" in text
    assert "in broken_slot" in text
    assert "DeskBrokeError: the search button broke" in text
    assert message.text() == (
        "Something went wrong. Signposting kept everything already recorded. The details are "
        f"in the log: {log_path}. If it happens again, give that file to your support desk."
    )
    assert shown_messages() == [message]
    assert window.isVisible()
    qtbot.mouseClick(message.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == str(log_path)
    assert message.isVisible()  # copying leaves the message open
    qtbot.mouseClick(message.continue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: handler.message is None)
    assert window.isVisible()
    button.clicked.disconnect(broken_slot)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # the window still works
    assert handler.message is None


def test_an_error_in_a_timer_callback_while_the_message_shows_is_only_logged(
    handler: CrashHandler, window: QMainWindow, log_path: Path, qtbot: QtBot
) -> None:
    def first() -> None:
        raise DeskBrokeError("first")

    def again() -> None:
        raise DeskBrokeError("again")

    QTimer.singleShot(0, first)
    message = wait_for_message(qtbot, handler)
    QTimer.singleShot(0, again)
    qtbot.waitUntil(lambda: "DeskBrokeError: again" in logged(log_path))
    assert "while the message was showing" in logged(log_path)
    qtbot.wait(50)  # a queued second message would have opened by now
    assert shown_messages() == [message]
    assert handler.message is message
    message.done(0)
    qtbot.waitUntil(lambda: handler.message is None)
    assert window.isVisible()


def test_a_flood_of_errors_logs_the_first_few_in_full(
    handler: CrashHandler, log_path: Path, qtbot: QtBot
) -> None:
    def broken(number: int) -> None:
        raise DeskBrokeError(f"number {number}")

    for number in range(FULL_TRACEBACKS_WHILE_SHOWING + 20):
        QTimer.singleShot(0, lambda number=number: broken(number))
    message = wait_for_message(qtbot, handler)
    qtbot.waitUntil(lambda: handler.errors_while_showing == FULL_TRACEBACKS_WHILE_SHOWING + 19)
    assert len(shown_messages()) == 1
    message.done(0)
    qtbot.waitUntil(lambda: handler.message is None)
    text = logged(log_path)
    assert text.count("Traceback (most recent call last):") == FULL_TRACEBACKS_WHILE_SHOWING + 1
    assert "DeskBrokeError: number 5" in text and "DeskBrokeError: number 6" not in text
    assert "24 more uncaught errors while the message was showing" in text


def test_an_error_in_another_thread_is_shown_on_the_gui_thread(
    handler: CrashHandler, window: QMainWindow, log_path: Path, qtbot: QtBot
) -> None:
    def work() -> None:
        raise DeskBrokeError("the background job broke")

    worker = threading.Thread(target=work, name="index-build")
    worker.start()
    worker.join()
    message = wait_for_message(qtbot, handler)
    assert message.thread() is QApplication.instance().thread()
    text = logged(log_path)
    assert "uncaught error in index-build" in text
    assert "DeskBrokeError: the background job broke" in text
    assert window.isVisible()


def test_without_a_log_file_the_message_says_where_the_details_went(qtbot: QtBot) -> None:
    message = CrashMessage(None)
    qtbot.addWidget(message)
    assert "written to the error output" in message.text()
    assert not message.copy_button.isEnabled()
