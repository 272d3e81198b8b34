"""Codes that say what happened: a signpost is not a referral, every default has a documented
source, and services without a code are named before exporting."""

from __future__ import annotations

import csv
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from signposting.analysis.codes import check_code, code_coverage
from signposting.cli.main import main
from signposting.db import migrate
from signposting.db.engine import Database
from signposting.db.models import Practice, Service, ServiceCode, StaffMember
from signposting.directory.demo import DEMO_PASSWORD, load_demo
from signposting.domain import Outcome, ServiceStatus
from signposting.export.concepts import (
    OUTCOME_CONCEPTS,
    RETIRED_DEMO_DEFAULTS,
    SELF_REFERRAL,
    VERIFIED_CONCEPTS,
)
from signposting.export.profiles import LAYOUTS, OUTCOME_LABELS, Column, Profile
from signposting.export.records import export_records
from signposting.recording.recorder import SignpostRequest, record_signpost
from tests.factories import make_red_flag

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "export-formats.md"
DEMO_SERVICES = ROOT / "signposting" / "directory" / "demo" / "services.toml"
TABLE_HEADING = "#### Default codes and their sources"
SELF_REFERRAL_SERVICES = ("msk-physio-self-referral", "talking-therapies", "mecs-optometrist")
WHEN = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def documented_defaults() -> list[dict[str, str]]:
    """The rows of the documented table of default codes, as the docs page holds them."""
    lines = DOCS.read_text("utf-8").split(TABLE_HEADING, 1)[1].splitlines()
    table = _first_table(lines)
    header = [cell.strip() for cell in table[0].strip("|").split("|")]
    return [
        dict(zip(header, (cell.strip() for cell in line.strip("|").split("|")), strict=True))
        for line in table[2:]
    ]


def _first_table(lines: list[str]) -> list[str]:
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    end = next((i for i in range(start, len(lines)) if not lines[i].startswith("|")), len(lines))
    return lines[start:end]


def verified_row(code: str) -> dict[str, str]:
    """The documented row for a concept id; fails if the docs do not list it."""
    (row,) = [row for row in documented_defaults() if row["concept id"] == code]
    return row


@pytest.fixture
def demo(database: Database) -> dict[str, int]:
    """The demo directory and practice, with a manager who can sign in."""
    with database.unit_of_work() as session:
        load_demo(session, demo_passwords=True)
        ids = {
            str(key): int(sid) for key, sid in session.execute(sa.select(Service.key, Service.id))
        }
        ids["practice"] = session.scalars(sa.select(Practice.id)).one()
        ids["manager"] = session.scalars(
            sa.select(StaffMember.id).where(StaffMember.name == "Chris Taylor")
        ).one()
    return ids


def record(
    database: Database,
    ids: dict[str, int],
    outcome: Outcome,
    *,
    service_id: int | None = None,
    red_flag_id: int | None = None,
) -> None:
    request = SignpostRequest(
        ids["practice"], outcome, service_id=service_id, red_flag_id=red_flag_id, recorded_at=WHEN
    )
    record_signpost(database, request)


def exported_rows(
    database: Database, ids: dict[str, int], tmp_path: Path, profile: Profile
) -> list[dict[str, str]]:
    path = tmp_path / f"{profile.value}.csv"
    export_records(database, path, profile, actor_id=ids["manager"])
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def code_columns(profile: Profile) -> tuple[str, str, str]:
    """The headers of the service, code and term columns in a profile."""
    names = dict(LAYOUTS[profile].headers)
    return names[Column.SERVICE], names[Column.CODE], names[Column.TERM]


@pytest.mark.parametrize("profile", list(Profile))
def test_a_self_referral_signpost_exports_as_self_referral_not_a_referral(
    database: Database, demo: dict[str, int], tmp_path: Path, profile: Profile
) -> None:
    for key in SELF_REFERRAL_SERVICES:
        record(database, demo, Outcome.ACCEPTED, service_id=demo[key])
    service_column, code_column, term_column = code_columns(profile)
    rows = exported_rows(database, demo, tmp_path, profile)
    assert len(rows) == len(SELF_REFERRAL_SERVICES)
    documented = verified_row(SELF_REFERRAL.concept_id)
    for row in rows:
        assert (row[code_column], row[term_column]) == (
            documented["concept id"],
            documented["preferred term"],
        ), row[service_column]
        assert row[code_column] not in {code for code, _ in RETIRED_DEMO_DEFAULTS.values()}
        assert not row[term_column].lower().startswith("referral")


