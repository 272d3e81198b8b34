"""The directory as an Excel workbook (.xlsx): the project's CSV layout on one sheet.

Import reads the sheet named "services", else the first, with openpyxl in read-only mode and
values as Excel holds them: text, numbers (ages), dates (last verified), empty cells. A formula
is refused, never trusted: its cached result may be stale, and nothing here evaluates it. Before
openpyxl opens anything the package is checked as a zip: its size, its number of parts and what
they unpack to, so a small file cannot unpack into gigabytes. Problems name the file, the Excel
row and the column as the sheet shows it ("D (phone)").

Export writes the CSV's cells on a sheet named "services": text cells formatted as text, made
formula-safe by ``csv_safe.neutralise`` (an import takes the mark off with ``restore``, as the
CSV import does), ages and review intervals as numbers and the verified date as a date.
Characters XML cannot carry (a carriage return, other control characters) are written as Excel
writes them, ``_x000D_``, and read back the same way.
"""

from __future__ import annotations

import io
import logging
import os
import re
import tempfile
import warnings
import zipfile
from collections.abc import Iterator, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from signposting.directory.io.files import MEGABYTE
from signposting.directory.io.limits import MAX_FIELD_CHARS, MAX_FILE_BYTES, MAX_ROWS
from signposting.directory.io.model import FIELDS, Problem, ServiceData
from signposting.directory.io.own_csv import cell_text, read_table
from signposting.errors import ValidationError
from signposting.export.csv_safe import neutralise

if TYPE_CHECKING:
    from openpyxl.cell.read_only import ReadOnlyCell
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

log = logging.getLogger(__name__)
SHEET_NAME = "services"
#: What a workbook's parts may unpack to in all: room for the XML around a directory as large as
#: the largest CSV an import takes, and far below what a zip bomb unpacks to.
MAX_UNPACKED_BYTES = 2 * MAX_FILE_BYTES
#: Most parts (files) in the zip package; a directory workbook has about ten.
MAX_PARTS = 1_000
#: Excel's own limits: characters in a cell, rows on a sheet, significant digits of a number.
EXCEL_CELL_CHARS = 32_767
EXCEL_ROWS = 1_048_576
EXCEL_EXACT_NUMBER = 10**15
NUMBER_FIELDS = ("min_age", "max_age", "review_interval_days")
WIDE_FIELDS = ("name", "description", "eligibility_notes", "address", "patient_script", "notes")
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Characters XML 1.0 cannot hold, or changes on reading (a carriage return becomes a line feed).
_UNWRITABLE = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]")
#: Excel's escapes for them (ST_Xstring: ``_x`` and four hex digits); other codes stay as text.
_ESCAPED = re.compile("_x(00[01][0-9A-Fa-f]|[Ff]{3}[EeFf])_")
SAVE_AS_XLSX = 'save it in Excel as "Excel Workbook (*.xlsx)"'
DAMAGED = 'it may be damaged: open it in Excel and save it as "Excel Workbook (*.xlsx)" again'


class _CellError(ValueError):
    """A cell whose value cannot be taken as it stands."""


def read_xlsx(data: bytes, file: str) -> tuple[list[ServiceData], list[Problem]]:
    """Services from the bytes of an .xlsx workbook, or problems (with Excel rows and columns)."""
    problems: list[Problem] = []
    if not _is_safe_package(data, file, problems):
        return [], problems
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            found = _read_workbook(data, file, problems)
        except _UnreadableError as exc:
            log.info("%s: cannot be read (%s)", file, exc, exc_info=exc.__cause__)
            return [], [Problem(file, 0, "", f"cannot be read as a workbook: {DAMAGED}")]
    for warning in caught:
        log.info("%s: %s", file, warning.message)
    if found is None:
        return [], problems
    header_row, header, records, labels = found
    if any(problem.row == header_row for problem in problems):
        return [], problems  # a header that cannot be read names no columns
    services, table_problems = read_table(header, records, file, header_row)
    for service in services:
        service.places = {
            name: (file, service.row, label) for name, label in labels.items() if name in FIELDS
        }
    # A cell already refused (a formula, say) is not reported again as empty or malformed.
    refused = {(problem.row, problem.column) for problem in problems}
    relabelled = (_relabelled(problem, labels) for problem in table_problems)
    problems += [p for p in relabelled if (p.row, p.column) not in refused]
    problems.sort(key=lambda problem: problem.row)
    return services, problems


