"""The first-run wizard on a new database, driven as a practice manager would."""

from __future__ import annotations

import logging
import sys
import threading
from typing import Any

import pytest
import sqlalchemy as sa
from pytestqt.qtbot import QtBot
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWizard

from signposting.accounts.first_run import FirstRunDetails, StartingDirectory
from signposting.accounts.passwords import add_staff, authenticate
from signposting.accounts.practices import create_practice
from signposting.db.engine import Database
from signposting.db.models import Practice, RedFlagProtocol, Service, StaffMember
from signposting.directory.demo import load_demo
from signposting.domain import Role
from signposting.reception.session import DeskSession
from signposting.ui import app as app_module
from signposting.ui import first_run as first_run_module
from signposting.ui.desk.staff_picker import StaffPicker
from signposting.ui.first_run import FirstRunWizard, first_run_needed, set_up_if_needed
from signposting.ui.manage.import_dialog import ImportDialog
from tests.support.training import TrainingSetup

PASSWORD = "a long enough password"

Button = QWizard.WizardButton


def click(qtbot: QtBot, wizard: FirstRunWizard, which: QWizard.WizardButton) -> None:
    button = wizard.button(which)
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_practice(qtbot: QtBot, wizard: FirstRunWizard, name: str, ods: str) -> None:
    qtbot.keyClicks(wizard.practice_page.name.edit, name)
    qtbot.keyClicks(wizard.practice_page.ods.edit, ods)


def type_manager(qtbot: QtBot, wizard: FirstRunWizard, password: str, again: str) -> None:
    page = wizard.manager_page
    qtbot.keyClicks(page.name.edit, "Morgan Reed")
    qtbot.keyClicks(page.password.edit, password)
    qtbot.keyClicks(page.confirm.edit, again)


def set_up(
    qtbot: QtBot,
    wizard: FirstRunWizard,
    directory: StartingDirectory = StartingDirectory.TEMPLATE,
    *,
    practice: tuple[str, str] | None = ("Riverside Surgery", "a81001"),
) -> None:
    """Every page filled in and Set up pressed; the wizard is left on its last page."""
    if practice is not None:
        type_practice(qtbot, wizard, *practice)
    click(qtbot, wizard, Button.NextButton)
    type_manager(qtbot, wizard, PASSWORD, PASSWORD)
    click(qtbot, wizard, Button.NextButton)
    assert wizard.currentPage() is wizard.directory_page
    radio = wizard.directory_page.buttons[directory]
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    assert wizard.directory_page.choice() is directory
    click(qtbot, wizard, Button.CommitButton)


def open_wizard(qtbot: QtBot, database: Database) -> FirstRunWizard:
    wizard = FirstRunWizard(database)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def counts(database: Database) -> dict[str, int]:
    with database.unit_of_work() as session:
        return {
            model.__name__: session.scalar(sa.select(sa.func.count()).select_from(model)) or 0
            for model in (Practice, StaffMember, Service, RedFlagProtocol)
        }


@pytest.fixture
def keep_hooks(monkeypatch: pytest.MonkeyPatch) -> None:
    """run_application installs the crash handler: put the test run's hooks back afterwards."""
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)


def test_an_invalid_ods_code_keeps_next_disabled(database: Database, qtbot: QtBot) -> None:
    wizard = open_wizard(qtbot, database)
    page = wizard.practice_page
    next_button = wizard.button(Button.NextButton)
    assert not next_button.isEnabled()
    type_practice(qtbot, wizard, "Riverside Surgery", "A8100")
    assert not next_button.isEnabled()
    assert page.ods.error.isVisible()
    assert "is not a GP practice ODS code" in page.ods.error.text()
    qtbot.keyClicks(page.ods.edit, "1")
    assert not page.ods.error.isVisible()
    assert next_button.isEnabled()
    page.name.edit.selectAll()
    qtbot.keyClick(page.name.edit, Qt.Key.Key_Delete)
    assert page.name.error.text() == "A practice needs a name"
    assert not next_button.isEnabled()


def test_passwords_must_be_long_enough_and_match(database: Database, qtbot: QtBot) -> None:
    wizard = open_wizard(qtbot, database)
    type_practice(qtbot, wizard, "Riverside Surgery", "A81001")
    click(qtbot, wizard, Button.NextButton)
    page = wizard.manager_page
    next_button = wizard.button(Button.NextButton)
    type_manager(qtbot, wizard, "short", "short")
    assert page.password.error.text() == "Passwords need at least 10 characters"
    assert not next_button.isEnabled()
    page.password.edit.clear()
    page.confirm.edit.clear()
    qtbot.keyClicks(page.password.edit, PASSWORD)
    qtbot.keyClicks(page.confirm.edit, PASSWORD + "!")
    assert not page.password.error.isVisible()
    assert page.confirm.error.isVisible()
    assert page.confirm.error.text() == "The two passwords differ"
    assert not next_button.isEnabled()
    qtbot.keyClick(page.confirm.edit, Qt.Key.Key_Backspace)
    assert not page.confirm.error.isVisible()
    assert next_button.isEnabled()
    assert counts(database)["StaffMember"] == 0  # nothing is written before Set up


