"""Signing in to manage the directory, read reports or run training: a name chosen from a
list of those who may sign in there, and a password."""

from __future__ import annotations

from collections.abc import Collection

import sqlalchemy as sa

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from signposting.accounts.passwords import (
    add_staff,
    authenticate,
    needs_first_manager,
    sign_in_names,
)
from signposting.accounts.permissions import Permission
from signposting.db.engine import Database
from signposting.db.models import Practice
from signposting.domain import Role
from signposting.errors import PermissionDeniedError, SignpostingError

CHOOSE_NAME = "Choose your name (type its first letters)"


class SignInDialog(QDialog):
    """A name from the list and a password; on success ``staff_id`` is who signed in. The list
    holds the active staff with a password whose role allows one of ``permissions`` (everyone
    with a password, if none is given), of ``practice_id`` or of no one practice. On a new
    installation the first manager's name is typed instead."""

    def __init__(
        self,
        database: Database,
        parent: QWidget | None = None,
        *,
        permissions: Collection[Permission] = (),
        practice_id: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        with database.unit_of_work() as session:
            self.first_run = needs_first_manager(session)
            names = (
                []
                if self.first_run
                else sign_in_names(session, permissions, practice_id=practice_id)
            )
        self.setWindowTitle("Create the first manager" if self.first_run else "Sign in")
        self.staff_id: int | None = None
        self.name = QLineEdit()
        self.name.setAccessibleName("Name")
        self.staff = staff_list(names)
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
            form.addRow("&Name:", self.name)
        else:
            form.addRow("&Name:", self.staff)
            if not names:
                self.message.setText("No one with a password may sign in here.")
        form.addRow("&Password:", self.password)
        if self.first_run:
            form.addRow("Password again:", self.confirm)
        form.addRow(self.message)
        form.addRow(buttons)
        (self.name if self.first_run else self.staff).setFocus()

    def try_sign_in(self) -> None:
        if self.first_run:
            self._create_first_manager()
            return
        name = self.chosen_name()
        if name is None:
            self.message.setText("Choose your name from the list first.")
            self.staff.setFocus()
            return
        try:
            with self.database.unit_of_work() as session:
                self.staff_id = authenticate(session, name, self.password.text()).id
        except PermissionDeniedError as exc:
            self.message.setText(str(exc))
            self.password.clear()
            return
        self.accept()

    def chosen_name(self) -> str | None:
        """The name chosen in the list (None until one is)."""
        return self.staff.currentText() if self.staff.currentIndex() >= 0 else None

    def choose(self, name: str) -> bool:
        """Choose ``name`` in the list, as a click would; False if it is not offered."""
        index = self.staff.findText(name)
        if index >= 0:
            self.staff.setCurrentIndex(index)
        return index >= 0

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


def staff_list(names: list[str]) -> QComboBox:
    """The names to choose from, none chosen at first (a wrong password never counts against
    someone else's name). Typing a name's first letters chooses it, as in any list."""
    box = QComboBox()
    box.setAccessibleName("Name")
    box.setEditable(False)
    box.addItems(names)
    box.setPlaceholderText(CHOOSE_NAME)
    box.setCurrentIndex(-1)
    box.setMaxVisibleItems(20)
    return box