def _is_safe_package(data: bytes, file: str, problems: list[Problem]) -> bool:
    """Whether ``data`` is a zip package openpyxl may open: checked from its directory only."""

    def refuse(message: str) -> bool:
        problems.append(Problem(file, 0, "", message))
        return False

    if data.startswith(OLE2_MAGIC):
        return refuse(
            "is an Excel 97-2003 workbook (.xls) or a password-protected one: "
            f"{SAVE_AS_XLSX}, without a password"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            parts = package.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        log.info("%s: not a zip package: %s", file, exc)
        return refuse(f"is not an Excel workbook (.xlsx): not a zip package; {SAVE_AS_XLSX}")
    if len(parts) > MAX_PARTS:
        return refuse(f"holds {len(parts)} parts; a workbook may hold at most {MAX_PARTS}")
    names = {part.filename for part in parts}
    if "mimetype" in names and "[Content_Types].xml" not in names:
        return refuse(f"is an OpenDocument spreadsheet, not an Excel workbook: {SAVE_AS_XLSX}")
    if "[Content_Types].xml" not in names:
        return refuse(f"is a zip file but not an Excel workbook (.xlsx): {SAVE_AS_XLSX}")
    if any(part.flag_bits & 0x1 for part in parts):
        return refuse("holds encrypted parts: save it without a password")
    unpacked = sum(part.file_size for part in parts)
    if unpacked > MAX_UNPACKED_BYTES:
        return refuse(
            f"unpacks to {unpacked // MEGABYTE} MB; a workbook may unpack to at most "
            f"{MAX_UNPACKED_BYTES // MEGABYTE} MB"
        )
    return True


class _UnreadableError(Exception):
    """openpyxl failed on the package: a damaged or foreign file, whatever the exception."""


#: The header's row, its cells, the numbered non-blank rows after it, and each column's label
#: (by its name in the header) as the sheet shows it.
Found = tuple[int, list[str], list[tuple[int, list[str]]], dict[str, str]]


def _read_workbook(data: bytes, file: str, problems: list[Problem]) -> Found | None:
    """The chosen sheet's header, its non-blank rows as text, and each field's column label."""
    from openpyxl import load_workbook  # noqa: PLC0415  (openpyxl loads only when needed)

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, keep_links=False)
    except Exception as exc:  # any failure of the parser on a foreign file means unreadable
        raise _UnreadableError(type(exc).__name__) from exc
    try:
        sheets = workbook.worksheets
        if not sheets:
            problems.append(Problem(file, 0, "", "has no worksheet"))
            return None
        named = [s for s in sheets if s.title.strip().casefold() == SHEET_NAME]
        sheet = named[0] if named else sheets[0]
        if len(sheets) > 1:
            log.info("%s: reading sheet %r", file, sheet.title)
        return _read_sheet(sheet, file, problems)
    finally:
        workbook.close()


def _read_sheet(sheet: ReadOnlyWorksheet, file: str, problems: list[Problem]) -> Found | None:
    sheet.reset_dimensions()  # a stated size may be wrong, or huge: rows are read as they are
    header: list[str] = []
    header_row = 0
    records: list[tuple[int, list[str]]] = []
    for number, row in enumerate(_rows(sheet), start=1):
        if number > EXCEL_ROWS:
            problems.append(Problem(file, 0, "", f"has rows past Excel's last, {EXCEL_ROWS}"))
            return None
        if not header:  # the first row with anything in it names the columns
            header = _texts(row, number, file, [], problems)
            header_row = number if any(cell.strip() for cell in header) else 0
            header = header if header_row else []
            continue
        cells = _texts(row, number, file, header, problems)
        if any(cell.strip() for cell in cells):
            if len(records) >= MAX_ROWS:
                problems.append(Problem(file, 0, "", f"more than {MAX_ROWS} rows"))
                return None
            records.append((number, _trimmed(cells)))
    if not header:
        problems.append(Problem(file, 0, "", f"sheet {sheet.title!r} is empty"))
        return None
    labels = {
        name.strip(): _label(column, header)
        for column, name in enumerate(header, 1)
        if name.strip()
    }
    return header_row, _trimmed(header), records, labels


def _rows(sheet: ReadOnlyWorksheet) -> Iterator[Sequence[Any]]:
    """The sheet's rows from the first, gaps filled; a parser failure becomes unreadable."""
    # The stubs give iter_rows to Worksheet alone; read-only sheets share it.
    rows: Iterator[Sequence[Any]] = sheet.iter_rows()  # type: ignore[misc]
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # the parser on a damaged or hostile sheet
            raise _UnreadableError(type(exc).__name__) from exc
        yield row