def test_the_template_sets_up_practice_manager_and_examples(
    database: Database, qtbot: QtBot
) -> None:
    wizard = open_wizard(qtbot, database)
    set_up(qtbot, wizard, StartingDirectory.TEMPLATE)
    assert wizard.currentPage() is wizard.summary_page
    summary = wizard.summary_page.text.text()
    assert "Riverside Surgery (A81001)" in summary
    assert "First manager: Morgan Reed" in summary
    assert wizard.set_up is not None
    assert f"Services: {wizard.set_up.services} examples to check" in summary
    assert f"{wizard.set_up.red_flags_awaiting_sign_off} awaiting" in summary
    assert "signposting staff add" in summary and "Red flags" in summary
    assert not wizard.button(Button.CancelButton).isVisible()
    click(qtbot, wizard, Button.FinishButton)
    assert wizard.result() == QWizard.DialogCode.Accepted
    with database.unit_of_work() as session:
        practice = session.scalars(sa.select(Practice)).one()
        assert (practice.name, practice.ods_code) == ("Riverside Surgery", "A81001")
        manager = authenticate(session, "Morgan Reed", PASSWORD)
        assert manager.role is Role.MANAGER and manager.practice_id == practice.id
        assert manager.id == wizard.set_up.result.manager_id
        services = list(session.scalars(sa.select(Service)))
        protocols = list(session.scalars(sa.select(RedFlagProtocol)))
    assert len(services) == wizard.set_up.services > 20
    assert all(service.is_example for service in services)
    assert len(protocols) == wizard.set_up.red_flags_awaiting_sign_off > 10
    assert all(p.is_example and not p.is_signed_off for p in protocols)
    assert not first_run_needed(database)


def test_starting_empty_loads_only_the_red_flags(database: Database, qtbot: QtBot) -> None:
    wizard = open_wizard(qtbot, database)
    set_up(qtbot, wizard, StartingDirectory.EMPTY)
    assert "Services: none yet" in wizard.summary_page.text.text()
    click(qtbot, wizard, Button.FinishButton)
    found = counts(database)
    assert found["Service"] == 0
    assert found["RedFlagProtocol"] > 10
    assert (found["Practice"], found["StaffMember"]) == (1, 1)


def test_cancel_changes_nothing(database: Database, qtbot: QtBot) -> None:
    before = counts(database)
    wizard = open_wizard(qtbot, database)
    type_practice(qtbot, wizard, "Riverside Surgery", "A81001")
    click(qtbot, wizard, Button.NextButton)
    type_manager(qtbot, wizard, PASSWORD, PASSWORD)
    click(qtbot, wizard, Button.NextButton)
    click(qtbot, wizard, Button.CancelButton)
    assert wizard.result() == QWizard.DialogCode.Rejected
    assert wizard.set_up is None
    assert counts(database) == before
    assert first_run_needed(database)


