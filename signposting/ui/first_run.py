"""The first-run wizard: a new installation's practice, first manager and starting directory.

The desk opens it instead of an error when the database has no practice or no manager who can
sign in; nothing is written until the directory page's Set up, and then all in one unit of work.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget, QWizard

from signposting.accounts.first_run import (
    FirstRunDetails,
    FirstRunResult,
    StartingDirectory,
    complete_first_run,
    existing_practice,
    needs_first_run,
)
from signposting.accounts.practices import check_practice_name, check_practice_ods
from signposting.db.engine import Database
from signposting.db.models import RedFlagProtocol, Service
from signposting.errors import SignpostingError
from signposting.training.database import is_training_database
from signposting.ui.first_run_pages import DirectoryPage, ManagerPage, PracticePage, SummaryPage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SetUp:
    """What the set-up wrote, for the last page (no password kept)."""

    practice_name: str
    ods_code: str
    manager_name: str
    directory: StartingDirectory
    result: FirstRunResult
    services: int
    red_flags_awaiting_sign_off: int


class FirstRunWizard(QWizard):
    """Practice, first manager, starting directory, then what was set up and what comes next.

    After Set up, ``set_up`` holds what was written (its ``result.manager_id`` is the manager).
    """

    def __init__(
        self, database: Database, practice_ods: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.set_up: SetUp | None = None
        with database.unit_of_work() as session:
            practice = existing_practice(session)
            known = (practice.name, practice.ods_code) if practice is not None else None
            services = session.scalar(sa.select(sa.func.count()).select_from(Service)) or 0
        self.setWindowTitle("Set up Signposting")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage)
        self.setButtonText(QWizard.WizardButton.CommitButton, "&Set up")
        self.practice_page = PracticePage(known, practice_ods)
        self.manager_page = ManagerPage()
        self.directory_page = DirectoryPage(services, self.commit)
        self.summary_page = SummaryPage(self)
        for page in (self.practice_page, self.manager_page, self.directory_page):
            self.addPage(page)
        self.addPage(self.summary_page)
        self.resize(720, 520)

    def details(self) -> FirstRunDetails:
        """What the pages hold, as the core takes it."""
        return FirstRunDetails(
            practice_name=self.practice_page.name.text(),
            ods_code=self.practice_page.ods.text(),
            manager_name=self.manager_page.name.text(),
            manager_password=self.manager_page.password.text(),
            directory=self.directory_page.choice(),
        )

    def commit(self) -> bool:
        """Write the whole set-up in one unit of work; a refusal is shown on the page."""
        details = self.details()
        actor = f"first-run set-up ({' '.join(details.manager_name.split())})"[:120]
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            with self.database.unit_of_work(actor=actor) as session:
                result = complete_first_run(session, details)
                services = session.scalar(sa.select(sa.func.count()).select_from(Service))
                awaiting = session.scalar(
                    sa.select(sa.func.count())
                    .select_from(RedFlagProtocol)
                    .where(RedFlagProtocol.signed_off_at.is_(None))
                )
        except SignpostingError as exc:
            self.directory_page.show_error(str(exc))
            return False
        except DBAPIError:
            log.exception("first-run set-up: the database refused it")
            self.directory_page.show_error("the database refused it (the log has the details)")
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self.set_up = SetUp(
            practice_name=check_practice_name(details.practice_name),
            ods_code=check_practice_ods(details.ods_code),
            manager_name=" ".join(details.manager_name.split()),
            directory=details.directory,
            result=result,
            services=services or 0,
            red_flags_awaiting_sign_off=awaiting or 0,
        )
        log.info(
            "first-run set-up done: practice id %d, manager id %d, %d services added, "
            "%d red-flag protocols added (%s directory)",
            result.practice_id,
            result.manager_id,
            result.services_added,
            result.red_flags_added,
            details.directory.value,
        )
        return True

    def reject(self) -> None:
        """Cancel before Set up changes nothing; after it, closing the wizard just finishes."""
        if self.set_up is not None:
            self.accept()
            return
        super().reject()


def first_run_needed(database: Database) -> bool:
    """Whether the desk must set up this database first (never a training copy)."""
    try:
        with database.unit_of_work() as session:
            if not needs_first_run(session):
                return False
    except (OperationalError, InterfaceError):
        return False  # unreachable: the desk opens on its saved copy, or says why it cannot
    return not is_training_database(database)


def set_up_if_needed(database: Database, practice_ods: str | None = None) -> bool:
    """Run the first-run wizard when the database needs it; True when the desk can open."""
    if not first_run_needed(database):
        return True
    wizard = FirstRunWizard(database, practice_ods)
    if not wizard.exec() or wizard.set_up is None:
        log.warning(
            "first-run set-up cancelled: nothing was saved; the desk opens once the practice "
            "and its first manager are set up"
        )
        return False
    if wizard.set_up.directory is StartingDirectory.IMPORT:
        from signposting.ui.manage.import_dialog import ImportDialog  # noqa: PLC0415

        ImportDialog(database, wizard.set_up.result.manager_id).exec()
    return True