def _texts(
    row: Sequence[ReadOnlyCell | Any],
    number: int,
    file: str,
    header: list[str],
    problems: list[Problem],
) -> list[str]:
    """A row's cells as text; a cell that cannot be taken is a problem at its place."""
    texts = []
    for column, cell in enumerate(row, start=1):
        try:
            texts.append(_text(cell))
        except _CellError as exc:
            problems.append(Problem(file, number, _label(column, header), str(exc)))
            texts.append("")
    return texts


def _text(cell: Any) -> str:
    """A cell's value as the CSV would hold it, or a problem for a value that cannot be taken."""
    from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula  # noqa: PLC0415

    value = getattr(cell, "value", None)
    kind = getattr(cell, "data_type", "n")
    if kind == "f" or isinstance(value, ArrayFormula | DataTableFormula):
        shown = value if isinstance(value, str) else getattr(value, "text", None) or "="
        raise _CellError(
            f"holds a formula ({str(shown)[:60]}): type the value itself, or copy the column "
            "and paste it back as values"
        )
    if kind == "e":
        raise _CellError(f"holds an error value ({value}): type the value itself")
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat("minutes" if value.second == 0 else "seconds")
    if isinstance(value, float):
        if abs(value) >= EXCEL_EXACT_NUMBER:
            raise _CellError(
                f"holds the number {value:g}, too long for Excel to keep every digit: "
                "format the column as Text and type it again"
            )
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, int | str):
        text = _ESCAPED.sub(lambda match: chr(int(match.group(1), 16)), str(value))
        if len(text) > MAX_FIELD_CHARS:
            raise _CellError(f"is longer than {MAX_FIELD_CHARS} characters")
        return text
    raise _CellError(f"holds a {type(value).__name__} value Excel calls a duration or time")


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    return get_column_letter(column)


def _label(column: int, header: list[str]) -> str:
    """A column as the sheet shows it: its letter, and its heading where it has one."""
    name = header[column - 1].strip() if column <= len(header) else ""
    return f"{_letter(column)} ({name})" if name else _letter(column)


def _trimmed(cells: list[str]) -> list[str]:
    """Cells without the empty ones at the end of the row."""
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


def _relabelled(problem: Problem, labels: dict[str, str]) -> Problem:
    """A problem of ``read_table`` (columns by field name) with the column as the sheet shows it."""
    label = labels.get(problem.column)
    if label is None:
        return problem
    return Problem(problem.file, problem.row, label, problem.message)


def write_xlsx(path: Path, services: list[ServiceData]) -> None:
    """Write every service to ``path``, all at once: a value that cannot be written stops the
    export before anything is, and a failure leaves no partial workbook."""
    from openpyxl import Workbook  # noqa: PLC0415

    rows = [[_value(service, name) for name in FIELDS] for service in services]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_NAME)
    sheet.freeze_panes = "A2"
    for column, name in enumerate(FIELDS, start=1):
        sheet.column_dimensions[_letter(column)].width = 40 if name in WIDE_FIELDS else 18
    sheet.append([_header_cell(sheet, name) for name in FIELDS])
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        workbook.save(temporary)
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)


def _value(service: ServiceData, name: str) -> int | datetime | str:
    """One field as the sheet holds it: a number, a date, or formula-safe text."""
    value = service.values.get(name)
    if name in NUMBER_FIELDS and isinstance(value, int) and not isinstance(value, bool):
        return value
    if name == "last_verified" and value:
        return datetime.combine(date.fromisoformat(str(value)), time())
    text = neutralise(cell_text(name, value))
    if len(text) > EXCEL_CELL_CHARS:
        raise ValidationError(
            f"not exported: {service.key!r}, {name}: {len(text)} characters, more than the "
            f"{EXCEL_CELL_CHARS} an Excel cell holds; export it as CSV instead"
        )
    return _UNWRITABLE.sub(lambda match: f"_x{ord(match.group()):04X}_", text)


def _header_cell(sheet: WriteOnlyWorksheet, name: str) -> Any:
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415
    from openpyxl.styles import Font  # noqa: PLC0415

    cell = WriteOnlyCell(sheet, value=name)
    cell.font = Font(bold=True)
    return cell


def _cell(sheet: WriteOnlyWorksheet, value: int | datetime | str) -> Any:
    """A value as a cell: text always as text (never a formula) in a cell formatted as text, so
    what is typed there later stays text too; a date shown as yyyy-mm-dd."""
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415

    if isinstance(value, datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(value, int):
        cell = WriteOnlyCell(sheet, value=value)
    else:
        cell = WriteOnlyCell(sheet, value=None)
        if value:
            cell.value = value
            cell.data_type = "s"
        cell.number_format = "@"
    return cell
