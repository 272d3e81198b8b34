"""Formula-safe CSV: the one writer, every export that writes CSV, and round trips through import.

Every CSV the project writes (the EMIS Web and SystmOne record profiles, the directory's own CSV
and the Open Referral UK data package) is filled with values a spreadsheet would run, read back
with Python's csv module, and checked cell by cell, headers included.
"""

from __future__ import annotations

import ast
import csv
import io
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

import signposting
from signposting.accounts.passwords import add_staff
from signposting.analysis.codes import save_codes
from signposting.cli.main import main
from signposting.db.engine import Database
from signposting.db.models import Service
from signposting.directory.editing import create_service
from signposting.directory.io.importer import (
    export_directory,
    preview_import,
    read_directory_file,
)
from signposting.domain import Outcome, Role
from signposting.export.csv_safe import csv_text, neutralise, read_rows, restore
from signposting.export.profiles import LAYOUTS, Encoding, Profile
from signposting.export.records import export_records
from signposting.recording.recorder import SignpostRequest, record_signpost
from tests.factories import make_practice, make_red_flag, make_staff
from tests.support.directory import directory_values, import_into_new_database

PASSWORD = "correct horse battery"
MANAGER = "Morgan Manager"
FORMULAS = ('=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(1)")
HOSTILE = (*FORMULAS, "\tleading tab", "\rleading carriage return")
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
FULL_WIDTH = ("\uff1d", "\uff0b", "\uff0d", "\uff20")
#: Any text, and often text that starts with what a formula starts with.
TEXTS = st.one_of(
    st.text(),
    st.builds(
        str.__add__,
        st.text(alphabet="'=+-@|% \t\r\n\x00\u3000\u200b" + "".join(FULL_WIDTH), max_size=4),
        st.text(),
    ),
)
ROWS = st.lists(st.lists(TEXTS, min_size=1, max_size=5), max_size=6)


def runs_as_formula(cell: str) -> bool:
    """Written without the writer's help: could a spreadsheet read this cell as a formula?"""
    trimmed = cell.lstrip()
    return cell.startswith(TRIGGERS) or trimmed.startswith(TRIGGERS + FULL_WIDTH)


def csv_cells(text: str) -> list[list[str]]:
    """The cells exactly as a spreadsheet would get them (no apostrophe taken off)."""
    return list(csv.reader(io.StringIO(text, newline="")))


def file_cells(path: Path, codec: str = "utf-8-sig") -> list[list[str]]:
    """A file's cells; decoded from bytes, as read_text would turn a lone CR into LF."""
    return csv_cells(path.read_bytes().decode(codec))


def assert_formula_safe(rows: list[list[str]]) -> None:
    unsafe = [cell for row in rows for cell in row if runs_as_formula(cell)]
    assert unsafe == []
    cells = {cell for row in rows for cell in row}
    for value in HOSTILE:  # each reached the file, marked as text rather than dropped
        assert "'" + value in cells, value


# The writer and its reader.


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_are_marked_and_restored(value: str) -> None:
    assert neutralise(value) == "'" + value
    assert restore(neutralise(value)) == value


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (" =1+1", "' =1+1"),  # white space before a trigger
        ("\u3000@SUM(1)", "'\u3000@SUM(1)"),  # an ideographic space
        ("\u200b=1", "'\u200b=1"),  # a zero-width space
        ("\uff1dSUM(1)", "'\uff1dSUM(1)"),  # full-width equals
        ("\x00abc", "'\x00abc"),  # NUL first (OWASP ASVS)
        ("'=1", "''=1"),  # already an apostrophe: one more, so reading takes one off
        ("''-1", "'''-1"),
        ("-", "'-"),
        ("|calc", "|calc"),  # starts no formula without =
        ("%1", "%1"),
        ("O'Neill", "O'Neill"),
        ("'quoted'", "'quoted'"),
        ("a=1", "a=1"),
        (" plain", " plain"),
        ("", ""),
    ],
)
def test_what_counts_as_a_formula(value: str, written: str) -> None:
    assert neutralise(value) == written
    assert restore(written) == value


@given(TEXTS)
def test_any_text_is_written_safe_and_read_back_whole(value: str) -> None:
    written = neutralise(value)
    assert not runs_as_formula(written)
    assert restore(written) == value


