"""The manager's screens: savings dashboard, export with progress and cancel, clinical codes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from PySide6.QtCore import QDate

from signposting.analysis.codes import check_code
from signposting.db.engine import Database
from signposting.db.models import SavingsAssumptions, ServiceCode
from signposting.directory.demo import load_demo
from signposting.directory.demo.records import add_demo_records
from signposting.domain import Role
from signposting.errors import ValidationError
from signposting.ui.reports.codes_dialog import ServiceCodesDialog
from signposting.ui.reports.codes_model import CODE_COLUMN, TERM_COLUMN
from signposting.ui.reports.dashboard import SavingsDashboard
from signposting.ui.reports.export_dialog import ExportDialog
from tests.factories import make_member

TODAY = date(2026, 11, 20)


@pytest.fixture
def demo(database: Database) -> Database:
    with database.unit_of_work() as session:
        load_demo(session)
        add_demo_records(session, 60, TODAY)
    return database


@pytest.fixture
def manager_id(demo: Database) -> int:
    with demo.unit_of_work() as session:
        return make_member(session, Role.MANAGER, "Reports Manager").id


def practice_id(database: Database) -> int:
    with database.unit_of_work() as session:
        return int(session.scalar(sa.text("SELECT id FROM practice")) or 0)


def test_dashboard_shows_figures_and_follows_assumptions(
    demo: Database, manager_id: int, qtbot: QtBot
) -> None:
    dashboard = SavingsDashboard(demo, manager_id, today=TODAY)
    qtbot.addWidget(dashboard)
    assert dashboard.analysis is not None
    accepted = dashboard.analysis.total.accepted
    assert accepted > 0
    assert (
        f"{accepted:,} ({100 * accepted / dashboard.analysis.total.signposts:.1f}%) were accepted"
        in dashboard.summary_label.text()
    )
    assert dashboard.analysis.total.minutes == accepted * 10
    dashboard.minutes_box.setValue(5.32)
    assert dashboard.analysis.total.minutes == pytest.approx(accepted * 5.32)
    dashboard.share_box.setValue(50)
    assert dashboard.analysis.total.appointments_avoided == pytest.approx(accepted / 2)
    dashboard.start_edit.setDate(QDate(2026, 11, 20))
    assert dashboard.analysis.total.signposts < accepted


def test_dashboard_saves_assumptions_per_practice(
    demo: Database, manager_id: int, qtbot: QtBot
) -> None:
    dashboard = SavingsDashboard(demo, manager_id, today=TODAY)
    qtbot.addWidget(dashboard)
    dashboard.practice_box.setCurrentIndex(1)
    dashboard.cost_box.setValue(42.5)
    dashboard.cost_source.setText("ICB finance team, 2026")
    dashboard.save_assumptions_button.click()
    with demo.unit_of_work() as session:
        row = session.scalars(sa.select(SavingsAssumptions)).one()
        assert (row.practice_id, row.cost_per_appointment) == (practice_id(demo), 42.5)
        assert row.cost_source == "ICB finance team, 2026"


def test_dashboard_saves_pdf_report(
    demo: Database, manager_id: int, qtbot: QtBot, tmp_path: Path
) -> None:
    dashboard = SavingsDashboard(demo, manager_id, today=TODAY)
    qtbot.addWidget(dashboard)
    dashboard.save_report(tmp_path / "report.pdf")
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF-")


def test_export_runs_in_the_background_with_progress(
    demo: Database, manager_id: int, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = ExportDialog(demo, manager_id)
    qtbot.addWidget(dialog)
    dialog.start_edit.setDate(QDate(2026, 1, 1))
    dialog.end_edit.setDate(QDate(2026, 12, 31))
    path = tmp_path / "out.csv"
    assert dialog.worker is None
    with qtbot.waitSignal(dialog.export_thread_finished(path), timeout=20_000):
        pass
    assert "Exported" in dialog.status.text()
    lines = path.read_text("utf-8-sig").splitlines()
    assert lines[0].startswith("Date,Time,Organisation ODS Code")
    assert len(lines) > 100
    assert dialog.progress.value() == dialog.progress.maximum()


def test_export_cancel_leaves_no_file(
    demo: Database, manager_id: int, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = ExportDialog(demo, manager_id)
    qtbot.addWidget(dialog)
    path = tmp_path / "cancelled.csv"
    dialog.start(path)
    assert dialog.worker is not None
    dialog.cancel()
    dialog.wait()
    qtbot.waitUntil(dialog.export_button.isEnabled)
    assert not path.exists()
    assert list(tmp_path.glob("*.partial")) == [] and list(tmp_path.glob(".*partial")) == []
    assert dialog.status.text() in {
        "Cancelled: no file was written.",
        "Exported 0 records.",
    } or dialog.status.text().startswith("Exported")


def test_codes_screen_saves_the_practice_template_codes(
    demo: Database, manager_id: int, qtbot: QtBot, qtmodeltester: ModelTester
) -> None:
    dialog = ServiceCodesDialog(demo, practice_id(demo), manager_id)
    qtbot.addWidget(dialog)
    qtmodeltester.check(dialog.model)
    rows = dialog.model.rows
    physio = next(i for i, r in enumerate(rows) if r.service.startswith("MSK physio"))
    nurse = next(i for i, r in enumerate(rows) if r.service == "Practice nurse")
    assert rows[physio].directory_code == "306098008"  # Self-referral, no longer a referral
    dialog.table.setCurrentIndex(dialog.model.index(physio, 0))
    dialog.suggest_button.click()
    dialog.model.setData(dialog.model.index(nurse, CODE_COLUMN), "EMISLOC123")
    dialog.model.setData(dialog.model.index(nurse, TERM_COLUMN), "Signposted to practice nurse")
    assert dialog.save()
    with demo.unit_of_work() as session:
        saved = {(r.code, r.term) for r in session.scalars(sa.select(ServiceCode))}
    assert saved == {
        ("306098008", "Self-referral"),
        ("EMISLOC123", "Signposted to practice nurse"),
    }


def test_codes_screen_refuses_a_bad_snomed_id(
    demo: Database, manager_id: int, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    dialog = ServiceCodesDialog(demo, practice_id(demo), manager_id)
    qtbot.addWidget(dialog)
    dialog.model.setData(dialog.model.index(0, CODE_COLUMN), "308447004")
    dialog.model.setData(dialog.model.index(0, TERM_COLUMN), "Typo")
    assert not dialog.save()
    assert "check digit" in warnings[0]
    with demo.unit_of_work() as session:
        assert session.scalars(sa.select(ServiceCode)).all() == []


@pytest.mark.parametrize(
    ("code", "term", "message"),
    [
        ("", "Orphan term", "has no code"),
        ("308447003", "", "needs its term"),
        ("30844700X!", "x", "is not a code"),
        ("871731000000107", "x", "check digit"),
    ],
)
def test_code_rules(code: str, term: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        check_code(code, term)
    assert check_code(" 871731000000106 ", " Referral  to social prescribing ") == (
        "871731000000106",
        "Referral to social prescribing",
    )


def test_desk_menu_opens_the_dashboard(
    demo: Database, manager_id: int, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from signposting.reception.session import DeskSession  # noqa: PLC0415
    from signposting.ui.desk.window import DeskWindow  # noqa: PLC0415

    window = DeskWindow(DeskSession(demo), clock=lambda: datetime(2026, 11, 20, 10, tzinfo=UTC))
    qtbot.addWidget(window)
    window.show()
    menu = window.menuBar().actions()[0].menu()
    (action,) = [a for a in menu.actions() if "dashboard" in a.text()]
    assert action.shortcut().toString() == "Ctrl+Shift+D"
    monkeypatch.setattr(window, "signed_in_staff", lambda *_permissions: None)
    action.trigger()  # the sign-in was closed: nothing opens
    assert window.dashboard is None
    monkeypatch.setattr(window, "signed_in_staff", lambda *_permissions: manager_id)
    action.trigger()
    assert window.dashboard is not None
    assert window.dashboard.isVisible()
    qtbot.addWidget(window.dashboard)


def test_export_dialog_filters(demo: Database, manager_id: int, qtbot: QtBot) -> None:
    dialog = ExportDialog(demo, manager_id)
    qtbot.addWidget(dialog)
    assert dialog.filters().practice_ids == ()
    dialog.staff_box.setCurrentIndex(1)
    dialog.outcome_box.setCurrentIndex(2)
    filters = dialog.filters()
    assert filters.staff_ids == (dialog.staff_box.currentData(),)
    assert len(filters.outcomes) == 1


def test_a_clinician_sees_the_dashboard_but_cannot_change_assumptions_or_import(
    demo: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    with demo.unit_of_work() as session:
        clinician = make_member(session, Role.CLINICIAN, "Dr Reports").id
    dashboard = SavingsDashboard(demo, clinician, today=TODAY)
    qtbot.addWidget(dashboard)
    assert dashboard.analysis is not None
    for button in (dashboard.import_button, dashboard.save_assumptions_button):
        assert not button.isEnabled()
        assert button.toolTip().startswith("Your role may not")
    dashboard.minutes_box.setValue(7)
    dashboard.save_assumptions()  # even called directly, the core refuses and nothing is saved
    assert warnings == ["Dr Reports (clinician) may not change the savings assumptions"]
    with demo.unit_of_work() as session:
        assert session.scalars(sa.select(SavingsAssumptions)).all() == []


def test_an_export_by_a_receptionist_is_refused_and_writes_nothing(
    demo: Database, qtbot: QtBot, tmp_path: Path
) -> None:
    with demo.unit_of_work() as session:
        receptionist = make_member(session, Role.RECEPTIONIST, "Front Desk").id
    dialog = ExportDialog(demo, receptionist)
    qtbot.addWidget(dialog)
    path = tmp_path / "out.csv"
    with qtbot.waitSignal(dialog.export_thread_finished(path), timeout=20_000):
        pass
    assert "may not export signpost records" in dialog.status.text()
    assert not path.exists()
