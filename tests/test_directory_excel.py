"""The directory as an Excel workbook: a workbook laid out as Excel saves one, round trips,
formula safety both ways, and hostile files refused with located problems, changing nothing."""

from __future__ import annotations

import importlib.util
import io
import struct
import sys
import zipfile
from datetime import date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

import openpyxl
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot

from signposting.cli.main import main
from signposting.db.engine import Database
from signposting.db.models import Service
from signposting.directory.demo import load_demo
from signposting.directory.editing import create_service
from signposting.directory.io import excel
from signposting.directory.io.excel import read_xlsx
from signposting.directory.io.importer import (
    DirectoryImportError,
    apply_import,
    export_directory,
    preview_import,
    read_directory_file,
)
from signposting.directory.io.limits import MAX_FILE_BYTES
from signposting.directory.io.model import FIELDS
from signposting.errors import ValidationError
from signposting.export.csv_safe import is_formula_like
from tests.support.directory import directory_values, import_into_new_database, manager

FIXTURES = Path(__file__).parent / "fixtures" / "excel"
PASSWORD = "correct horse battery"
MANAGER = "Morgan Import"
#: Text a spreadsheet would run, and text XML cannot carry as it is.
HOSTILE = (
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1)",
    "\tleading tab",
    "\rleading carriage return",
    "\uff1dfull-width equals",
    "#N/A",
    "bell\x07 and form\x0cfeed inside",
)


