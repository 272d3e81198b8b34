"""Exports for EMIS Web and SystmOne: exact bytes, safe cells, filters, and nothing half-written."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from signposting.db.engine import Database
from signposting.db.models import ServiceCode
from signposting.domain import AgeBand, Channel, Outcome, Role
from signposting.export.csv_safe import neutralise
from signposting.export.profiles import Encoding, Profile
from signposting.export.records import ExportCancelledError, export_records
from signposting.recording.filters import RecordFilter
from signposting.recording.recorder import SignpostRequest, record_signpost
from tests.factories import make_practice, make_red_flag, make_service, make_staff


@pytest.fixture
def ids(database: Database) -> dict[str, int]:
    """Three records: winter (GMT), summer (BST, with awkward text), and an escalation."""
    with database.unit_of_work() as session:
        practice = make_practice(session, "A81001")
        staff = make_staff(session, practice, 'Smith, "Jo"', Role.RECEPTIONIST)
        exporter = make_staff(session, practice, "Chris Taylor", Role.MANAGER)
        physio = make_service(
            session,
            key="msk",
            name="MSK physio",
            snomed_code="308447003",
            snomed_term="Referral to physiotherapist",
        )
        formula = make_service(session, key="evil", name='=HYPERLINK("x")', snomed_code=None)
        stroke = make_red_flag(session, title="Possible stroke")
        ids = {
            "practice": practice.id,
            "staff": staff.id,
            "exporter": exporter.id,
            "physio": physio.id,
            "formula": formula.id,
            "stroke": stroke.id,
        }
    requests = [
        SignpostRequest(
            ids["practice"],
            Outcome.ACCEPTED,
            service_id=ids["physio"],
            staff_id=ids["staff"],
            age_band=AgeBand.AGE_25_44,
            recorded_at=datetime(2026, 1, 27, 9, 5, 30, tzinfo=UTC),
        ),
        SignpostRequest(
            ids["practice"],
            Outcome.DECLINED,
            service_id=ids["formula"],
            channel=Channel.IN_PERSON,
            recorded_at=datetime(2026, 7, 1, 23, 30, tzinfo=UTC),
        ),
        SignpostRequest(
            ids["practice"],
            Outcome.RED_FLAG_ESCALATED,
            red_flag_id=ids["stroke"],
            staff_id=ids["staff"],
            channel=Channel.ONLINE,
            recorded_at=datetime(2026, 7, 2, 8, 0, tzinfo=UTC),
        ),
    ]
    for request in requests:
        record_signpost(database, request)
    return ids


EMIS_EXPECTED = (
    "\ufeff"
    "Date,Time,Organisation ODS Code,Recorded By,Signposted To,SNOMED CT Concept ID,"
    "SNOMED CT Term,Outcome,Channel,Age Band\r\n"
    '27/01/2026,09:05,A81001,"Smith, ""Jo""",MSK physio,308447003,Referral to physiotherapist,'
    "Accepted,Telephone,25-44\r\n"
    '02/07/2026,00:30,A81001,,"\'=HYPERLINK(""x"")",,,Declined,Face to face,\r\n'
    '02/07/2026,09:00,A81001,"Smith, ""Jo""",Possible stroke,,,Red flag escalated,Online,\r\n'
)

SYSTMONE_EXPECTED = (
    "\ufeff"
    "Practice Code,Event Date,Event Time,Service,Code,Code Description,Outcome,Contact Type,"
    "Age Band,Staff Member\r\n"
    "A81001,27/01/2026,09:05,MSK physio,308447003,Referral to physiotherapist,Accepted,Telephone,"
    '25-44,"Smith, ""Jo"""\r\n'
    'A81001,02/07/2026,00:30,"\'=HYPERLINK(""x"")",,,Declined,Face to face,,\r\n'
    'A81001,02/07/2026,09:00,Possible stroke,,,Red flag escalated,Online,,"Smith, ""Jo"""\r\n'
)


@pytest.mark.parametrize(
    ("profile", "expected"), [(Profile.EMIS, EMIS_EXPECTED), (Profile.SYSTMONE, SYSTMONE_EXPECTED)]
)
def test_exact_bytes(
    database: Database, ids: dict[str, int], tmp_path: Path, profile: Profile, expected: str
) -> None:
    path = tmp_path / "out.csv"
    assert export_records(database, path, profile, actor_id=ids["exporter"]) == 3
    assert path.read_bytes() == expected.encode("utf-8")


def test_cp1252_for_older_spreadsheets(
    database: Database, ids: dict[str, int], tmp_path: Path
) -> None:
    path = tmp_path / "old.csv"
    export_records(database, path, Profile.EMIS, actor_id=ids["exporter"], encoding=Encoding.CP1252)
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.decode("cp1252") == EMIS_EXPECTED.removeprefix("\ufeff")


def test_practice_mapping_overrides_the_directory_code(
    database: Database, ids: dict[str, int], tmp_path: Path
) -> None:
    with database.unit_of_work() as session:
        session.add(
            ServiceCode(
                practice_id=ids["practice"],
                service_id=ids["physio"],
                code="1234567",
                term="Signposted to MSK (local template)",
            )
        )
    path = tmp_path / "mapped.csv"
    export_records(database, path, Profile.EMIS, actor_id=ids["exporter"])
    assert "1234567,Signposted to MSK (local template)" in path.read_text("utf-8-sig")


def test_filters(database: Database, ids: dict[str, int], tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    cases = [
        (RecordFilter(start=date(2026, 7, 2)), 2),  # 23:30 UTC on 1 July is 2 July in the UK
        (RecordFilter(end=date(2026, 7, 1)), 1),
        (RecordFilter(outcomes=(Outcome.ACCEPTED, Outcome.DECLINED)), 2),
        (RecordFilter(staff_ids=(ids["staff"],)), 2),
        (RecordFilter(service_ids=(ids["physio"],)), 1),
        (RecordFilter(practice_ids=(9999,)), 0),
    ]
    for filters, expected in cases:
        assert (
            export_records(database, path, Profile.EMIS, filters, actor_id=ids["exporter"])
            == expected
        ), filters
        assert len(path.read_text("utf-8-sig").splitlines()) == expected + 1


def test_cancel_leaves_no_file_and_keeps_an_old_one(
    database: Database, ids: dict[str, int], tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    path = folder / "keep.csv"
    path.write_text("previous export")
    with pytest.raises(ExportCancelledError):
        export_records(
            database, path, Profile.EMIS, actor_id=ids["exporter"], should_cancel=lambda: True
        )
    assert path.read_text() == "previous export"
    assert sorted(p.name for p in folder.iterdir()) == ["keep.csv"]


def test_error_mid_export_leaves_no_file(
    database: Database, ids: dict[str, int], tmp_path: Path
) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    path = folder / "broken.csv"

    def explode(done: int, total: int) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        export_records(database, path, Profile.EMIS, actor_id=ids["exporter"], progress=explode)
    assert list(folder.iterdir()) == []


def test_progress_reports_rows_and_total(
    database: Database, ids: dict[str, int], tmp_path: Path
) -> None:
    seen: list[tuple[int, int]] = []
    export_records(
        database,
        tmp_path / "p.csv",
        Profile.EMIS,
        actor_id=ids["exporter"],
        progress=lambda d, t: seen.append((d, t)),
    )
    assert seen == [(3, 3)]


@given(st.text())
def test_no_cell_can_start_a_formula(value: str) -> None:
    assert not neutralise(value).startswith(("=", "+", "-", "@", "\t", "\r"))
    assert neutralise(value).removeprefix("'") == value or neutralise(value) == value
