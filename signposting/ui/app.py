"""Starting the Qt application around the desk window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from signposting.db.engine import Database
from signposting.errors import SignpostingError
from signposting.reception.session import DeskSession
from signposting.ui.crash import install_crash_handler
from signposting.ui.desk.staff_picker import StaffPicker
from signposting.ui.desk.window import DeskWindow
from signposting.ui.first_run import set_up_if_needed
from signposting.ui.icons import APP_ICON, app_icon
from signposting.ui.training_look import apply_training_look


def run_application(database: Database, practice_ods: str | None = None) -> int:
    """Set up a new database if need be, choose who is at the desk, then show the desk until
    it closes."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Signposting")
    app.setOrganizationName("Signposting")
    QApplication.setWindowIcon(app_icon())
    QApplication.setDesktopFileName(APP_ICON)  # matches signposting.desktop on Linux
    install_crash_handler(app)
    if not set_up_if_needed(database, practice_ods):
        return 1
    try:
        session = DeskSession(database, practice_ods=practice_ods)
    except SignpostingError as exc:
        QMessageBox.critical(None, "Signposting", str(exc))
        return 1
    # The index builds while the receptionist picks their name; the offline copy after it.
    session.start_loading(save_copy=True)
    picker = StaffPicker(session.staff_choices())
    if session.training:
        apply_training_look(picker)
    chosen = picker.chosen_id() if picker.exec() else None
    if chosen is not None:
        session.choose_staff(chosen)
    window = DeskWindow(session)
    window.show()
    return int(app.exec())