def _builder() -> ModuleType:
    """The script that writes this folder's fixtures, which lays workbooks out as Excel does."""
    spec = importlib.util.spec_from_file_location("excel_fixtures", FIXTURES / "make_fixtures.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


builder = _builder()


def workbook(tmp_path: Path, rows: dict[int, list[Any]], name: str = "book.xlsx") -> Path:
    """A one-sheet workbook in Excel's layout, rows by Excel row number."""
    path = tmp_path / name
    path.write_bytes(builder.workbook_bytes([("Sheet1", rows)]))
    return path


def refused(path: Path) -> list[str]:
    with pytest.raises(DirectoryImportError) as caught:
        read_directory_file(path)
    return [str(problem) for problem in caught.value.problems]


def service_count(database: Database) -> int:
    with database.unit_of_work() as session:
        return int(session.scalar(sa.select(sa.func.count()).select_from(Service)) or 0)


# Files laid out as Excel saves them.


def test_the_committed_fixtures_are_what_their_script_writes() -> None:
    assert (FIXTURES / "practice-list.xlsx").read_bytes() == builder.workbook_bytes(
        builder.PRACTICE_LIST
    )
    assert (FIXTURES / "services-windows-1252.csv").read_bytes() == builder.COMMA_1252.encode(
        "cp1252"
    )


def test_a_workbook_saved_by_excel_imports_with_its_values_and_rows() -> None:
    services = read_directory_file(FIXTURES / "practice-list.xlsx")
    by_key = {service.key: service for service in services}
    assert list(by_key) == ["stop-smoking", "mens-shed", "carers-hub"]  # "services", not "Read me"
    assert [service.row for service in services] == [2, 4, 5]  # Excel's rows: row 3 is empty
    smoking, shed, carers = by_key.values()
    assert smoking.values["min_age"] == 12 and smoking.values["max_age"] is None
    assert smoking.values["last_verified"] == "2026-09-01"  # a date cell, not text
    assert smoking.values["review_interval_days"] == 365
    assert smoking.values["phone"] == "01632 960201"  # text-formatted: the leading 0 kept
    assert smoking.values["notes"] == "Free: £0 to the patient"
    assert smoking.values["access_methods"] == ["self_referral_phone", "self_referral_website"]
    assert smoking.values["opening_sessions"][1] == {
        "day": "thu",
        "opens": "09:00",
        "closes": "19:00",
    }
    assert shed.values["name"] == "Riverside Men’s Shed"
    assert shed.values["notes"] == "Café on site\r\nAsk for “Dave”"  # _x000D_ is Excel's CR
    assert carers.values["max_age"] == 130 and carers.values["last_verified"] is None


def test_the_first_sheet_is_read_when_none_is_named_services(tmp_path: Path) -> None:
    path = tmp_path / "two-sheets.xlsx"
    first = {1: ["key", "name", "category"], 2: ["gp-hub", "GP hub", "Practice"]}
    second = {1: ["key", "name", "category"], 2: ["other", "Other", "Practice"]}
    path.write_bytes(builder.workbook_bytes([("Directory", first), ("Old", second)]))
    assert [service.key for service in read_directory_file(path)] == ["gp-hub"]


def test_problems_name_the_file_excel_row_and_column(tmp_path: Path) -> None:
    path = workbook(
        tmp_path,
        {
            1: ["key", "name", "category", "phone", "min_age"],
            2: ["ok", "Fine", "Cat", builder.Text("01632 960101"), 5],
            4: ["bad", "Bad", "Cat", builder.Text("12345"), 200],
            5: [None, "No key", "Cat"],
            6: ["ok", "Again", "Cat"],
        },
    )
    problems = refused(path)
    assert (
        "book.xlsx: row 4, column 'D (phone)': '12345' is not a valid UK phone number" in problems
    )
    assert "book.xlsx: row 4, column 'E (min_age)': 200 is not an age from 0 to 130" in problems
    assert "book.xlsx: row 5, column 'A (key)': is empty" in problems
    assert any(p.startswith("book.xlsx: row 6, column 'key': duplicate id 'ok'") for p in problems)


def test_an_unknown_heading_and_a_value_under_no_heading_are_named(tmp_path: Path) -> None:
    path = workbook(
        tmp_path,
        {1: ["key", "name", "category", "Phone number"], 2: ["x", "X", "Cat", "01632 960101"]},
    )
    assert "book.xlsx: row 1, column 'D (Phone number)': unknown column" in refused(path)[0]
    path = workbook(tmp_path, {1: ["key", "name", "category"], 2: ["x", "X", "Cat", None, "?"]})
    assert refused(path) == ["book.xlsx: row 2: more cells than columns"]
    path = workbook(
        tmp_path, {1: ["key", "name", "category", "phone", "phone"], 2: ["x", "X", "C"]}
    )
    assert refused(path) == ["book.xlsx: row 1, column 'E (phone)': appears twice in the header"]


# Formulas: refused on import, never written on export.


def test_a_formula_with_a_cached_value_is_refused_not_trusted(tmp_path: Path) -> None:
    path = workbook(
        tmp_path,
        {
            1: ["key", "name", "category", "phone"],
            2: ["x", "X", "Cat", builder.Formula('"01632 "&"960101"', "01632 960101")],
            3: ["y", builder.Formula("UPPER(A3)", "Y"), "Cat", builder.Error("#N/A")],
        },
    )
    problems = refused(path)
    assert problems == [
        'book.xlsx: row 2, column \'D (phone)\': holds a formula (="01632 "&"960101"): type '
        "the value itself, or copy the column and paste it back as values",
        "book.xlsx: row 3, column 'B (name)': holds a formula (=UPPER(A3)): type the value "
        "itself, or copy the column and paste it back as values",
        "book.xlsx: row 3, column 'D (phone)': holds an error value (#N/A): type the value itself",
    ]  # and not also "name is empty": a refused cell is reported once


def test_a_formula_typed_in_openpyxl_is_refused_and_the_import_changes_nothing(
    database: Database,
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["key", "name", "category", "min_age"])
    sheet.append(["ok", "Fine", "Cat", 4])
    sheet.append(["sum", "Sum", "Cat", "=SUM(D2,1)"])
    path = tmp_path / "typed.xlsx"
    book.save(path)
    with database.unit_of_work() as session:
        manager(session)
    monkeypatch.setenv("SIGNPOSTING_PASSWORD", PASSWORD)
    command = ["directory", "import", str(path), "--as", MANAGER]
    assert main(["--database", database_url, *command]) == 1
    assert "typed.xlsx: row 3, column 'D (min_age)': holds a formula (=SUM(D2,1))" in (
        capsys.readouterr().err
    )
    assert service_count(database) == 0


@pytest.fixture
def hostile_directory(database: Database) -> Database:
    """A service for each hostile value in every text field, and typed fields filled in."""
    with database.unit_of_work() as session:
        actor = manager(session)
        for number, value in enumerate(HOSTILE):
            listed = [value.strip().replace("|", "/")]
            create_service(
                session,
                actor,
                {
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
                    "snomed_code": value[:20].strip(),
                    "snomed_term": value,
                    "notes": value,
                    "min_age": number,
                    "max_age": 100 + number,
                    "review_interval_days": 30 + number,
                },
            ).last_verified = date(2026, 1, 1 + number)  # stamped by verifying, not editing
    return database


def test_export_cells_are_text_numbers_and_dates_never_formulas(
    hostile_directory: Database, tmp_path: Path
) -> None:
    path = tmp_path / "hostile.xlsx"
    with hostile_directory.unit_of_work() as session:
        assert export_directory(session, path, "xlsx") == len(HOSTILE)
    sheet = openpyxl.load_workbook(path)["services"]
    header, *rows = list(sheet.iter_rows())
    assert [cell.value for cell in header] == list(FIELDS)
    texts = 0
    for row in rows:
        cells = dict(zip(FIELDS, row, strict=True))
        assert isinstance(cells["min_age"].value, int) and cells["min_age"].data_type == "n"
        assert isinstance(cells["last_verified"].value, datetime)
        assert cells["last_verified"].number_format == "yyyy-mm-dd"
        for name in ("key", "name", "notes", "keywords", "snomed_code"):
            cell = cells[name]
            assert cell.data_type == "s" and cell.number_format == "@"
            assert not is_formula_like(str(cell.value)), cell.value  # an apostrophe before it
            texts += 1
    assert texts == 5 * len(HOSTILE)
    raw = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in raw and b"_x000D_" in raw and b"\r" not in raw


def test_hostile_directory_round_trips_unchanged(
    hostile_directory: Database, empty_database_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "hostile.xlsx"
    with hostile_directory.unit_of_work() as session:
        original = directory_values(session)
        export_directory(session, path, "xlsx")
    services = read_directory_file(path)
    with hostile_directory.unit_of_work() as session:
        plan = preview_import(session, services)
        assert (plan.new, plan.changed, plan.unchanged) == ([], [], len(HOSTILE))
    _, imported = import_into_new_database(empty_database_url, services)
    assert imported == original
    assert sorted(imported) == sorted(HOSTILE)


def test_demo_directory_round_trips_through_a_workbook(
    database: Database, empty_database_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "directory.xlsx"
    with database.unit_of_work() as session:
        load_demo(session)
        original = directory_values(session)
        export_directory(session, path, "xlsx")
    services = read_directory_file(path)
    plan, imported = import_into_new_database(empty_database_url, services)
    assert len(plan.new) == len(original)
    assert imported == original


def test_a_workbook_edited_and_saved_again_imports_the_edit(
    database: Database, tmp_path: Path
) -> None:
    path = tmp_path / "directory.xlsx"
    with database.unit_of_work() as session:
        load_demo(session)
        export_directory(session, path, "xlsx")
    book = openpyxl.load_workbook(path)
    sheet = book["services"]
    sheet["B2"] = "Admin team: fit notes"
    sheet["H2"] = 16  # a number typed into min_age
    book.save(path)
    services = read_directory_file(path)
    with database.unit_of_work() as session:
        plan = preview_import(session, services)
        assert [(s.key, fields) for s, fields in plan.changed] == [
            ("admin-fit-notes", ["name", "min_age"])
        ]
        apply_import(session, manager(session), services)
    with database.unit_of_work() as session:
        fit_notes = session.scalars(sa.select(Service).where(Service.key == "admin-fit-notes"))
        assert fit_notes.one().min_age == 16


def test_text_longer_than_an_excel_cell_is_not_exported(database: Database, tmp_path: Path) -> None:
    fields = {"key": "k", "name": "N", "category": "C", "notes": "n" * 40_000}
    with database.unit_of_work() as session:
        create_service(session, manager(session), fields)
    folder = tmp_path / "out"
    folder.mkdir()
    with (
        pytest.raises(ValidationError, match="more than the 32767 an Excel cell holds"),
        database.unit_of_work() as session,
    ):
        export_directory(session, folder / "long.xlsx", "xlsx")
    assert list(folder.iterdir()) == []  # no workbook, and no half-written one


# Hostile files: refused before anything is read into memory, with a clear problem.


def _declare_size(data: bytes, part: str, size: int) -> bytes:
    """The package with ``part``'s stated unpacked size set to ``size`` (its data unchanged)."""
    buffer = bytearray(data)
    name = part.encode()
    central = buffer.find(b"PK\x01\x02")
    while central != -1:
        name_length = struct.unpack_from("<H", buffer, central + 28)[0]
        if bytes(buffer[central + 46 : central + 46 + name_length]) == name:
            struct.pack_into("<I", buffer, central + 24, size)
            return bytes(buffer)
        central = buffer.find(b"PK\x01\x02", central + 46)
    raise AssertionError(f"{part} not in the package")


def test_a_sheet_declaring_a_huge_size_is_refused_before_it_is_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = (FIXTURES / "practice-list.xlsx").read_bytes()
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(_declare_size(data, "xl/worksheets/sheet2.xml", 3_000_000_000))
    opened: list[object] = []
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *args, **kwargs: opened.append(args))
    assert refused(path) == [
        "bomb.xlsx: file: unpacks to 2861 MB; a workbook may unpack to at most 100 MB"
    ]
    assert opened == []


def test_a_sheet_that_unpacks_far_larger_than_its_file_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(excel, "MAX_UNPACKED_BYTES", 1024 * 1024)
    path = workbook(tmp_path, {1: ["key", "name", "category"], 2: ["x", "X", " " * 3_000_000]})
    assert path.stat().st_size < 20_000
    assert refused(path) == [
        "book.xlsx: file: unpacks to 2 MB; a workbook may unpack to at most 1 MB"
    ]


def test_a_sheet_declaring_less_than_it_unpacks_to_is_held_to_it(tmp_path: Path) -> None:
    """The reader stops at the declared size, so a part cannot unpack past what was checked."""
    data = (FIXTURES / "practice-list.xlsx").read_bytes()
    path = tmp_path / "liar.xlsx"
    path.write_bytes(_declare_size(data, "xl/worksheets/sheet2.xml", 100))
    assert refused(path) == [
        "liar.xlsx: file: cannot be read as a workbook: it may be damaged: open it in Excel and "
        'save it as "Excel Workbook (*.xlsx)" again'
    ]


def test_xml_entity_expansion_in_a_workbook_is_refused(tmp_path: Path) -> None:
    """Entities (the seed of "billion laughs") are refused, not expanded: the notes cell of the
    practice's list says "lol" five times once its entities are expanded."""
    data = (FIXTURES / "practice-list.xlsx").read_bytes()
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {name: source.read(name) for name in source.namelist()}
    strings = parts["xl/sharedStrings.xml"].decode()
    declarations = '<!DOCTYPE sst [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
    strings = strings.replace("<sst ", declarations + "<sst ", 1)
    strings = strings.replace("Free: £0 to the patient", "&b;")
    parts["xl/sharedStrings.xml"] = strings.encode()
    path = tmp_path / "entities.xlsx"
    path.write_bytes(_zip(parts))
    (problem,) = refused(path)
    assert problem.startswith("entities.xlsx: file: cannot be read as a workbook")


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        for name, content in parts.items():
            package.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"key,name,category\r\nx,X,Cat\r\n",
            "is not an Excel workbook (.xlsx): not a zip package",
        ),
        (excel.OLE2_MAGIC + b"\x00" * 504, "is an Excel 97-2003 workbook (.xls)"),
        (_zip({"notes.txt": b"hello"}), "is a zip file but not an Excel workbook"),
        (
            _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}),
            "is an OpenDocument spreadsheet",
        ),
        (
            (FIXTURES / "practice-list.xlsx").read_bytes()[:2000],
            "is not an Excel workbook (.xlsx): not a zip package",
        ),
        (
            _zip({"[Content_Types].xml": b"<Types", "xl/workbook.xml": b"\x00\x01"}),
            "cannot be read as a workbook: it may be damaged",
        ),
        (_zip({f"part{i}.xml": b"" for i in range(1001)}), "holds 1001 parts"),
    ],
)
def test_files_that_are_not_workbooks_are_refused_and_change_nothing(
    database: Database, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "services.xlsx"
    path.write_bytes(content)
    (problem,) = refused(path)
    assert problem.startswith(f"services.xlsx: file: {message}")
    assert service_count(database) == 0


def test_a_workbook_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.xlsx"
    with path.open("wb") as stream:
        stream.truncate(MAX_FILE_BYTES + 1)  # sparse: no 50 MB written
    assert refused(path) == ["huge.xlsx: file: is larger than 50 MB"]


def test_a_number_too_long_for_excel_to_keep_is_refused(tmp_path: Path) -> None:
    path = workbook(
        tmp_path,
        {1: ["key", "name", "category", "snomed_code"], 2: ["x", "X", "Cat", 1.23456789012346e17]},
    )
    assert refused(path) == [
        "book.xlsx: row 2, column 'D (snomed_code)': holds the number 1.23457e+17, too long for "
        "Excel to keep every digit: format the column as Text and type it again"
    ]


CELLS = st.one_of(
    st.none(),
    st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc")), max_size=12),
    st.sampled_from(["x", "=1+1", "'=1", "01632 960101", "mon 09:00-12:00", "#N/A", "active"]),
    st.integers(min_value=-(10**16), max_value=10**16),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)),
    st.booleans(),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.lists(CELLS, max_size=7), max_size=5))
