"""Starting the Qt application around a main window."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from signposting.db.engine import Database
from signposting.ui.desk_window import DeskWindow


def run_application(database: Database) -> int:
    """Show the desk window and run the event loop until it closes."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Signposting")
    app.setOrganizationName("Signposting")
    window = DeskWindow(database)
    window.show()
    return app.exec()
