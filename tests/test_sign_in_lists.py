"""Signing in by choosing a name from a list: the manager's window, the reports and the
trainer's window each offer the active staff with a password whose role may work there (of
this practice or of none), type-ahead chooses a name, the password is checked by the core as
before (a wrong one refused, repeated failures locked), and a first manager is still typed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa
from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow

from signposting.accounts.passwords import FREE_ATTEMPTS, hash_password, sign_in_names
from signposting.accounts.permissions import Permission
from signposting.db.engine import Database
from signposting.db.models import SignInThrottle, StaffMember
from signposting.directory.demo import DEMO_PASSWORD, load_demo
from signposting.domain import Role
from signposting.reception.session import DeskSession
from signposting.ui.desk.window import DeskWindow
from signposting.ui.manage.sign_in import SignInDialog
from signposting.ui.reports.codes_dialog import ServiceCodesDialog
from signposting.ui.reports.export_dialog import ExportDialog
from tests.factories import make_practice
from tests.support.training import TrainingSetup

MANAGERS_AND_CLINICIANS = ["Chris Taylor", "Dr Priya Shah", "Morgan Reed"]
DEMO_ODS = "X99999"


@pytest.fixture
def staffed(database: Database) -> Database:
    """The demo with passwords, a network manager (no practice), a manager of another practice,
    and a manager who has left."""
    with database.unit_of_work() as session:
        load_demo(session, demo_passwords=True)
        secret = hash_password(DEMO_PASSWORD)
        other = make_practice(session, "B54321")
        session.add_all(
            [
                StaffMember(name="Morgan Reed", role=Role.MANAGER, password_hash=secret),
                StaffMember(
                    name="Pat Elsewhere", role=Role.MANAGER, practice=other, password_hash=secret
                ),
                StaffMember(
                    name="Val Gone",
                    role=Role.MANAGER,
                    password_hash=secret,
                    active=False,
                ),
            ]
        )
    return database


@dataclass
class SignInAtTheKeyboard:
    """Stands in for the person at the sign-in dialog: reads the list, types the first letters
    of a name and the password, and presses Enter."""

    qtbot: QtBot
    typed_name: str
    password: str
    offered: list[list[str]] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    def __call__(self, dialog: SignInDialog) -> int:
        dialog.show()
        self.qtbot.waitExposed(dialog)
        names = dialog.staff
        self.offered.append([names.itemText(row) for row in range(names.count())])
        assert names.currentIndex() == -1  # no one chosen until someone is
        assert dialog.focusWidget() is names  # the list first, ready for type-ahead
        self.qtbot.keyClicks(names, self.typed_name)
        self.qtbot.keyClicks(dialog.password, self.password)
        self.qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
        self.messages.append(dialog.message.text())
        return int(dialog.result())


def sign_in_as(
    monkeypatch: pytest.MonkeyPatch, qtbot: QtBot, typed: str, password: str = DEMO_PASSWORD
) -> SignInAtTheKeyboard:
    person = SignInAtTheKeyboard(qtbot, typed, password)

    def exec_(dialog: SignInDialog) -> int:  # an instance is no method: bind it here
        return person(dialog)

    monkeypatch.setattr(SignInDialog, "exec", exec_)
    return person


def member_id(database: Database, name: str) -> int:
    with database.unit_of_work() as session:
        return session.scalars(sa.select(StaffMember.id).where(StaffMember.name == name)).one()


@pytest.fixture
def desk(staffed: Database, qtbot: QtBot) -> DeskWindow:
    window = DeskWindow(DeskSession(staffed, practice_ods=DEMO_ODS))
    qtbot.addWidget(window)
    window.show()
    return window


# ---------------------------------------------------------------- the core's list
def test_the_names_offered_are_those_who_may_work_there(staffed: Database) -> None:
    with staffed.unit_of_work() as session:
        practice = session.scalars(
            sa.select(StaffMember.practice_id).where(StaffMember.name == "Chris Taylor")
        ).one()
        assert sign_in_names(session, [Permission.EXPORT_RECORDS], practice_id=practice) == [
            "Chris Taylor",
            "Morgan Reed",
        ]
        reports = sign_in_names(session, [Permission.READ_REPORTS], practice_id=practice)
        assert reports == MANAGERS_AND_CLINICIANS
        training = sign_in_names(session, [Permission.RUN_TRAINING], practice_id=practice)
        assert training == ["Chris Taylor", "Lee Jones", "Morgan Reed"]
        everyone = sign_in_names(session)  # receptionists have no password: never offered
        assert everyone == [
            "Chris Taylor",
            "Dr Priya Shah",
            "Lee Jones",
            "Morgan Reed",
            "Pat Elsewhere",
        ]


# ---------------------------------------------------------------- the desk's menus
def test_the_manager_window_signs_in_a_name_chosen_from_the_list(
    desk: DeskWindow, staffed: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = sign_in_as(monkeypatch, qtbot, "Dr")
    desk.open_manager()
    assert person.offered == [MANAGERS_AND_CLINICIANS]
    assert isinstance(desk.manager, QMainWindow)
    qtbot.addWidget(desk.manager)
    assert "Dr Priya Shah" in desk.manager.windowTitle()


def test_a_wrong_password_is_still_refused(
    desk: DeskWindow, staffed: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = sign_in_as(monkeypatch, qtbot, "Chr", "not the password")
    desk.open_manager()
    assert desk.manager is None
    assert "name or password not recognised" in person.messages[0]


def test_repeated_failures_for_a_chosen_name_are_still_locked(
    staffed: Database, qtbot: QtBot
) -> None:
    dialog = SignInDialog(staffed, permissions=[Permission.READ_REPORTS])
    qtbot.addWidget(dialog)
    assert dialog.choose("Chris Taylor")
    for _ in range(FREE_ATTEMPTS):
        dialog.password.setText("not the password")
        dialog.try_sign_in()
    assert "too many failed sign-ins" in dialog.message.text()
    dialog.password.setText(DEMO_PASSWORD)  # the right one waits for the lock to end
    dialog.try_sign_in()
    assert dialog.staff_id is None and "too many failed sign-ins" in dialog.message.text()


def test_signing_in_without_choosing_a_name_counts_against_no_one(
    staffed: Database, qtbot: QtBot
) -> None:
    dialog = SignInDialog(staffed, permissions=[Permission.READ_REPORTS])
    qtbot.addWidget(dialog)
    dialog.password.setText(DEMO_PASSWORD)
    dialog.try_sign_in()
    assert dialog.staff_id is None and "Choose your name" in dialog.message.text()
    with staffed.unit_of_work() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(SignInThrottle)) == 0


def test_the_dashboard_signs_in_from_the_list(
    desk: DeskWindow, staffed: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = sign_in_as(monkeypatch, qtbot, "Mor")
    desk.open_dashboard()
    assert person.offered == [MANAGERS_AND_CLINICIANS]
    assert desk.dashboard is not None
    qtbot.addWidget(desk.dashboard)
    assert getattr(desk.dashboard, "actor_id", None) == member_id(staffed, "Morgan Reed")


def opened_as(monkeypatch: pytest.MonkeyPatch, dialog: type[QDialog]) -> list[int]:
    """The actor each opening of ``dialog`` was made for (it closes at once)."""
    actors: list[int] = []

    def closed_at_once(self: QDialog) -> int:
        actors.append(int(getattr(self, "actor_id", 0)))
        return int(QDialog.DialogCode.Rejected.value)

    monkeypatch.setattr(dialog, "exec", closed_at_once)
    return actors


def opens_after_signing_in(
    monkeypatch: pytest.MonkeyPatch,
    qtbot: QtBot,
    *,
    open_it: Callable[[], None],
    dialog: type[QDialog],
    typed: str,
) -> tuple[list[str], list[int]]:
    """Open it with a wrong password (nothing opens), then the right one: what the list
    offered, and who the dialog opened for."""
    actors = opened_as(monkeypatch, dialog)
    person = sign_in_as(monkeypatch, qtbot, typed, "wrong password")
    open_it()
    assert actors == []
    person.password = DEMO_PASSWORD
    open_it()
    assert person.offered[0] == person.offered[1]
    return person.offered[0], actors


def test_the_export_signs_in_from_a_list_of_managers(
    desk: DeskWindow, staffed: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    offered, actors = opens_after_signing_in(
        monkeypatch, qtbot, open_it=desk.open_export, dialog=ExportDialog, typed="C"
    )
    assert offered == ["Chris Taylor", "Morgan Reed"]
    assert actors == [member_id(staffed, "Chris Taylor")]


def test_the_clinical_codes_sign_in_from_the_list(
    desk: DeskWindow, staffed: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    offered, actors = opens_after_signing_in(
        monkeypatch, qtbot, open_it=desk.open_codes, dialog=ServiceCodesDialog, typed="D"
    )
    assert offered == MANAGERS_AND_CLINICIANS
    assert actors == [member_id(staffed, "Dr Priya Shah")]


def test_a_first_manager_is_still_typed(database: Database, qtbot: QtBot) -> None:
    with database.unit_of_work() as session:
        load_demo(session)  # no one has a password yet
    dialog = SignInDialog(database)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.first_run and dialog.name.isVisible() and not dialog.staff.isVisible()


# ---------------------------------------------------------------- the trainer's window
def _close_all(seen: list[str]) -> int:
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible() and isinstance(widget, QMainWindow):
            seen.append(widget.windowTitle())
            widget.close()
    return 0


def test_the_trainer_signs_in_from_the_list(
    training_setup: TrainingSetup, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from signposting.ui.training.app import run_trainer  # noqa: PLC0415

    live = training_setup.live
    with live.unit_of_work() as session:
        secret = hash_password(DEMO_PASSWORD)
        for member in session.scalars(sa.select(StaffMember)):
            member.password_hash = None if member.role is Role.RECEPTIONIST else secret
    seen: list[str] = []
    monkeypatch.setattr(QApplication, "exec", lambda _app: _close_all(seen))
    person = sign_in_as(monkeypatch, qtbot, "L", "wrong password")
    assert run_trainer(live, training_setup.training) == 1
    person.password = DEMO_PASSWORD
    assert run_trainer(live, training_setup.training) == 0
    assert person.offered == [["Chris Taylor", "Lee Jones"]] * 2
    assert any("Signposting training: Lee Jones" in title for title in seen)
