"""The clinical codes screen and the export dialog name the services that have no code."""

from __future__ import annotations

import sqlalchemy as sa
from pytestqt.qtbot import QtBot

from signposting.analysis.codes import code_coverage
from signposting.db.engine import Database
from signposting.db.models import Practice, Service, ServiceCode
from signposting.directory.demo import load_demo
from signposting.domain import Role, ServiceStatus
from signposting.ui.reports.codes_dialog import ServiceCodesDialog
from signposting.ui.reports.codes_model import CODE_COLUMN, TERM_COLUMN
from signposting.ui.reports.export_dialog import ExportDialog
from tests.factories import make_member, make_practice


def demo_ids(database: Database) -> tuple[int, int, int]:
    """The demo practice, a manager, and how many current services the directory holds."""
    with database.unit_of_work() as session:
        load_demo(session)
        practice = session.scalars(sa.select(Practice.id)).one()
        manager = make_member(session, Role.MANAGER, "Codes Manager").id
        services = session.scalar(
            sa.select(sa.func.count())
            .select_from(Service)
            .where(Service.status != ServiceStatus.RETIRED)
        )
    return practice, manager, int(services or 0)


def test_codes_screen_banner_counts_and_names_services_without_a_code(
    database: Database, qtbot: QtBot
) -> None:
    practice, manager, services = demo_ids(database)
    dialog = ServiceCodesDialog(database, practice, manager)
    qtbot.addWidget(dialog)
    dialog.show()
    rows = dialog.model.rows
    uncoded = [row for row in rows if not row.directory_code and not row.code]
    assert 0 < len(uncoded) < services
    banner = dialog.uncoded_banner
    assert banner.isVisible()
    assert banner.text().startswith(
        f"{len(uncoded)} of {services} services have no code: their signposts export without a "
        "SNOMED code ("
    )
    assert uncoded[0].service in banner.text()
    assert banner.toolTip().splitlines() == [row.service for row in uncoded]

    nurse = next(i for i, row in enumerate(rows) if row.service == "Practice nurse")
    dialog.model.setData(dialog.model.index(nurse, CODE_COLUMN), "EMISLOC123")
    dialog.model.setData(dialog.model.index(nurse, TERM_COLUMN), "Signposted to practice nurse")
    assert banner.text().startswith(f"{len(uncoded) - 1} of {services} services have no code")
    assert "Practice nurse" not in banner.toolTip().splitlines()
    assert dialog.save()
    with database.unit_of_work() as session:
        assert len(code_coverage(session, practice).uncoded) == len(uncoded) - 1


def test_codes_screen_hides_the_banner_once_every_service_has_a_code(
    database: Database, qtbot: QtBot
) -> None:
    practice, manager, _ = demo_ids(database)
    dialog = ServiceCodesDialog(database, practice, manager)
    qtbot.addWidget(dialog)
    dialog.show()
    for index, row in enumerate(dialog.model.rows):
        if not row.directory_code:
            dialog.model.setData(dialog.model.index(index, CODE_COLUMN), f"LOCAL{index}")
            dialog.model.setData(dialog.model.index(index, TERM_COLUMN), "Local code")
    assert not dialog.uncoded_banner.isVisible()
    assert dialog.uncoded_banner.text() == ""


def test_export_dialog_warns_before_exporting_per_practice(
    database: Database, qtbot: QtBot
) -> None:
    practice, manager, _ = demo_ids(database)
    with database.unit_of_work() as session:
        demo_ods = session.get_one(Practice, practice).ods_code
        other = make_practice(session, "B82002")
        other_id = other.id
        expected = code_coverage(session, practice).warning
        uncoded = session.scalars(
            sa.select(Service.id).where(Service.snomed_code.is_(None))
        ).first()
        session.add(ServiceCode(practice_id=other_id, service_id=uncoded, code="L1", term="Local"))
        session.flush()
        other_expected = code_coverage(session, other_id).warning
    assert other_expected != expected
    dialog = ExportDialog(database, manager)
    qtbot.addWidget(dialog)
    dialog.show()
    warning = dialog.codes_warning
    assert warning.isVisible()
    lines = warning.text().splitlines()
    assert f"{demo_ods}: {expected}" in lines
    assert f"B82002: {other_expected}" in lines
    assert lines[-1] == "Set your template's codes under Reports > Clinical codes for export."

    dialog.practice_box.setCurrentIndex(dialog.practice_box.findData(other_id))
    assert warning.text().splitlines()[0] == f"B82002: {other_expected}"
    assert demo_ods not in warning.text()
    assert dialog.export_button.isEnabled()  # a warning, not a refusal
