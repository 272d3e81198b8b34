"""Signing in to manage the directory or sign off red flags."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from signposting.accounts.passwords import authenticate
from signposting.db.engine import Database
from signposting.errors import PermissionDeniedError


class SignInDialog(QDialog):
    """Name and password; on success ``staff_id`` is who signed in."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sign in")
        self.database = database
        self.staff_id: int | None = None
        self.name = QLineEdit()
        self.name.setAccessibleName("Name")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        self.message = QLabel()
        self.message.setStyleSheet("color: #a50e0e;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Name:", self.name)
        form.addRow("Password:", self.password)
        form.addRow(self.message)
        form.addRow(buttons)

    def try_sign_in(self) -> None:
        try:
            with self.database.unit_of_work() as session:
                self.staff_id = authenticate(session, self.name.text(), self.password.text()).id
        except PermissionDeniedError as exc:
            self.message.setText(str(exc))
            self.password.clear()
            return
        self.accept()