def test_only_an_accepted_signpost_carries_the_suggested_code(
    database: Database, demo: dict[str, int], tmp_path: Path
) -> None:
    physio = demo["msk-physio-self-referral"]
    for outcome in Outcome:
        if outcome is not Outcome.RED_FLAG_ESCALATED:
            record(database, demo, outcome, service_id=physio)
    with database.unit_of_work() as session:
        flag = make_red_flag(session, title="Possible stroke").id
    record(database, demo, Outcome.RED_FLAG_ESCALATED, red_flag_id=flag)
    _, code_column, term_column = code_columns(Profile.EMIS)
    coded = {
        row["Outcome"]: (row[code_column], row[term_column])
        for row in exported_rows(database, demo, tmp_path, Profile.EMIS)
    }
    assert coded == {
        OUTCOME_LABELS[Outcome.ACCEPTED]: (SELF_REFERRAL.concept_id, SELF_REFERRAL.preferred_term),
        OUTCOME_LABELS[Outcome.DECLINED]: ("", ""),
        OUTCOME_LABELS[Outcome.NO_SUITABLE_SERVICE]: ("", ""),
        OUTCOME_LABELS[Outcome.BOOKED_CLINICIAN]: ("", ""),
        OUTCOME_LABELS[Outcome.RED_FLAG_ESCALATED]: ("", ""),
    }


def test_the_practice_code_is_kept_for_every_outcome(
    database: Database, demo: dict[str, int], tmp_path: Path
) -> None:
    physio = demo["msk-physio-self-referral"]
    with database.unit_of_work() as session:
        session.add(
            ServiceCode(
                practice_id=demo["practice"],
                service_id=physio,
                code="EMIS123",
                term="Signposted to MSK (our template)",
            )
        )
    record(database, demo, Outcome.ACCEPTED, service_id=physio)
    record(database, demo, Outcome.DECLINED, service_id=physio)
    _, code_column, term_column = code_columns(Profile.SYSTMONE)
    rows = exported_rows(database, demo, tmp_path, Profile.SYSTMONE)
    assert {(row[code_column], row[term_column]) for row in rows} == {
        ("EMIS123", "Signposted to MSK (our template)")
    }


def test_the_documented_table_and_the_code_map_agree_both_ways() -> None:
    rows = documented_defaults()
    documented = {
        row["concept id"]: (row["preferred term"], row["fully specified name"], row["source"])
        for row in rows
        if row["concept id"] != "none"
    }
    in_code = {
        concept.concept_id: (
            concept.preferred_term,
            concept.fully_specified_name or "not shown by the source",
            "; ".join(concept.sources),
        )
        for concept in VERIFIED_CONCEPTS
    }
    assert documented == in_code
    without_code = {row["event"] for row in rows if row["concept id"] == "none"}
    assert without_code == {
        OUTCOME_LABELS[outcome] for outcome, concept in OUTCOME_CONCEPTS.items() if concept is None
    }
    assert all(row["source"] for row in rows)


def test_every_default_is_a_valid_verified_concept_and_no_referral_for_a_self_referral() -> None:
    for concept in VERIFIED_CONCEPTS:
        assert check_code(concept.concept_id, concept.preferred_term) == (
            concept.concept_id,
            concept.preferred_term,
        )
    verified = {c.concept_id: c.preferred_term for c in VERIFIED_CONCEPTS}
    services = tomllib.loads(DEMO_SERVICES.read_text("utf-8"))["service"]
    suggested = [s for s in services if s.get("snomed_code")]
    assert {s["key"] for s in suggested} >= set(SELF_REFERRAL_SERVICES)
    for service in suggested:
        assert verified.get(service["snomed_code"]) == service["snomed_term"], service["key"]
        if "practice_referral" not in service.get("access", []):
            assert not service["snomed_term"].startswith("Referral"), service["key"]