def test_any_cells_give_services_or_located_problems(rows: list[list[Any]]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["key", "name", "category", "min_age", "last_verified", "phone", "status"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    services, problems = read_xlsx(buffer.getvalue(), "fuzz.xlsx")
    assert len(services) <= len(rows)
    assert all(p.file == "fuzz.xlsx" and p.row >= 1 for p in problems)


# The command line and the manager's window.


def test_command_line_exports_and_imports_a_workbook(
    database: Database,
    database_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = database_url
    with database.unit_of_work() as session:
        load_demo(session)
        manager(session)
    path = tmp_path / "directory.xlsx"
    assert main(["--database", url, "directory", "export", str(path), "--format", "xlsx"]) == 0
    assert f"exported 43 services to {path}" in capsys.readouterr().out
    book = openpyxl.load_workbook(path)
    book["services"]["B2"] = "Admin team: fit notes"
    book.save(path)
    assert main(["--database", url, "directory", "import", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "directory.xlsx: 43 services: 0 new, 1 changed, 42 unchanged, 0 to retire" in out
    assert "changed: Admin team: fit notes (name)" in out and "dry run: nothing imported" in out
    monkeypatch.setenv("SIGNPOSTING_PASSWORD", PASSWORD)
    assert main(["--database", url, "directory", "import", str(path), "--as", MANAGER]) == 0
    assert capsys.readouterr().out.endswith("imported\n")
    with database.unit_of_work() as session:
        names = set(session.scalars(sa.select(Service.name)))
    assert "Admin team: fit notes" in names


def test_the_import_dialog_offers_and_previews_a_workbook(
    database: Database, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog  # noqa: PLC0415

    from signposting.ui.manage.import_dialog import ImportDialog  # noqa: PLC0415

    with database.unit_of_work() as session:
        actor_id = manager(session).id
    offered: list[str] = []

    def choose(_parent: object, _title: str, _folder: str, filters: str) -> tuple[str, str]:
        offered.append(filters)
        return str(FIXTURES / "practice-list.xlsx"), "Excel workbook (*.xlsx)"

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(choose))
    dialog = ImportDialog(database, actor_id)
    qtbot.addWidget(dialog)
    dialog.choose_button.click()
    assert "*.xlsx" in offered[0].split(";;")[0] and "Excel workbook (*.xlsx)" in offered[0]
    assert dialog.status.text().startswith("practice-list.xlsx: 3 new, 0 changed")
    preview = dialog.report.toPlainText().splitlines()
    assert preview == ["new: Stop smoking service", "new: Riverside Men’s Shed", "new: Carers’ Hub"]
    assert dialog.apply_button.isEnabled()
    assert dialog.apply()
    with database.unit_of_work() as session:
        keys = set(session.scalars(sa.select(Service.key)))
    assert keys == {"stop-smoking", "mens-shed", "carers-hub"}
