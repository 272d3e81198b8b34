"""Signing in to manage the directory or sign off red flags."""

from __future__ import annotations

import sqlalchemy as sa

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from signposting.accounts.passwords import add_staff, authenticate, needs_first_manager
from signposting.db.engine import Database
from signposting.db.models import Practice
from signposting.domain import Role
from signposting.errors import PermissionDeniedError, SignpostingError


class SignInDialog(QDialog):
    """Name and password; on success ``staff_id`` is who signed in."""

    def __init__(self, database: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.database = database
        with database.unit_of_work() as session:
            self.first_run = needs_first_manager(session)
        self.setWindowTitle("Create the first manager" if self.first_run else "Sign in")
        self.staff_id: int | None = None
        self.name = QLineEdit()
        self.name.setAccessibleName("Name")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        self.confirm = QLineEdit()
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm.setAccessibleName("Password again")
        self.message = QLabel()
        self.message.setStyleSheet("color: #a50e0e;")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        if self.first_run:
            intro = QLabel(
                "This installation has no manager yet. Create the first one; "
                "that manager then adds the other staff."
            )
            intro.setWordWrap(True)
            form.addRow(intro)
        form.addRow("Name:", self.name)
        form.addRow("Password:", self.password)
        if self.first_run:
            form.addRow("Password again:", self.confirm)
        form.addRow(self.message)
        form.addRow(buttons)

    def try_sign_in(self) -> None:
        if self.first_run:
            self._create_first_manager()
            return
        try:
            with self.database.unit_of_work() as session:
                self.staff_id = authenticate(session, self.name.text(), self.password.text()).id
        except PermissionDeniedError as exc:
            self.message.setText(str(exc))
            self.password.clear()
            return
        self.accept()

    def _create_first_manager(self) -> None:
        if self.password.text() != self.confirm.text():
            self.message.setText("the two passwords differ")
            return
        try:
            with self.database.unit_of_work() as session:
                practices = session.scalars(sa.select(Practice).limit(2)).all()
                practice = practices[0] if len(practices) == 1 else None
                member = add_staff(
                    session,
                    None,
                    self.name.text(),
                    Role.MANAGER,
                    practice=practice,
                    password=self.password.text(),
                )
                self.staff_id = member.id
        except SignpostingError as exc:
            self.message.setText(str(exc))
            return
        self.accept()
