"""The first-run wizard's pages: each field checked as it is typed, its problem shown under it."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from signposting.accounts.first_run import StartingDirectory
from signposting.accounts.passwords import check_password_rules
from signposting.accounts.practices import check_practice_name, check_practice_ods
from signposting.errors import ValidationError

if TYPE_CHECKING:
    from signposting.ui.first_run import FirstRunWizard

ERROR_STYLE = "color: #a50e0e;"
NOTE_STYLE = "color: #444444;"
MANAGE = "Directory → Manage directory and red flags…"

Check = Callable[[str], str | None]


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:]


def refusal(check: Callable[[str], object]) -> Check:
    """A core check (which raises ValidationError) as a function giving its message or None."""

    def problem(text: str) -> str | None:
        try:
            check(text)
        except ValidationError as exc:
            return _sentence(str(exc))
        return None

    return problem


def _manager_name_problem(text: str) -> str | None:
    return None if text.split() else "The manager needs a name"


def _label(text: str, style: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    if style:
        label.setStyleSheet(style)
    return label


class CheckedField(QWidget):
    """A line edit with its problem underneath, shown once something is typed."""

    changed = Signal()

    def __init__(self, name: str, check: Check, *, secret: bool = False) -> None:
        super().__init__()
        self.check = check
        self.edit = QLineEdit()
        self.edit.setAccessibleName(name)
        if secret:
            self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = _label("", ERROR_STYLE)
        self.error.setAccessibleName(f"{name}: problem")
        self.error.hide()
        self._touched = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.error)
        self.edit.textEdited.connect(self._edited)
        self.edit.textChanged.connect(self.refresh)

    def text(self) -> str:
        return self.edit.text()

    def problem(self) -> str | None:
        return self.check(self.edit.text())

    def refresh(self) -> None:
        """Show the current problem (after the first keystroke) and tell the page."""
        message = self.problem() if self._touched or self.edit.text() else None
        self.error.setText(message or "")
        self.error.setVisible(bool(message))
        self.changed.emit()

    def _edited(self) -> None:
        self._touched = True


class PracticePage(QWizardPage):
    """The practice: its name and ODS code, or the one already set up, shown read-only."""

    def __init__(self, known: tuple[str, str] | None, ods_hint: str | None = None) -> None:
        super().__init__()
        self.known = known
        self.setTitle("The practice")
        self.setSubTitle("The GP practice this desk serves, as NHS records name it.")
        self.name = CheckedField("Practice name", refusal(check_practice_name))
        self.ods = CheckedField("ODS code", refusal(check_practice_ods))
        self.ods.edit.setPlaceholderText("for example A81001")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.addRow("Practice &name:", self.name)
        form.addRow("&ODS code:", self.ods)
        for field in (self.name, self.ods):
            field.changed.connect(self.completeChanged)
        if known is not None:
            self.name.edit.setText(known[0])
            self.ods.edit.setText(known[1])
            for field in (self.name, self.ods):
                field.edit.setReadOnly(True)
            layout.addWidget(
                _label("This database already has its practice; the set-up uses it as it is.")
            )
        elif ods_hint:
            self.ods.edit.setText(ods_hint)
        layout.addLayout(form)
        layout.addWidget(
            _label(
                "The ODS code is the practice's NHS organisation code, as on NHS letters and "
                "in the clinical system. Exports and reports carry it.",
                NOTE_STYLE,
            )
        )
        layout.addStretch(1)

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self.known is not None or not (self.name.problem() or self.ods.problem())


class ManagerPage(QWizardPage):
    """The first manager: a name and a password typed twice."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("The first manager")
        self.setSubTitle(
            "The manager signs in to keep the directory and red flags, and adds the other staff."
        )
        self.name = CheckedField("Manager's name", _manager_name_problem)
        self.password = CheckedField("Password", refusal(check_password_rules), secret=True)
        self.confirm = CheckedField("Password again", self._confirm_problem, secret=True)
        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("&Password:", self.password)
        form.addRow("Password &again:", self.confirm)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(
            _label(
                "This password signs in to keep the directory and red flags: keep it to "
                "yourself. Receptionists choose their name at the desk and need no password.",
                NOTE_STYLE,
            )
        )
        layout.addStretch(1)
        for field in (self.name, self.password, self.confirm):
            field.changed.connect(self.completeChanged)
        self.password.changed.connect(self._recheck_confirm)

    def _confirm_problem(self, text: str) -> str | None:
        return None if text == self.password.text() else "The two passwords differ"

    def _recheck_confirm(self) -> None:
        if self.confirm.text():
            self.confirm.refresh()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return not any(f.problem() for f in (self.name, self.password, self.confirm))