@given(ROWS)
def test_any_rows_are_written_safe_and_read_back_whole(rows: list[list[str]]) -> None:
    text = csv_text(rows)
    assert text == "" or text.endswith("\r\n")
    assert not any(runs_as_formula(cell) for row in csv_cells(text) for cell in row)
    assert read_rows(text) == rows


@given(ROWS)
def test_the_dialect_is_pythons_rfc_4180_writer(rows: list[list[str]]) -> None:
    safe = [[neutralise(cell) for cell in row] for row in rows]
    expected = io.StringIO()
    csv.writer(expected, lineterminator="\r\n").writerows(safe)
    assert csv_text(rows) == expected.getvalue()


def test_no_module_writes_csv_but_the_one_writer() -> None:
    """csv.writer, DictWriter and writerow(s) appear nowhere else, so no export can bypass it."""
    package = Path(signposting.__file__).parent
    found = []
    for path in package.rglob("*.py"):
        if path.relative_to(package).as_posix() == "export/csv_safe.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in {
                "writer",
                "DictWriter",
                "writerow",
                "writerows",
                "writeheader",
            }:
                found.append(f"{path.relative_to(package)}:{node.lineno}")
    assert found == []


# Signpost records: EMIS Web and SystmOne.


@pytest.fixture
def hostile_records(database: Database) -> int:
    """A record for each hostile value, in every text the profiles carry; the manager's id."""
    with database.unit_of_work() as session:
        practice = make_practice(session, "@SUM(1)")
        manager = add_staff(
            session, None, MANAGER, Role.MANAGER, practice=practice, password=PASSWORD
        )
        requests = []
        for number, value in enumerate(HOSTILE):
            staff = make_staff(session, practice, value, Role.RECEPTIONIST)
            service = create_service(
                session,
                manager,
                {
                    "key": f"hostile-{number}",
                    "name": value,
                    "category": "Hostile",
                    "snomed_code": value[:20],
                    "snomed_term": value,
                },
            )
            requests.append(
                SignpostRequest(practice.id, Outcome.ACCEPTED, service.id, staff_id=staff.id)
            )
        mapped = create_service(
            session, manager, {"key": "mapped", "name": "Mapped", "category": "Hostile"}
        )
        save_codes(session, manager, practice.id, {mapped.id: ("-5", FORMULAS[0])})
        flag = make_red_flag(session, title=FORMULAS[1])
        requests.append(SignpostRequest(practice.id, Outcome.ACCEPTED, mapped.id))
        requests.append(
            SignpostRequest(practice.id, Outcome.RED_FLAG_ESCALATED, red_flag_id=flag.id)
        )
        manager_id = manager.id
    for request in requests:
        record_signpost(database, request)
    return manager_id


@pytest.mark.parametrize("profile", list(Profile))
@pytest.mark.parametrize("encoding", list(Encoding))
def test_record_exports_are_formula_safe(
    database: Database, hostile_records: int, tmp_path: Path, profile: Profile, encoding: Encoding
) -> None:
    path = tmp_path / "records.csv"
    written = export_records(database, path, profile, actor_id=hostile_records, encoding=encoding)
    assert written == len(HOSTILE) + 2
    rows = file_cells(path, encoding.value)
    assert rows[0] == [header for _, header in LAYOUTS[profile].headers]
    assert_formula_safe(rows)
    cells = {cell for row in rows for cell in row}
    assert {"'@SUM(1)", "'-5", "'" + FORMULAS[0], "'" + FORMULAS[1]} <= cells