def test_migration_replaces_only_untouched_old_defaults(empty_database: Database) -> None:
    migrate.upgrade(empty_database, "0013", backup=False)
    now = datetime(2026, 11, 1, tzinfo=UTC)
    rows = [
        # key, code, term: two untouched old defaults, one a manager changed, one never coded
        (1, "msk-physio-self-referral", "308447003", "Referral to physiotherapist"),
        (2, "talking-therapies", "390866009", "Referral to mental health team"),
        (3, "mecs-optometrist", "1234567", "Our local eye code"),
        (4, "local-physio", "308447003", "Referral to physiotherapist"),
    ]
    with empty_database.engine.begin() as connection:
        connection.execute(
            sa.text("INSERT INTO practice (id, name, ods_code) VALUES (1, 'Kept', 'K00001')")
        )
        for service_id, key, code, term in rows:
            connection.execute(
                sa.text(
                    "INSERT INTO service (id, key, name, description, category, conditions, "
                    "keywords, access_methods, eligibility_notes, exclusions, address, "
                    "opening_sessions, closures, status, alert, patient_script, snomed_code, "
                    "snomed_term, notes, review_interval_days, is_example, created_at, "
                    "updated_at, version) VALUES (:id, :key, :key, '', 'Cat', '[]', '[]', '[]', "
                    "'', '[]', '', '[]', '[]', 'active', '', '', :code, :term, '', 180, true, "
                    ":now, :now, 1)"
                ),
                {"id": service_id, "key": key, "code": code, "term": term, "now": now},
            )
        connection.execute(
            sa.text(
                "INSERT INTO service_code (practice_id, service_id, code, term, updated_at) "
                "VALUES (1, 1, '308447003', 'Referral to physiotherapist', :now)"
            ),
            {"now": now},
        )
    migrate.upgrade(empty_database, backup=False)
    with empty_database.engine.connect() as connection:
        services = {
            key: (code, term, version)
            for key, code, term, version in connection.execute(
                sa.text("SELECT key, snomed_code, snomed_term, version FROM service")
            )
        }
        practice_codes = connection.execute(sa.text("SELECT code, term FROM service_code")).all()
    assert services == {
        "msk-physio-self-referral": ("306098008", "Self-referral", 2),
        "talking-therapies": ("306098008", "Self-referral", 2),
        "mecs-optometrist": ("1234567", "Our local eye code", 1),
        "local-physio": ("308447003", "Referral to physiotherapist", 1),
    }
    assert [tuple(row) for row in practice_codes] == [("308447003", "Referral to physiotherapist")]
    migrate.downgrade(empty_database, "0013")
    with empty_database.engine.connect() as connection:
        restored = connection.execute(
            sa.text("SELECT snomed_code FROM service WHERE key = 'msk-physio-self-referral'")
        ).scalar()
    assert restored == "308447003"


def test_coverage_names_the_services_without_a_code(
    database: Database, demo: dict[str, int]
) -> None:
    with database.unit_of_work() as session:
        before = code_coverage(session, demo["practice"])
        session.add(
            ServiceCode(
                practice_id=demo["practice"],
                service_id=demo["practice-nurse"],
                code="EMIS9",
                term="Signposted to practice nurse",
            )
        )
        session.flush()
        after = code_coverage(session, demo["practice"])
        total = session.scalar(
            sa.select(sa.func.count())
            .select_from(Service)
            .where(Service.status != ServiceStatus.RETIRED)
        )
    assert before.services == total
    assert "Practice nurse" in before.uncoded and "Practice nurse" not in after.uncoded
    assert len(after.uncoded) == len(before.uncoded) - 1
    assert before.warning.startswith(
        f"{len(before.uncoded)} of {total} services have no code: their signposts export "
        "without a SNOMED code ("
    )


def test_the_command_line_warns_before_exporting_and_still_exports(
    *,
    database: Database,
    database_url: str,
    demo: dict[str, int],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    record(database, demo, Outcome.ACCEPTED, service_id=demo["msk-physio-self-referral"])
    with database.unit_of_work() as session:
        coverage = code_coverage(session, demo["practice"])
        ods = session.scalars(sa.select(Practice.ods_code)).one()
    monkeypatch.setenv("SIGNPOSTING_PASSWORD", DEMO_PASSWORD)
    path = tmp_path / "out.csv"
    argv = ["--database", database_url, "export", "--profile", "emis", "-o", str(path)]
    assert main([*argv, "--as", "Chris Taylor"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (
        f"warning: {ods}: {coverage.warning}; set your template's codes under "
        "Reports > Clinical codes for export"
    )
    assert lines[0].startswith(f"warning: {ods}: {len(coverage.uncoded)} of {coverage.services} ")
    assert lines[-1] == f"wrote 1 records to {path}"
    assert path.exists()


def test_the_command_line_says_nothing_when_every_service_has_a_code(
    *,
    database: Database,
    database_url: str,
    demo: dict[str, int],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with database.unit_of_work() as session:
        for service in session.scalars(sa.select(Service).where(Service.snomed_code.is_(None))):
            session.add(
                ServiceCode(
                    practice_id=demo["practice"], service_id=service.id, code="L1", term="Local"
                )
            )
    monkeypatch.setenv("SIGNPOSTING_PASSWORD", DEMO_PASSWORD)
    path = tmp_path / "out.csv"
    argv = ["--database", database_url, "export", "--profile", "systmone", "-o", str(path)]
    assert main([*argv, "--as", "Chris Taylor"]) == 0
    assert capsys.readouterr().out.splitlines() == [f"wrote 0 records to {path}"]