def test_cancelling_keeps_the_desk_closed_and_says_why(
    database: Database, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(FirstRunWizard, "exec", lambda self: QWizard.DialogCode.Rejected)
    with caplog.at_level(logging.WARNING, logger="signposting.ui.first_run"):
        assert not set_up_if_needed(database)
    assert "first-run set-up cancelled: nothing was saved" in caplog.text
    assert counts(database)["Practice"] == 0


def test_a_practice_already_created_is_shown_and_reused(database: Database, qtbot: QtBot) -> None:
    with database.unit_of_work() as session:
        create_practice(session, None, "Oak Tree Surgery", "B82002")
    wizard = open_wizard(qtbot, database)
    page = wizard.practice_page
    assert (page.name.text(), page.ods.text()) == ("Oak Tree Surgery", "B82002")
    assert page.name.edit.isReadOnly() and page.ods.edit.isReadOnly()
    assert wizard.button(Button.NextButton).isEnabled()
    set_up(qtbot, wizard, StartingDirectory.EMPTY, practice=None)
    assert "Oak Tree Surgery (B82002)" in wizard.summary_page.text.text()
    click(qtbot, wizard, Button.FinishButton)
    with database.unit_of_work() as session:
        practice = session.scalars(sa.select(Practice)).one()
        manager = session.scalars(sa.select(StaffMember)).one()
        assert manager.practice_id == practice.id


def test_a_refusal_is_shown_and_the_wizard_stays_open(database: Database, qtbot: QtBot) -> None:
    wizard = open_wizard(qtbot, database)
    type_practice(qtbot, wizard, "Riverside Surgery", "A81001")
    click(qtbot, wizard, Button.NextButton)
    type_manager(qtbot, wizard, PASSWORD, PASSWORD)
    click(qtbot, wizard, Button.NextButton)
    with database.unit_of_work() as session:  # another PC finished its set-up meanwhile
        practice = create_practice(session, None, "Elsewhere Surgery", "C83003")
        add_staff(session, None, "Kim Bell", Role.MANAGER, practice=practice, password=PASSWORD)
    click(qtbot, wizard, Button.CommitButton)
    assert wizard.isVisible()
    assert wizard.currentPage() is wizard.directory_page
    error = wizard.directory_page.error
    assert error.isVisible()
    assert "this database is already set up" in error.text()
    assert "Nothing was saved" in error.text()
    assert counts(database)["StaffMember"] == 1


def test_a_database_failure_is_logged_and_shown_and_nothing_saved(
    database: Database,
    qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    def locked(session: Session, details: FirstRunDetails) -> None:
        create_practice(session, None, details.practice_name, details.ods_code)
        raise OperationalError("INSERT INTO staff_member", {}, Exception("database is locked"))

    monkeypatch.setattr(first_run_module, "complete_first_run", locked)
    wizard = open_wizard(qtbot, database)
    with caplog.at_level(logging.ERROR, logger="signposting.ui.first_run"):
        set_up(qtbot, wizard)
    assert wizard.currentPage() is wizard.directory_page
    assert "the database refused it" in wizard.directory_page.error.text()
    assert "database is locked" in caplog.text
    assert counts(database)["Practice"] == 0  # rolled back with the rest


def test_import_a_file_opens_the_import_dialog_as_the_new_manager(
    database: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[int] = []

    def drive(wizard: FirstRunWizard) -> int:
        qtbot.addWidget(wizard)
        wizard.show()
        set_up(qtbot, wizard, StartingDirectory.IMPORT)
        assert "your file is imported next" in wizard.summary_page.text.text()
        click(qtbot, wizard, Button.FinishButton)
        return wizard.result()

    def record_import(dialog: ImportDialog) -> int:
        qtbot.addWidget(dialog)
        opened.append(dialog.actor_id)
        return 0

    monkeypatch.setattr(FirstRunWizard, "exec", drive)
    monkeypatch.setattr(ImportDialog, "exec", record_import)
    assert set_up_if_needed(database)
    with database.unit_of_work() as session:
        manager = session.scalars(sa.select(StaffMember)).one()
    assert opened == [manager.id]
    assert counts(database)["Service"] == 0


class FakeDesk:
    """Stands in for the desk window: records the session it was opened on."""

    opened: list[DeskSession]

    def __init__(self, session: DeskSession) -> None:
        type(self).opened.append(session)

    def show(self) -> None:
        """Nothing to show."""


def patch_desk(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """No event loop, no index build, and the first name in the staff picker chosen."""
    shown: list[Any] = []
    FakeDesk.opened = []
    monkeypatch.setattr(app_module, "DeskWindow", FakeDesk)
    monkeypatch.setattr(DeskSession, "start_loading", lambda self, **options: None)
    monkeypatch.setattr(StaffPicker, "exec", lambda self: QWizard.DialogCode.Accepted)
    monkeypatch.setattr(QApplication, "exec", lambda *args: 0)
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args))
    return shown


@pytest.mark.usefixtures("keep_hooks")
def test_the_desk_on_an_empty_database_opens_the_wizard_not_an_error(
    database: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    errors = patch_desk(monkeypatch)
    wizards: list[FirstRunWizard] = []

    def drive(wizard: FirstRunWizard) -> int:
        qtbot.addWidget(wizard)
        wizards.append(wizard)
        wizard.show()
        set_up(qtbot, wizard)
        click(qtbot, wizard, Button.FinishButton)
        return wizard.result()

    monkeypatch.setattr(FirstRunWizard, "exec", drive)
    assert app_module.run_application(database) == 0
    assert len(wizards) == 1
    assert errors == []
    (desk,) = FakeDesk.opened
    assert desk.practice_name == "Riverside Surgery"
    assert desk.staff is not None and desk.staff.name == "Morgan Reed"


@pytest.mark.usefixtures("keep_hooks")
def test_a_database_set_up_on_the_command_line_goes_straight_to_the_desk(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with database.unit_of_work() as session:
        practice = create_practice(session, None, "Oak Tree Surgery", "A81001")
        add_staff(session, None, "Morgan Reed", Role.MANAGER, practice=practice, password=PASSWORD)
    errors = patch_desk(monkeypatch)
    monkeypatch.setattr(FirstRunWizard, "exec", lambda self: pytest.fail("wizard shown"))
    assert app_module.run_application(database) == 0
    assert errors == []
    assert FakeDesk.opened[0].practice_name == "Oak Tree Surgery"


def test_a_training_copy_never_needs_a_first_run(training_setup: TrainingSetup) -> None:
    assert not first_run_needed(training_setup.training)  # staff copied without passwords
    assert first_run_needed(training_setup.live)  # demo loaded into a live one: no manager yet


def test_the_demo_database_needs_no_first_run(database: Database) -> None:
    with database.unit_of_work() as session:
        load_demo(session, demo_passwords=True)  # what `--demo` loads before the window opens
    assert not first_run_needed(database)