def test_record_export_from_the_command_line_is_formula_safe(
    database_url: str,
    hostile_records: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SIGNPOSTING_PASSWORD", PASSWORD)
    path = tmp_path / "systmone.csv"
    command = ["export", "--profile", "systmone", "-o", str(path), "--as", MANAGER]
    assert main(["--database", database_url, *command]) == 0
    assert_formula_safe(file_cells(path))


# The directory: its own CSV and the Open Referral UK data package.


def hostile_fields(value: str) -> dict[str, object]:
    """Every text field a directory file carries, each holding ``value`` (the key too)."""
    # The CSV splits lists on "|" and trims each item, so no item holds either.
    listed = [value.strip().replace("|", "/")]
    return {
        "key": value,
        "name": value,
        "category": value,
        "description": value,
        "conditions": listed,
        "keywords": listed,
        "exclusions": listed,
        "eligibility_notes": value,
        "address": value,
        "alert": value,
        "patient_script": value,
        "snomed_code": value[:20],
        "snomed_term": value,
        "notes": value,
    }


@pytest.fixture
def hostile_directory(database: Database) -> Database:
    """A service for each hostile value, added as a manager adds one."""
    with database.unit_of_work() as session:
        manager = add_staff(session, None, MANAGER, Role.MANAGER, practice=None, password=PASSWORD)
        for value in HOSTILE:
            create_service(session, manager, hostile_fields(value))
    return database


def package_cells(folder: Path) -> list[list[str]]:
    """Every cell of every CSV in a data package, each file's header row included."""
    files = sorted(folder.glob("*.csv"))
    assert {p.name for p in files} >= {"services.csv", "addresses.csv", "taxonomy_terms.csv"}
    rows = []
    for path in files:
        data = path.read_bytes()
        assert not data.startswith(b"\xef\xbb\xbf")  # a data package is plain UTF-8
        assert data.endswith(b"\r\n")
        rows += csv_cells(data.decode("utf-8"))
    return rows


@pytest.mark.parametrize("kind", ["csv", "oruk"])
def test_directory_exports_are_formula_safe(
    hostile_directory: Database, database_url: str, tmp_path: Path, kind: str
) -> None:
    with hostile_directory.unit_of_work() as session:
        service = session.scalars(sa.select(Service)).first()
        assert service is not None
        # Phone, email and website are checked on import; a stored one is exported all the same.
        service.phone, service.email, service.website = FORMULAS[2], FORMULAS[3], FORMULAS[0]
    path = tmp_path / ("directory.csv" if kind == "csv" else "package")
    command = ["directory", "export", str(path), "--format", kind]
    assert main(["--database", database_url, *command]) == 0
    if kind == "csv":
        rows = file_cells(path)
        keys = [row[0] for row in rows[1:]]
    else:
        rows = package_cells(path)
        # HSDS ids are UUIDs: the project's key travels in the extension's fields.
        extension = file_cells(path / "x_signposting.csv")[1:]
        keys = [json.loads(restore(row[1]))["key"] for row in extension]
    assert_formula_safe(rows)
    assert sorted(restore(key) for key in keys) == sorted(HOSTILE)


@pytest.mark.parametrize(
    ("kind", "name"), [("csv", "dir.csv"), ("oruk", "package"), ("oruk", "dir.json")]
)
def test_hostile_directory_round_trips_unchanged(
    hostile_directory: Database, empty_database_url: str, tmp_path: Path, kind: str, name: str
) -> None:
    with hostile_directory.unit_of_work() as session:
        original = directory_values(session)
        export_directory(session, tmp_path / name, kind)
    services = read_directory_file(tmp_path / name)
    with hostile_directory.unit_of_work() as session:
        plan = preview_import(session, services)
        assert (plan.new, plan.changed, plan.unchanged) == ([], [], len(HOSTILE))
    _, imported = import_into_new_database(empty_database_url, services)
    assert sorted(imported) == sorted(HOSTILE)
    assert imported == original


def test_oruk_json_keeps_values_raw(hostile_directory: Database, tmp_path: Path) -> None:
    """JSON is read by programs, not spreadsheets: nothing in it is marked."""
    with hostile_directory.unit_of_work() as session:
        export_directory(session, tmp_path / "dir.json", "oruk")
    services = json.loads((tmp_path / "dir.json").read_text("utf-8"))["contents"]
    assert sorted(item["x_signposting"]["key"] for item in services) == sorted(HOSTILE)
    assert sorted(item["name"] for item in services) == sorted(HOSTILE)


def test_a_file_saved_by_a_spreadsheet_imports_as_typed(tmp_path: Path) -> None:
    """A spreadsheet saves '=1 typed as text without its apostrophe; both forms read the same."""
    header = "key,name,category\r\n"
    marked = tmp_path / "marked.csv"
    marked.write_text(header + "'=k,'=SUM(1),Cat\r\n", "utf-8")
    plain = tmp_path / "plain.csv"
    plain.write_text(header + "=k,=SUM(1),Cat\r\n", "utf-8")
    for path in (marked, plain):
        (service,) = read_directory_file(path)
        assert (service.key, service.values["name"]) == ("=k", "=SUM(1)")
