"""NHS England's practice-level appointments CSV: streamed, filtered to the practices set up here,
summed by month, professional, status and mode, and set against signposts in the report."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from signposting.accounts.passwords import add_staff
from signposting.analysis.appointment_months import (
    compare_with_appointments,
    preview_lines,
    store_national_appointments,
)
from signposting.analysis.assumptions import Assumptions
from signposting.analysis.clinical_csv import ClinicalImportError, read_report
from signposting.analysis.national_appointments import (
    PUBLISHED_COLUMNS,
    AppointmentsFileError,
    NationalAppointments,
    looks_national,
    read_national_appointments,
)
from signposting.analysis.report import render_report_html, summary
from signposting.analysis.savings import analyse
from signposting.cli.main import main
from signposting.db.engine import Database
from signposting.db.models import NationalAppointmentCount, SignpostRecord
from signposting.domain import Outcome, Role
from signposting.errors import PermissionDeniedError
from tests.factories import acting_manager, make_member, make_practice, make_service

FIXTURE = Path(__file__).parent / "fixtures" / "national_appointments"
CROSSTAB = FIXTURE / "Practice_Level_Crosstab_Sep_26.csv"
JULY, AUGUST, SEPTEMBER = date(2026, 7, 1), date(2026, 8, 1), date(2026, 9, 1)
PASSWORD = "pw-1234567890"


def _edited(tmp_path: Path, changes: dict[int, tuple[int, str]], name: str = "edited.csv") -> Path:
    """The fixture with cells changed: {line number: (column index, new value)}."""
    lines = CROSSTAB.read_text(encoding="utf-8").splitlines()
    for number, (column, value) in changes.items():
        cells = lines[number - 1].split(",")
        assert len(cells) == len(PUBLISHED_COLUMNS), "edit a line without a quoted comma"
        cells[column] = value
        lines[number - 1] = ",".join(cells)
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _stored(database: Database) -> list[tuple[str, date, str, str, str, int]]:
    table = NationalAppointmentCount
    with database.unit_of_work() as session:
        rows = session.execute(
            sa.select(
                table.ods_code, table.month, table.hcp_type, table.status, table.mode, table.count
            ).order_by(table.ods_code, table.month, table.hcp_type, table.status, table.mode)
        )
        return [
            (code, month, hcp, status, mode, count)
            for code, month, hcp, status, mode, count in rows
        ]


# ------------------------------------------------------------------------- reading the file


def test_the_fixture_is_recognised_by_its_header(tmp_path: Path) -> None:
    assert looks_national(CROSSTAB)
    with_bom = tmp_path / "bom.csv"
    with_bom.write_bytes(b"\xef\xbb\xbf" + CROSSTAB.read_bytes().replace(b"\n", b"\r\n"))
    assert looks_national(with_bom)
    emis = tmp_path / "emis.csv"
    emis.write_text("Organisation,Date,Count\nA81001,01/01/2026,3\n")
    assert not looks_national(emis)
    assert not looks_national(tmp_path / "missing.csv")


def test_only_the_practice_rows_are_kept_and_summed(tmp_path: Path) -> None:
    found = read_national_appointments(CROSSTAB, ["a81001"])
    assert found.rows_read == 31
    assert found.rows_kept == {"A81001": 19}
    assert found.practices == ["A81001"] and found.missing == []
    assert found.names == {"A81001": "RIVERSIDE MEDICAL PRACTICE"}
    assert found.months == [JULY, AUGUST, SEPTEMBER]
    assert [found.month_total("A81001", m) for m in found.months] == [513, 490, 509]
    assert [found.month_total("A81001", m, "gp") for m in found.months] == [348, 360, 339]
    assert found.breakdown("A81001", JULY, "hcp_type") == {"gp": 348, "other": 160, "unknown": 5}
    assert found.breakdown("A81001", JULY, "status") == {"attended": 488, "dna": 16, "unknown": 9}
    assert found.breakdown("A81001", JULY, "mode") == {
        "face_to_face": 286,
        "telephone": 204,
        "video_online": 15,
        "home_visit": 3,
        "unknown": 5,
    }
    # No other practice's appointments are in the result.
    assert {key[0] for key in found.counts} == {"A81001"}
    # Same figures from the file as Windows line ends with a byte-order mark.
    windows = tmp_path / "windows.csv"
    windows.write_bytes(b"\xef\xbb\xbf" + CROSSTAB.read_bytes().replace(b"\n", b"\r\n"))
    assert read_national_appointments(windows, ["A81001"]).counts == found.counts


def test_each_practice_of_a_network_keeps_its_own_rows() -> None:
    found = read_national_appointments(CROSSTAB, ["A81001", "B82002", "Y01234"])
    assert found.rows_kept == {"A81001": 19, "B82002": 4}
    assert found.names["B82002"] == "ST. MARY'S SURGERY, NORTH STREET"
    assert [found.month_total("B82002", m) for m in found.months] == [110, 90, 70]
    assert found.missing == ["Y01234"]
    lines = preview_lines(found)
    assert lines[0].endswith("31 rows read, 23 for the practices set up here")
    assert (
        "    Jul 2026: 513 appointments; GP 348 (attended 338, did not attend 6, unknown 4); "
        "other practice staff 160; unknown 5" in lines
    )
    assert lines[-1] == "  no rows for Y01234: not in this file"


def test_a_file_without_the_practice_says_which_codes_it_has() -> None:
    with pytest.raises(AppointmentsFileError) as caught:
        read_national_appointments(CROSSTAB, ["Y01234"])
    message = str(caught.value)
    assert "column 'GP_CODE': no rows for Y01234" in message
    assert "rows for 4 other practice(s), for example A81001, B82002, C83003, D84004" in message
    assert "in Jul 2026 to Sep 2026" in message


def test_bad_rows_are_named_by_row_and_column_all_at_once(tmp_path: Path) -> None:
    path = _edited(
        tmp_path,
        {
            3: (8, "Nurse"),  # A81001's row: HCP_TYPE
            5: (12, "four"),  # A81001's row: COUNT_OF_APPOINTMENTS
            17: (0, "15AUG2026"),  # A81001's row: APPOINTMENT_MONTH_START_DATE
            18: (13, "Cancelled"),  # A81001's row: APPT_STATUS
            13: (8, "Nurse"),  # C83003's row: another practice's values are not checked
        },
    )
    with pytest.raises(AppointmentsFileError) as caught:
        read_national_appointments(path, ["A81001"])
    assert [(p.row, p.column) for p in caught.value.problems] == [
        (3, "HCP_TYPE"),
        (5, "COUNT_OF_APPOINTMENTS"),
        (17, "APPOINTMENT_MONTH_START_DATE"),
        (18, "APPT_STATUS"),
    ]
    message = str(caught.value)
    assert message.startswith("4 problem(s), nothing imported:")
    assert (
        "edited.csv: row 3, column 'HCP_TYPE': 'Nurse' is not one of the published values "
        "(GP, Other Practice staff, Unknown)" in message
    )
    assert "row 5, column 'COUNT_OF_APPOINTMENTS': 'four' is not a whole number" in message
    assert "'15AUG2026' is not the first day of a month" in message


def test_a_cut_short_file_and_a_wrong_header_are_refused(tmp_path: Path) -> None:
    text = CROSSTAB.read_text(encoding="utf-8")
    cut = tmp_path / "cut.csv"
    lines = text.splitlines()
    cut.write_text("\n".join([*lines[:-1], ",".join(lines[-1].split(",")[:6])]), encoding="utf-8")
    with pytest.raises(AppointmentsFileError, match=r"cut\.csv: row 32: 6 cells where the header"):
        read_national_appointments(cut, ["A81001"])
    no_status = tmp_path / "no_status.csv"
    no_status.write_text(text.replace(",APPT_STATUS\n", ",STATUS\n", 1), encoding="utf-8")
    with pytest.raises(AppointmentsFileError, match="the header has no APPT_STATUS column"):
        read_national_appointments(no_status, ["A81001"])
    header_only = tmp_path / "header_only.csv"
    header_only.write_text(text.splitlines()[0] + "\n", encoding="utf-8")
    with pytest.raises(AppointmentsFileError, match="no data rows below the header"):
        read_national_appointments(header_only, ["A81001"])


def test_many_problems_are_counted_and_the_first_listed(tmp_path: Path) -> None:
    header = ",".join(PUBLISHED_COLUMNS)
    row = "01JUL2026,A81001,R,EMIS,U1,P,99X,S,Doctor,Telephone,C,Same Day,1,Attended"
    path = tmp_path / "many.csv"
    path.write_text("\n".join([header] + [row] * 300) + "\n", encoding="utf-8")
    with pytest.raises(AppointmentsFileError) as caught:
        read_national_appointments(path, ["A81001"])
    assert caught.value.total == 300
    assert str(caught.value).startswith("300 problem(s), nothing imported:")
    assert "(and 275 more)" in str(caught.value)


def test_the_clinical_report_reader_points_to_the_national_import() -> None:
    with pytest.raises(ClinicalImportError, match="practice-level appointments file"):
        read_report(CROSSTAB)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.text(max_size=10), min_size=12, max_size=15), max_size=8))
def test_any_rows_under_the_header_give_counts_or_clear_problems(rows: list[list[str]]) -> None:
    import tempfile  # noqa: PLC0415 - hypothesis runs the body many times without a fixture

    for row in rows:
        row[1] = "A81001"
    lines = [",".join(PUBLISHED_COLUMNS)] + [",".join(row) for row in rows]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.csv"
        path.write_text("\n".join(lines), encoding="utf-8")
        try:
            found = read_national_appointments(path, ["A81001"])
        except AppointmentsFileError as exc:
            assert exc.problems and all(p.file == "fuzz.csv" for p in exc.problems)
        else:
            assert isinstance(found, NationalAppointments) and found.rows_kept


# ------------------------------------------------------------------------- storing


def test_storing_twice_replaces_and_needs_the_permission(database: Database) -> None:
    found = read_national_appointments(CROSSTAB, ["A81001"])
    with database.unit_of_work() as session:
        receptionist = make_member(session, Role.RECEPTIONIST, "Desk Person")
        with pytest.raises(PermissionDeniedError, match="may not import counts"):
            store_national_appointments(session, receptionist, found)
        with pytest.raises(PermissionDeniedError, match="sign in to import counts"):
            store_national_appointments(session, None, found)
    assert _stored(database) == []
    for expected_replaced in (0, 3):
        with database.unit_of_work() as session:
            stored = store_national_appointments(session, acting_manager(session), found)
        assert (stored.practice_months, stored.replaced) == (3, expected_replaced)
        assert stored.appointments == 1512
    rows = _stored(database)
    assert sum(row[5] for row in rows) == 1512
    assert ("A81001", JULY, "gp", "attended", "telephone", 200) in rows
    assert ("A81001", JULY, "other", "dna", "face_to_face", 10) in rows


# ------------------------------------------------------------------------- command line


@pytest.fixture
def practice_database(database_url: str) -> str:
    database = Database(database_url)
    with database.unit_of_work() as session:
        make_practice(session, "A81001")
        manager = add_staff(
            session, None, "Counts Manager", Role.MANAGER, practice=None, password=PASSWORD
        )
        add_staff(session, manager, "Dr Counts", Role.CLINICIAN, practice=None, password=PASSWORD)
    database.dispose()
    return database_url


def test_cli_dry_run_import_and_refusals(
    practice_database: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    command = ["--database", practice_database, "clinical", "import", str(CROSSTAB)]
    assert main([*command, "--dry-run"]) == 0
    printed = capsys.readouterr().out
    assert "NHS England practice-level appointments; 31 rows read, 19 for the practices" in printed
    assert "  A81001 RIVERSIDE MEDICAL PRACTICE:" in printed
    assert "Sep 2026: 509 appointments; GP 339 (attended 330" in printed
    assert printed.rstrip().endswith("dry run: nothing imported")
    database = Database(practice_database)
    assert _stored(database) == []

    assert main(command) == 1
    assert "say which manager is importing: --as NAME" in capsys.readouterr().err
    monkeypatch.setenv("SIGNPOSTING_PASSWORD", PASSWORD)
    assert main([*command, "--as", "Dr Counts"]) == 1
    assert "Dr Counts (clinician) may not import counts" in capsys.readouterr().err
    assert _stored(database) == []

    assert main([*command, "--as", "Counts Manager"]) == 0
    assert "imported 1,512 appointments in 3 practice-month(s) for A81001" in (
        capsys.readouterr().out
    )
    before = _stored(database)
    broken = _edited(tmp_path, {3: (8, "Nurse"), 5: (12, "four")}, "broken.csv")
    assert main([*command[:-1], str(broken), "--as", "Counts Manager"]) == 1
    error = capsys.readouterr().err
    assert "broken.csv: row 3, column 'HCP_TYPE': 'Nurse'" in error
    assert "broken.csv: row 5, column 'COUNT_OF_APPOINTMENTS'" in error
    assert _stored(database) == before  # nothing changed
    database.dispose()


def test_cli_file_for_other_practices_only(
    practice_database: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = CROSSTAB.read_text(encoding="utf-8").splitlines()
    others = tmp_path / "others.csv"
    others.write_text("\n".join(line for line in lines if ",A81001," not in line) + "\n")
    command = ["--database", practice_database, "clinical", "import", str(others), "--dry-run"]
    assert main(command) == 1
    error = capsys.readouterr().err
    assert "others.csv: file, column 'GP_CODE': no rows for A81001" in error
    assert "for example B82002, C83003, D84004" in error


# ------------------------------------------------------------------------- the report


def _record(session: Session, practice_id: int, service_id: int, when: datetime, ok: bool) -> None:
    outcome = Outcome.ACCEPTED if ok else Outcome.DECLINED
    session.add(
        SignpostRecord(
            practice_id=practice_id, service_id=service_id, outcome=outcome, recorded_at=when
        )
    )


@pytest.fixture
def reported(database: Database) -> dict[str, int]:
    """A81001 with signposts June to August and national data July to September imported."""
    with database.unit_of_work() as session:
        riverside = make_practice(session, "A81001").id
        other = make_practice(session, "Y01234").id
        service = make_service(session).id
        for day, ok in [(10, True), (20, True)]:
            _record(session, riverside, service, datetime(2026, 6, day, 10, tzinfo=UTC), ok)
        for day, ok in [(1, True), (2, True), (9, True), (15, True), (16, False)]:
            _record(session, riverside, service, datetime(2026, 7, day, 10, tzinfo=UTC), ok)
        # 23:30 UTC on 31 July is 00:30 on 1 August in UK summer time.
        _record(session, riverside, service, datetime(2026, 7, 31, 23, 30, tzinfo=UTC), True)
        for day in (4, 5):
            _record(session, riverside, service, datetime(2026, 8, day, 10, tzinfo=UTC), True)
        _record(session, other, service, datetime(2026, 7, 3, 10, tzinfo=UTC), True)
        found = read_national_appointments(CROSSTAB, ["A81001", "Y01234"])
        store_national_appointments(session, acting_manager(session), found)
    return {"riverside": riverside, "other": other}


def test_signposts_per_month_against_gp_appointments(
    database: Database, reported: dict[str, int]
) -> None:
    with database.unit_of_work() as session:
        comparison = compare_with_appointments(
            session,
            acting_manager(session),
            date(2026, 6, 1),
            date(2026, 9, 30),
            ods_codes=["A81001"],
            practice_ids=(reported["riverside"],),
        )
    with database.unit_of_work() as session:
        desk = make_member(session, Role.RECEPTIONIST, "Desk Person")
        with pytest.raises(PermissionDeniedError, match="may not read the savings report"):
            compare_with_appointments(
                session, desk, date(2026, 6, 1), date(2026, 9, 30), ods_codes=[]
            )
    june, july, august, september = comparison.months
    assert (june.signposts, june.gp_appointments, june.per_thousand(june.signposts)) == (
        2,
        None,
        None,
    )
    assert (july.signposts, july.accepted, july.gp_appointments, july.gp_attended) == (
        5,
        4,
        348,
        338,
    )
    assert july.all_appointments == 513
    assert july.per_thousand(july.signposts) == pytest.approx(5000 / 348)
    assert (august.signposts, august.gp_appointments) == (3, 360)
    assert (september.signposts, september.per_thousand(0)) == (0, 0.0)
    assert comparison.signposts_per_thousand == pytest.approx(8000 / 1047)
    assert (comparison.held_from, comparison.held_to) == (JULY, SEPTEMBER)
    assert comparison.sources == ["Practice_Level_Crosstab_Sep_26.csv"]
    assert [row.month for row in comparison.missing_months] == [date(2026, 6, 1)]


def test_part_months_and_practices_without_data_give_no_rate(
    database: Database, reported: dict[str, int]
) -> None:
    with database.unit_of_work() as session:
        part = compare_with_appointments(
            session,
            acting_manager(session),
            date(2026, 7, 10),
            date(2026, 8, 31),
            ods_codes=["A81001"],
            practice_ids=(reported["riverside"],),
        )
        both = compare_with_appointments(
            session,
            acting_manager(session),
            date(2026, 7, 1),
            date(2026, 7, 31),
            ods_codes=["A81001", "Y01234"],
        )
    assert (part.months[0].signposts, part.months[0].whole_month) == (2, False)
    assert part.months[0].per_thousand(2) is None
    assert part.months[1].per_thousand(3) == pytest.approx(3000 / 360)
    assert both.months[0].signposts == 6  # both practices' signposts
    assert both.months[0].without_data == ("Y01234",)
    assert both.months[0].per_thousand(6) is None and both.signposts_per_thousand is None


def test_report_shows_the_monthly_comparison_with_its_source(
    database: Database, reported: dict[str, int]
) -> None:
    with database.unit_of_work() as session:
        analysis = analyse(
            session,
            acting_manager(session),
            date(2026, 6, 1),
            date(2026, 9, 30),
            Assumptions(),
            practice_ids=(reported["riverside"],),
        )
    html = render_report_html(analysis)
    assert "Signposts against GP appointments, month by month" in html
    assert (
        "Source: NHS England, Appointments in General Practice (practice-level data) for "
        "A81001 (GP_CODE), from Practice_Level_Crosstab_Sep_26.csv, last imported" in html
    )
    assert "National data held for these practices: July 2026 to September 2026." in html
    assert (
        '<tr><td>Jun 2026</td><td class="n">2 (2)</td><td class="n"></td><td class="n"></td>'
        "<td>no national data for this month</td></tr>" in html
    )
    assert (
        '<tr><td>Jul 2026</td><td class="n">5 (4)</td><td class="n">348</td>'
        '<td class="n">14.4</td><td></td></tr>' in html
    )
    assert '<tr><td>Aug 2026</td><td class="n">3 (3)</td><td class="n">360</td>' in html
    assert (
        "NHS England's practice-level figures count 1,047 GP appointments in the 3 whole "
        "month(s) with national data (July 2026 to September 2026); reception recorded 8 "
        "signposts in those months, 7.6 per 1,000 GP appointments." in summary(analysis)
    )


def test_report_without_national_data_for_its_months_says_so(
    database: Database, reported: dict[str, int]
) -> None:
    with database.unit_of_work() as session:
        analysis = analyse(
            session, acting_manager(session), date(2026, 5, 1), date(2026, 6, 30), Assumptions()
        )
    html = render_report_html(analysis)
    assert "No national appointment data is held for the months of this report." in html
    assert "National data is held for July 2026 to September 2026, outside this report" in html
    assert "per 1,000 GP appointments" not in summary(analysis)


def test_cli_report_carries_the_comparison(
    practice_database: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SIGNPOSTING_PASSWORD", PASSWORD)
    base = ["--database", practice_database]
    assert main([*base, "clinical", "import", str(CROSSTAB), "--as", "Counts Manager"]) == 0
    output = tmp_path / "report.html"
    report = ["report", "--from", "01/07/2026", "--to", "31/08/2026", "-o", str(output)]
    assert main([*base, *report, "--as", "Counts Manager"]) == 0
    html = output.read_text(encoding="utf-8")
    assert '<tr><td>Jul 2026</td><td class="n">0 (0)</td><td class="n">348</td>' in html
    assert "National data held for these practices: July 2026 to September 2026." in html
    capsys.readouterr()


# ------------------------------------------------------------------------- the dashboard


def test_dashboard_imports_the_national_file_after_a_preview(
    database: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QDate  # noqa: PLC0415
    from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox  # noqa: PLC0415

    from signposting.ui.reports.dashboard import SavingsDashboard  # noqa: PLC0415

    with database.unit_of_work() as session:
        riverside = make_practice(session, "A81001").id
        service = make_service(session).id
        for day in (1, 2, 9, 15, 16):
            _record(session, riverside, service, datetime(2026, 7, day, 10, tzinfo=UTC), True)
        manager = make_member(session, Role.MANAGER, "Dashboard Manager").id
    questions: list[str] = []

    def answer(*args: object) -> QMessageBox.StandardButton:
        questions.append(str(args[2]))
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *args: (str(CROSSTAB), ""))
    monkeypatch.setattr(QMessageBox, "question", answer)
    dashboard = SavingsDashboard(database, manager, today=date(2026, 9, 30))
    qtbot.addWidget(dashboard)
    dashboard.start_edit.setDate(QDate(2026, 7, 1))
    texts = [label.text() for label in dashboard.findChildren(QLabel)]
    assert "Signposts per 1,000 GP appointments" in texts
    assert "import NHS England's practice-level appointments CSV to show this" in texts

    dashboard.import_clinical_report()
    assert len(questions) == 1 and "A81001 RIVERSIDE MEDICAL PRACTICE:" in questions[0]
    assert "Jul 2026: 513 appointments; GP 348" in questions[0]
    assert len(_stored(database)) == 18
    assert dashboard.analysis is not None and dashboard.analysis.appointments is not None
    assert dashboard.analysis.appointments.signposts_per_thousand == pytest.approx(5000 / 1047)

    def shown() -> bool:
        texts = [label.text() for label in dashboard.findChildren(QLabel)]
        return "4.8" in texts and any(
            text.startswith("1,047 GP appointments in Jul 2026 to Sep 2026") for text in texts
        )

    qtbot.waitUntil(shown)
