"""The directory CSV as spreadsheets save it: UTF-8 with or without a byte-order mark, Windows-1252
(Excel's "CSV (Comma delimited)"), semicolons or tabs between cells; anything else is refused
with a clear problem and changes nothing. The export stays UTF-8 with a byte-order mark."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import sqlalchemy as sa

from signposting.cli.main import main
from signposting.db.engine import Database
from signposting.db.models import Service
from signposting.directory.demo import load_demo
from signposting.directory.editing import create_service
from signposting.directory.io.files import sniff_delimiter
from signposting.directory.io.importer import (
    DirectoryImportError,
    export_directory,
    preview_import,
    read_directory_file,
)
from signposting.directory.io.own_csv import read_csv_data
from tests.support.directory import manager

FIXTURES = Path(__file__).parent / "fixtures" / "excel"
PASSWORD = "correct horse battery"


def values(path: Path) -> list[dict[str, object]]:
    """What each row of a file imports as, without the fields it leaves empty."""
    return [
        {name: value for name, value in service.values.items() if value not in (None, "", [])}
        for service in read_directory_file(path)
    ]


def refused(path: Path) -> list[str]:
    with pytest.raises(DirectoryImportError) as caught:
        read_directory_file(path)
    return [str(problem) for problem in caught.value.problems]


EXPECTED_ROWS = [
    {
        "key": "stop-smoking",
        "name": "Stop smoking service",
        "category": "Lifestyle",
        "phone": "01632 960201",
        "min_age": 12,
        "opening_sessions": [
            {"day": "mon", "opens": "09:00", "closes": "17:00"},
            {"day": "thu", "opens": "09:00", "closes": "19:00"},
        ],
        "last_verified": "2026-09-01",  # Excel wrote 01/09/2026
        "notes": "Free – £0 to the patient",
        "status": "active",
        "review_interval_days": 180,
    },
    {
        "key": "mens-shed",
        "name": "Riverside Men’s Shed",
        "category": "Social isolation",
        "phone": "01632 960999",
        "min_age": 50,
        "opening_sessions": [{"day": "tue", "opens": "10:00", "closes": "14:00"}],
        "last_verified": "2026-10-15",
        "notes": "Café on site, ask for “Dave”",
        "status": "active",
        "review_interval_days": 180,
    },
]


def test_excel_windows_csv_keeps_pounds_accents_and_smart_quotes() -> None:
    path = FIXTURES / "services-windows-1252.csv"
    data = path.read_bytes()
    assert b"\xa3" in data and b"\x92" in data and b"\x93" in data  # £ ’ “ in Windows-1252
    assert not data.startswith(b"\xef\xbb\xbf")
    assert values(path) == EXPECTED_ROWS


def test_a_semicolon_csv_reads_like_the_comma_one() -> None:
    path = FIXTURES / "services-semicolon.csv"
    assert path.read_bytes().count(b";") > 10
    assert values(path) == EXPECTED_ROWS


def test_a_utf8_csv_with_a_byte_order_mark_names_its_first_column() -> None:
    path = FIXTURES / "services-utf8-bom.csv"
    assert path.read_bytes().startswith(b"\xef\xbb\xbfkey,")
    rows = values(path)
    assert [row["key"] for row in rows] == ["health-visitors", "sexual-health"]
    assert rows[1]["keywords"] == ["contraception", "STI test"]


def test_a_tab_separated_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "tabs.csv"
    path.write_text(
        "key\tname\tcategory\taddress\r\nshed\tMen's Shed\tSocial\t2 Mill Lane, Riverside\r\n",
        "utf-8",
    )
    assert values(path)[0]["address"] == "2 Mill Lane, Riverside"


def test_utf8_without_a_byte_order_mark_is_not_taken_for_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    path.write_bytes("key,name,category\r\ncafe,Café – open,Food\r\n".encode())
    assert values(path)[0]["name"] == "Café – open"


def test_a_delimiter_the_sniffer_cannot_tell_falls_back_to_commas(tmp_path: Path) -> None:
    text = 'key,name,category,notes\r\nx,X,Cat,"a, b; c; d"\r\ny,Y,Cat,"d, e; f; g"\r\n'
    with pytest.raises(csv.Error):
        csv.Sniffer().sniff(text, delimiters=",;\t")
    path = tmp_path / "quoted.csv"
    path.write_text(text, "utf-8")
    assert [row["notes"] for row in values(path)] == ["a, b; c; d", "d, e; f; g"]


def test_the_header_overrules_a_guess_misled_by_quoted_text() -> None:
    text = "key,name,category,notes\r\nx,X,Cat,ask for ;'Dave'; or ;'Sue';\r\ny,Y,Cat,;'Ann';\r\n"
    assert csv.Sniffer().sniff(text, delimiters=",;\t").delimiter == ";"  # the sniffer's guess
    assert sniff_delimiter(text, ("key", "name", "category")) == ","
    services, problems = read_csv_data(text.encode("utf-8"), "misled.csv")
    assert problems == []
    assert [s.values["notes"] for s in services] == ["ask for ;'Dave'; or ;'Sue';", ";'Ann';"]


@pytest.fixture
def demo_with_manager(database: Database, monkeypatch: pytest.MonkeyPatch) -> Database:
    """The demo directory and a manager whose password the command line will read."""
    with database.unit_of_work() as session:
        load_demo(session)
        manager(session)
    monkeypatch.setenv("SIGNPOSTING_PASSWORD", PASSWORD)
    return database


@pytest.mark.parametrize(
    "case",
    [
        (
            b"key,name,category\r\nx,Caf\x81,Cat\r\n",
            "bad.csv: file: not UTF-8 or Windows-1252 text (line 2, byte 24): save it from the "
            'spreadsheet as "CSV UTF-8 (Comma delimited)"',
        ),
        (
            "key\tname\tcategory\r\n".encode("utf-16"),
            'bad.csv: file: is UTF-16 text (a spreadsheet\'s "Unicode Text"): save it',
        ),
        (b"PK\x03\x04\x14\x00\x00\x00", "bad.csv: file: is a zip file, not text: an Excel"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00",
            "bad.csv: file: is an Excel 97-2003 workbook (.xls), not text",
        ),
        (
            b"key,name,category,last_verified\r\nx,X,Cat,31/02/2026\r\n",
            "bad.csv: row 2, column 'last_verified': '31/02/2026' is not a date "
            "(yyyy-mm-dd or dd/mm/yyyy)",
        ),
    ],
)
def test_files_that_cannot_be_read_as_text_are_refused_and_change_nothing(
    demo_with_manager: Database,
    database_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    case: tuple[bytes, str],
) -> None:
    content, message = case
    database = demo_with_manager
    with database.unit_of_work() as session:
        before = session.scalar(sa.select(sa.func.count()).select_from(Service))
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    command = ["directory", "import", str(path), "--as", "Morgan Import", "--allow-retiring"]
    assert main(["--database", database_url, *command]) == 1
    assert message in capsys.readouterr().err
    with database.unit_of_work() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Service)) == before
        retired = sa.select(Service).where(Service.status == "retired")
        assert session.scalars(retired).all() == []


def test_the_export_stays_utf8_with_a_byte_order_mark(database: Database, tmp_path: Path) -> None:
    with database.unit_of_work() as session:
        fields = {"key": "cafe", "name": "Café £1 “tea”", "category": "Food"}
        create_service(session, manager(session), fields)
        export_directory(session, tmp_path / "dir.csv", "csv")
    data = (tmp_path / "dir.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbfkey,name,category,")
    assert "Café £1 “tea”".encode() in data


def test_an_export_resaved_by_excel_with_semicolons_in_windows_1252_imports_unchanged(
    database: Database, tmp_path: Path
) -> None:
    """Open the export in Excel where the list separator is ';', save as CSV: nothing changes."""
    with database.unit_of_work() as session:
        load_demo(session)
        export_directory(session, tmp_path / "dir.csv", "csv")
    rows = list(csv.reader(io.StringIO((tmp_path / "dir.csv").read_text("utf-8-sig"), newline="")))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    resaved = tmp_path / "resaved.csv"
    resaved.write_bytes(buffer.getvalue().encode("cp1252"))
    services = read_directory_file(resaved)
    with database.unit_of_work() as session:
        plan = preview_import(session, services)
    assert (plan.new, plan.changed, plan.to_retire) == ([], [], [])
    assert plan.unchanged == len(rows) - 1
