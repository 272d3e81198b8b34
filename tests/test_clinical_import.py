"""Reading EMIS Web and SystmOne report exports: layouts, encodings, dates, and clear errors."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from signposting.analysis.clinical_csv import (
    APPOINTMENTS,
    CODED,
    ClinicalImportError,
    ClinicalReport,
    parse_report,
    store_report,
)
from signposting.db.engine import Database
from signposting.db.models import ImportedCount
from signposting.domain import Role
from tests.factories import make_member

EMIS_AGGREGATE = (
    "Signposting activity by organisation\r\n"
    "Run date: 03/02/2026\r\n"
    "\r\n"
    "Organisation,Date,Code,Term,Count\r\n"
    "A81001,27/01/2026,871731000000106,Referral to social prescribing service,4\r\n"
    ",,308447003,Referral to physiotherapist,7\r\n"
    ",28/01/2026,308447003,Referral to physiotherapist,2\r\n"
    "B82002,28-Jan-2026,308465004,Referral to optometrist,1\r\n"
    "Total,,,,14\r\n"
)
SYSTMONE_EVENTS = (
    "Practice Code,Event Date,Code,Code Description\n"
    "A81001,27 Jan 2026,308447003,Referral to physiotherapist\n"
    "A81001,27 Jan 2026,308447003,Referral to physiotherapist\n"
    "A81001,2026-01-29,390866009,Referral to mental health team\n"
)
APPOINTMENT_COUNTS = (
    "GP appointments\n"
    "Organisation,Period Start,Period End,Clinician Type,Appointments\n"
    'A81001,01/01/2026,31/01/2026,GP,"1,250"\n'
    ",,,Nurse,400\n"
    ",,,Salaried GP,300\n"
)


def test_emis_aggregate_with_title_lines_fill_down_and_total_row() -> None:
    report = parse_report(EMIS_AGGREGATE.encode("utf-8-sig"), "emis.csv")
    assert report.kind == CODED
    assert [(r.ods_code, r.period_start, r.code, r.count) for r in report.rows] == [
        ("A81001", date(2026, 1, 27), "871731000000106", 4),
        ("A81001", date(2026, 1, 27), "308447003", 7),
        ("A81001", date(2026, 1, 28), "308447003", 2),
        ("B82002", date(2026, 1, 28), "308465004", 1),
    ]
    assert report.total == 14
    assert report.practices == ["A81001", "B82002"]


def test_systmone_one_row_per_event_in_cp1252() -> None:
    text = SYSTMONE_EVENTS.replace("mental health team", "mental health team – café")
    report = parse_report(text.encode("cp1252"), "s1.csv")
    assert report.kind == CODED
    assert report.total == 3
    assert report.rows[2].term.endswith("café")
    assert (report.first_day, report.last_day) == (date(2026, 1, 27), date(2026, 1, 29))


def test_gp_appointments_count_only_gp_roles() -> None:
    report = parse_report(APPOINTMENT_COUNTS.encode("utf-8"), "appts.csv")
    assert report.kind == APPOINTMENTS
    assert report.total == 1550  # GP and Salaried GP; the nurse row is left out
    assert report.rows[0].period_end == date(2026, 1, 31)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Name,Age\nJo,4\n", "no header row found in the first 25 lines"),
        ("", "no header row found"),
        (
            "Organisation,Date,Count\nA81001,31/02/2026,3\n",
            "appts.csv: row 2, column 'Date': '31/02/2026' is not a date",
        ),
        (
            "Organisation,Date,Count\nA81001,01/02/2026,three\n",
            "row 2, column 'Count': 'three' is not a whole number",
        ),
        ("Organisation,Date,Code,Count\nA81001,01/02/2026,,3\n", "row 2, column 'Code': no code"),
        ("Organisation,Date,Count\n", "no data rows below the header"),
        ("Organisation,Date,Count\nA81001!,01/02/2026,3\n", "is not an organisation (ODS) code"),
    ],
)
def test_broken_files_name_the_row_and_column(content: str, message: str) -> None:
    with pytest.raises(ClinicalImportError, match=r"appts\.csv") as caught:
        parse_report(content.encode(), "appts.csv")
    assert message in str(caught.value)


def test_every_problem_is_reported_at_once() -> None:
    content = "Organisation,Date,Count\nA81001,bad,1\nA81001,01/01/2026,x\n"
    with pytest.raises(ClinicalImportError) as caught:
        parse_report(content.encode(), "f.csv")
    assert [p.row for p in caught.value.problems] == [2, 3]


def test_bytes_that_are_no_text_encoding() -> None:
    with pytest.raises(ClinicalImportError, match="not text in UTF-8 or Windows-1252"):
        parse_report(b"Organisation,Date\n\x81\x8d\x8f", "bin.csv")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_any_input_gives_a_report_or_a_clear_error(data: bytes) -> None:
    try:
        report = parse_report(data, "fuzz.csv")
    except ClinicalImportError as exc:
        assert exc.problems
        assert all(problem.file == "fuzz.csv" for problem in exc.problems)
    else:
        assert isinstance(report, ClinicalReport) and report.rows


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.text(max_size=12), max_size=6), max_size=8))
def test_garbage_rows_under_a_real_header(rows: list[list[str]]) -> None:
    lines = ["Organisation,Date,Code,Term,Count"] + [",".join(row) for row in rows]
    try:
        parse_report("\n".join(lines).encode(), "g.csv")
    except ClinicalImportError as exc:
        assert exc.problems


def test_storing_twice_does_not_double_count(database: Database) -> None:
    report = parse_report(EMIS_AGGREGATE.encode(), "emis.csv")
    for _ in range(2):
        with database.unit_of_work() as session:
            store_report(session, make_member(session, Role.MANAGER, f"Manager {_}"), report)
    with database.unit_of_work() as session:
        total = session.scalar(sa.select(sa.func.sum(ImportedCount.count)))
        rows = session.scalar(sa.select(sa.func.count()).select_from(ImportedCount))
    assert (total, rows) == (14, 4)
