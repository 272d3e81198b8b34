"""Regenerate the README screenshots: ``python tools/screenshots.py`` (runs offscreen).

The desk, manager, dashboard and export shots are taken as on a 1366x768 laptop. To see them as
the X server draws them, run under Xvfb with ``QT_QPA_PLATFORM=xcb``:
``xvfb-run -a -s "-screen 0 1366x768x24" python tools/screenshots.py``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication

from signposting.config import sqlite_url
from signposting.db.engine import Database
from signposting.db.migrate import upgrade
from signposting.directory.demo import load_demo
from signposting.domain import ScenarioCategory
from signposting.reception.session import DeskSession
from signposting.ui.desk.window import DeskWindow

DOCS = Path(__file__).resolve().parents[1] / "docs"
TODAY = date(2026, 11, 20)
#: A common practice laptop's screen; the desk, manager and reports are shown at this size.
LAPTOP = QRect(0, 0, 1366, 768)
SHOTS = {
    "desk.png": "burning when I wee",
    "desk-red-flag.png": "ringing for his repeat, oh and he keeps clutching his chest, all sweaty",
    "desk-past-mention.png": "had a stroke in 2019, need my clopidogrel repeat",
    "desk-no-match.png": "my parrot has stopped squawking",
}


def _demo_manager_id(database: Database) -> int:
    """The demo's manager, Chris Taylor."""
    import sqlalchemy as sa  # noqa: PLC0415

    from signposting.db.models import StaffMember  # noqa: PLC0415

    with database.unit_of_work() as session:
        return session.scalars(
            sa.select(StaffMember.id).where(StaffMember.name == "Chris Taylor")
        ).one()


def _dashboard_and_report(app: QApplication, database: Database) -> None:
    """The savings dashboard over made-up demo records, and the sample report."""
    from signposting.directory.demo.records import add_demo_records  # noqa: PLC0415
    from signposting.ui.reports.dashboard import SavingsDashboard  # noqa: PLC0415

    with database.unit_of_work() as session:
        add_demo_records(session, 120, TODAY)
    dashboard = SavingsDashboard(database, _demo_manager_id(database), today=TODAY)
    dashboard.fit_to(LAPTOP)
    dashboard.show()
    app.processEvents()
    dashboard.grab().save(str(DOCS / "dashboard.png"))
    dashboard.save_report(DOCS / "sample-savings-report.html")
    dashboard.close()


def _export_dialog(app: QApplication, database: Database, folder: Path) -> None:
    """The export dialog after a finished export of the last 30 days' records."""
    from signposting.ui.reports.export_dialog import ExportDialog, qdate  # noqa: PLC0415

    dialog = ExportDialog(database, _demo_manager_id(database))
    dialog.start_edit.setDate(qdate(TODAY).addDays(-30))
    dialog.end_edit.setDate(qdate(TODAY))
    dialog.show()
    dialog.start(folder / "signposts.csv")
    while not dialog.export_button.isEnabled():
        app.processEvents()
    dialog.wait()
    dialog.adjustSize()
    app.processEvents()
    dialog.grab().save(str(DOCS / "export-dialog.png"))
    dialog.done(0)


def _editor(app: QApplication, database: Database) -> None:
    """The directory editor, signed in as the demo manager, on the MSK service."""
    import sqlalchemy as sa  # noqa: PLC0415

    from signposting.db.models import Service, StaffMember  # noqa: PLC0415
    from signposting.ui.manage.manager_window import ManagerWindow  # noqa: PLC0415

    with database.unit_of_work() as session:
        manager = session.scalars(
            sa.select(StaffMember).where(StaffMember.name == "Chris Taylor")
        ).one()
        msk = session.scalars(
            sa.select(Service).where(Service.key == "msk-physio-self-referral")
        ).one()
        manager_id, msk_id = manager.id, msk.id
    window = ManagerWindow(database, manager_id, today=lambda: TODAY)
    window.resize(1280, 900)
    window.show()
    window.services.select(msk_id)
    app.processEvents()
    window.resize(LAPTOP.size())
    app.processEvents()
    window.grab().save(str(DOCS / "manager.png"))
    window.resize(1280, 900)
    window.services.form.phone.setText("01632 96020")
    app.processEvents()
    window.grab().save(str(DOCS / "directory-editor.png"))
    window.services.form.mark_saved()  # closing asks nothing about the made-up edit
    window.close()


def _red_flag_tools(app: QApplication, database: Database) -> None:
    """The clinician's red-flag editor and thesaurus, signed in as the demo clinician."""
    import sqlalchemy as sa  # noqa: PLC0415

    from signposting.db.models import StaffMember  # noqa: PLC0415
    from signposting.domain import ThesaurusChangeKind  # noqa: PLC0415
    from signposting.redflags import changes  # noqa: PLC0415
    from signposting.ui.manage.manager_window import ManagerWindow  # noqa: PLC0415

    with database.unit_of_work() as session:
        people = {m.name: m for m in session.scalars(sa.select(StaffMember))}
        session.info["actor"] = people["Chris Taylor"]
        changes.draft(
            session,
            people["Chris Taylor"],
            ThesaurusChangeKind.ADD,
            ["oppression"],
            concept="CHEST_SENSATION",
            note="French-speaking callers describe chest pain this way",
        )
        clinician_id = people["Dr Priya Shah"].id
    window = ManagerWindow(database, clinician_id, today=lambda: TODAY)
    window.resize(1366, 860)
    window.show()
    tab = window.red_flags
    window.tabs.setCurrentWidget(tab)
    for row in range(tab.protocols.count()):
        if tab.protocols.item(row).text().startswith("Possible stroke"):
            tab.protocols.setCurrentRow(row)
    tab.try_phrase.phrase.setText("she's talking gobbledegook and her smile is all wonky")
    app.processEvents()
    window.grab().save(str(DOCS / "red-flag-editor.png"))
    thesaurus = window.thesaurus
    window.tabs.setCurrentWidget(thesaurus)
    thesaurus.filter.setText("crushing")
    thesaurus.concepts.setCurrentRow(0)
    thesaurus.pending.setCurrentRow(0)
    thesaurus.show_selected_impact()
    thesaurus.try_phrase.phrase.setText("she feels an oppression on her chest")
    app.processEvents()
    window.grab().save(str(DOCS / "thesaurus.png"))
    window.close()