CHOICES = (
    (
        StartingDirectory.TEMPLATE,
        "Start from the &demo template",
        "About forty example services: Pharmacy First, self-referral services, NHS 111, "
        "the practice's own team and more. Every entry is marked as an example and must be "
        "checked and localised before real use.",
    ),
    (
        StartingDirectory.IMPORT,
        "&Import a file",
        "Your own directory: a Signposting CSV export, an Open Referral UK JSON feed or an "
        "ORUK data package. The import window opens when you press Finish, with a preview before "
        "anything is imported.",
    ),
    (
        StartingDirectory.EMPTY,
        "Start &empty",
        f"No services yet. Add them later, one by one or from a file, in {MANAGE}",
    ),
)


class DirectoryPage(QWizardPage):
    """Where the directory starts from; its Set up button writes everything."""

    def __init__(self, services: int, commit: Callable[[], bool]) -> None:
        super().__init__()
        self._commit = commit
        self.setTitle("The service directory")
        self.setSubTitle("The services receptionists signpost callers to. Where should it start?")
        self.setCommitPage(True)
        self.group = QButtonGroup(self)
        self.buttons: dict[StartingDirectory, QRadioButton] = {}
        layout = QVBoxLayout(self)
        for choice, text, explanation in CHOICES:
            button = QRadioButton(text)
            self.group.addButton(button)
            self.buttons[choice] = button
            detail = _label(explanation, NOTE_STYLE)
            detail.setContentsMargins(24, 0, 0, 8)
            layout.addWidget(button)
            layout.addWidget(detail)
        self.buttons[StartingDirectory.TEMPLATE].setChecked(True)
        if services:
            layout.addWidget(
                _label(f"This database already holds {services} services; they are kept.")
            )
        red_flags = _label(
            "<b>Red flags:</b> whichever you choose, the shipped red-flag protocols are loaded "
            "so the desk raises red flags from the first call. They are examples: the "
            "practice's clinician must review and sign off each one."
        )
        red_flags.setStyleSheet("background: #fff4e5; border: 1px solid #e8b26a; padding: 6px;")
        layout.addWidget(red_flags)
        self.error = _label("", ERROR_STYLE)
        self.error.setAccessibleName("Set-up problem")
        self.error.hide()
        layout.addWidget(self.error)
        layout.addStretch(1)

    def choice(self) -> StartingDirectory:
        return next(c for c, button in self.buttons.items() if button.isChecked())

    def show_error(self, message: str) -> None:
        self.error.setText(f"Not set up: {message}. Nothing was saved.")
        self.error.show()

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        self.error.hide()
        return self._commit()


class SummaryPage(QWizardPage):
    """What was set up, and what the practice does next."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("Signposting is set up")
        self.setSubTitle("What was saved, and what the practice does next.")
        self.text = _label("")
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addStretch(1)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        set_up = self._wizard.set_up
        if set_up is None:
            return
        practice, ods, manager = set_up.practice_name, set_up.ods_code, set_up.manager_name
        if set_up.directory is StartingDirectory.TEMPLATE:
            services = f"{set_up.services} examples to check and localise"
            directory_step = (
                f"Check every example service in {MANAGE} → Services: correct it for your "
                "area, or retire it."
            )
        elif set_up.directory is StartingDirectory.IMPORT:
            services = f"{set_up.services} so far; your file is imported next"
            directory_step = "Choose your file in the import window that opens after Finish."
        else:
            services = f"{set_up.services or 'none yet'}"
            directory_step = f"Add your services in {MANAGE} → Services."
        opens = (
            "Press Finish to import your file, then open the desk."
            if set_up.directory is StartingDirectory.IMPORT
            else "Press Finish to open the desk."
        )
        self.text.setText(
            "<p><b>Set up:</b></p><ul>"
            f"<li>Practice: {escape(practice)} ({escape(ods)})</li>"
            f"<li>First manager: {escape(manager)}, who signs in with the password you chose</li>"
            f"<li>Services: {services}</li>"
            f"<li>Red-flag protocols: {set_up.red_flags_awaiting_sign_off} awaiting the "
            "clinician's sign-off</li></ul>"
            "<p><b>Next:</b></p><ol>"
            "<li>Add the reception team and the practice's clinician. For now this is done on "
            'the command line, for example: <code>signposting staff add "NAME" '
            f'--role receptionist --as "{escape(manager)}"</code></li>'
            f"<li>The clinician reviews and signs off each red-flag protocol in {MANAGE} → "
            "Red flags.</li>"
            f"<li>{directory_step}</li></ol>"
            f"<p>{opens}</p>"
        )