def _some_readiness(database: Database, trainer_id: int, practice_id: int) -> None:
    """Part-way to go-live: protocols signed off, a date set, one item ticked."""
    import sqlalchemy as sa  # noqa: PLC0415

    from signposting.db.models import RedFlagProtocol, StaffMember  # noqa: PLC0415
    from signposting.directory.red_flags import sign_off_as_is  # noqa: PLC0415
    from signposting.training.readiness import set_go_live, tick  # noqa: PLC0415

    with database.unit_of_work() as session:
        clinician = session.scalars(
            sa.select(StaffMember).where(StaffMember.name == "Dr Priya Shah")
        ).one()
        for protocol in session.scalars(sa.select(RedFlagProtocol)):
            sign_off_as_is(session, clinician, protocol.id, date(2027, 11, 1))
        trainer = session.get_one(StaffMember, trainer_id)
        tick(session, trainer, practice_id, "services_consulted", note="All 12 services replied")
        set_go_live(session, trainer, practice_id, date(2027, 1, 11), "Dr Priya Shah")


def _training(app: QApplication, database: Database) -> None:
    """The trainer's script view mid-rehearsal, the trainee's training desk, and readiness."""
    import sqlalchemy as sa  # noqa: PLC0415

    from signposting.db.models import StaffMember  # noqa: PLC0415
    from signposting.training.database import open_training_database  # noqa: PLC0415
    from signposting.ui.training.trainer_window import TrainerWindow  # noqa: PLC0415

    training = open_training_database(database, by="screenshots")
    with database.unit_of_work() as session:
        trainer = session.scalars(sa.select(StaffMember).where(StaffMember.name == "Lee Jones"))
        trainer_member = trainer.one()
        trainer_id, practice_id = trainer_member.id, trainer_member.practice_id
    assert practice_id is not None
    window = TrainerWindow(database, training, trainer_id, practice_id, today=lambda: TODAY)
    window.resize(1280, 900)
    window.show()
    tab = window.rehearsal
    tab.trainees.item(0).setCheckState(Qt.CheckState.Checked)
    tab.category.setCurrentIndex(tab.category.findData(ScenarioCategory.RED_FLAG))
    tab.start(seed=3)
    while (call := tab.current()) is not None and call.scenario.key != (
        "back-cream-hidden-cauda-equina"
    ):
        tab.begin_call()
        tab.score_call()
        tab.show_call()
    desk = window.open_desk()
    desk.clock = lambda: datetime(2026, 11, 24, 11, 0, tzinfo=UTC)
    desk.resize(1280, 820)
    tab.begin_call()
    desk.search_box.setText("cream for my back")
    app.processEvents()
    window.grab().save(str(DOCS / "training-script.png"))
    desk.grab().save(str(DOCS / "training-desk.png"))
    desk.close()
    _some_readiness(database, trainer_id, practice_id)
    window.tabs.setCurrentWidget(window.readiness)
    app.processEvents()
    window.grab().save(str(DOCS / "readiness.png"))
    window.close()
    training.dispose()


def _first_run(app: QApplication, folder: Path) -> None:
    """The first-run wizard on a new database: the practice page mid-typing (an ODS code one
    digit short), then the directory page."""
    from signposting.ui.first_run import FirstRunWizard  # noqa: PLC0415

    database = Database(sqlite_url(folder / "new.db"))
    upgrade(database)
    wizard = FirstRunWizard(database)
    wizard.show()
    page = wizard.practice_page
    page.name.edit.setText("Riverside Surgery")
    page.ods.edit.setText("A8100")
    app.processEvents()
    wizard.grab().save(str(DOCS / "first-run-practice.png"))
    page.ods.edit.setText("A81001")
    wizard.next()
    wizard.manager_page.name.edit.setText("Morgan Reed")
    for field in (wizard.manager_page.password, wizard.manager_page.confirm):
        field.edit.setText("a long enough password")
    wizard.next()
    app.processEvents()
    wizard.grab().save(str(DOCS / "first-run-directory.png"))
    wizard.done(0)
    database.dispose()


def main() -> int:
    app = QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as folder:
        database = Database(sqlite_url(Path(folder) / "demo.db"))
        upgrade(database)
        with database.unit_of_work() as session:
            load_demo(session)
        desk = DeskSession(database)
        desk.choose_staff(desk.staff_choices()[0].id)
        window = DeskWindow(desk, clock=lambda: datetime(2026, 11, 24, 11, 0, tzinfo=UTC))
        window.resize(LAPTOP.size())
        window.show()
        for name, text in SHOTS.items():
            window.new_call()
            window.search_box.setText(text)
            app.processEvents()
            window.grab().save(str(DOCS / name))
        window.close()
        _dashboard_and_report(app, database)
        _export_dialog(app, database, Path(folder))
        _editor(app, database)
        _red_flag_tools(app, database)
        _training(app, database)
        database.dispose()
        _first_run(app, Path(folder))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
