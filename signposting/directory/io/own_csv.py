"""The project's own CSV: one row per service, every field, for editing in a spreadsheet.

Lists are separated by " | "; opening sessions are written "mon 08:30-12:30; mon 13:30-17:00";
closures "2026-12-25 to 2026-12-26: Christmas; …". Written by ``csv_safe`` (every cell, the key
too, formula-safe) and read back through its ``restore``, so it round trips without loss.
Export is UTF-8 with a byte-order mark; import also takes Windows-1252, and semicolons or tabs
between cells, as spreadsheets save them. ``read_table`` reads the same layout from any grid of
cells (an Excel sheet too).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from signposting.directory import validation
from signposting.directory.io.checks import RowChecker
from signposting.directory.io.files import csv_rows, decode_spreadsheet_text, sniff_delimiter
from signposting.directory.io.limits import MAX_REVIEW_INTERVAL_DAYS
from signposting.directory.io.model import FIELDS, LIST_FIELDS, Problem, ServiceData
from signposting.export.csv_safe import csv_text, restore

log = logging.getLogger(__name__)
LIST_SEPARATOR = " | "
UK_DATE = "%d/%m/%Y"
REQUIRED_COLUMNS = ("key", "name", "category")
INTERVAL_DIGITS = len(str(MAX_REVIEW_INTERVAL_DAYS))


def _sessions_text(sessions: list[dict[str, str]]) -> str:
    return "; ".join(f"{s['day']} {s['opens']}-{s['closes']}" for s in sessions)


def _closures_text(closures: list[dict[str, str]]) -> str:
    return "; ".join(
        f"{c['start']} to {c.get('end') or c['start']}: {c.get('reason', '')}" for c in closures
    )


def cell_text(name: str, value: Any) -> str:
    """A field's value as one cell of text (before any formula-safe mark)."""
    if name in LIST_FIELDS:
        return LIST_SEPARATOR.join(value or [])
    if name == "opening_sessions":
        return _sessions_text(value or [])
    if name == "closures":
        return _closures_text(value or [])
    return "" if value is None else str(value)


def write_csv(services: list[ServiceData]) -> str:
    rows = ([cell_text(name, s.values.get(name)) for name in FIELDS] for s in services)
    return csv_text([FIELDS, *rows])


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split("|") if part.strip()]


def _sessions(check: RowChecker, text: str) -> list[dict[str, str]]:
    sessions = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        day, _, hours = part.partition(" ")
        opens, _, closes = hours.strip().partition("-")
        found = check.apply("opening_sessions", validation.session, day, opens, closes)
        if found:
            sessions.append(found)
    return sessions


def _closures(check: RowChecker, text: str) -> list[dict[str, str]]:
    closures = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        dates, _, reason = part.partition(":")
        start, _, end = dates.partition(" to ")
        found = check.apply("closures", validation.closure, start, end, reason)
        if found:
            closures.append(found)
    return closures


def read_csv(text: str, file: str, delimiter: str = ",") -> tuple[list[ServiceData], list[Problem]]:
    problems: list[Problem] = []
    rows = csv_rows(text, file, problems, delimiter)
    if problems:
        return [], problems
    return read_table(rows[0] if rows else [], enumerate(rows[1:], start=2), file)


def read_csv_data(data: bytes, file: str) -> tuple[list[ServiceData], list[Problem]]:
    """A CSV file's bytes as a spreadsheet saved them: encoding and delimiter found first."""
    problems: list[Problem] = []
    text = decode_spreadsheet_text(data, file, problems)
    if text is None:
        return [], problems
    delimiter = sniff_delimiter(text, REQUIRED_COLUMNS)
    if delimiter != ",":
        log.info("%s: cells separated by %r", file, delimiter)
    return read_csv(text, file, delimiter)


def read_table(
    header: list[str], records: Iterable[tuple[int, list[str]]], file: str, header_row: int = 1
) -> tuple[list[ServiceData], list[Problem]]:
    """Services from a header (on row ``header_row``) and numbered rows of cells, in the layout
    ``write_csv`` writes. Header names are trimmed; a column without a name is ignored while its
    cells are empty."""
    columns = [name.strip() for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        return [], [
            Problem(
                file,
                header_row,
                "",
                f"missing columns: {', '.join(missing)} (expected {', '.join(FIELDS)})",
            )
        ]
    problems: list[Problem] = []
    unknown = [name for name in columns if name and name not in FIELDS]
    if unknown:
        problems.append(
            Problem(file, header_row, unknown[0], f"unknown column (expected {', '.join(FIELDS)})")
        )
    twice = sorted(name for name, count in Counter(columns).items() if name and count > 1)
    if twice:
        problems.append(Problem(file, header_row, twice[0], "appears twice in the header"))
    services = []
    for number, row in records:
        if len(row) > len(columns):
            problems.append(Problem(file, number, "", "more cells than columns"))
            continue
        unnamed = [i for i, cell in enumerate(row) if not columns[i] and cell.strip()]
        if unnamed:
            problems.append(Problem(file, number, "", "a cell under a column with no name"))
            continue
        raw = dict(zip(columns, row, strict=False))
        cells = {name: restore((raw.get(name) or "").strip()) for name in FIELDS}
        services.append(
            ServiceData(_values(RowChecker(file, number, problems), cells), number, file)
        )
    return services, problems


def _values(check: RowChecker, cells: dict[str, str]) -> dict[str, Any]:
    """One row's cells, checked and turned into a service's values."""
    values: dict[str, Any] = {
        "key": check.required("key", cells["key"]),
        "name": check.required("name", cells["name"]),
        "category": check.required("category", cells["category"]),
    }
    for name in ("description", "eligibility_notes", "address", "alert", "patient_script", "notes"):
        values[name] = cells[name]
    for name in LIST_FIELDS:
        values[name] = _split(cells[name])
    values["access_methods"] = check.access("access_methods", values["access_methods"])
    values["min_age"], values["max_age"] = check.ages(
        "min_age", cells["min_age"], "max_age", cells["max_age"]
    )
    values["phone"] = check.apply("phone", validation.uk_phone, cells["phone"]) or None
    values["email"] = check.apply("email", validation.email, cells["email"]) or None
    values["website"] = check.apply("website", validation.web_address, cells["website"]) or None
    values["opening_sessions"] = _sessions(check, cells["opening_sessions"])
    values["closures"] = _closures(check, cells["closures"])
    values["status"] = check.status("status", cells["status"])
    values["snomed_code"] = cells["snomed_code"] or None
    values["snomed_term"] = cells["snomed_term"] or None
    values["last_verified"] = _date(check, cells["last_verified"])
    values["review_interval_days"] = _interval(check, cells["review_interval_days"])
    return values


def _date(check: RowChecker, text: str) -> str | None:
    """A date as the export writes it (yyyy-mm-dd), or as Excel in the UK saves one in a CSV
    (dd/mm/yyyy) after it has turned the exported text into a date."""
    if not text:
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    try:
        return datetime.strptime(text, UK_DATE).date().isoformat()
    except ValueError:
        check.fail("last_verified", f"{text!r} is not a date (yyyy-mm-dd or dd/mm/yyyy)")
        return None


def _interval(check: RowChecker, text: str) -> int:
    if not text:
        return 180
    if not text.isdigit() or len(text) > INTERVAL_DIGITS or int(text) == 0:
        check.fail("review_interval_days", f"{text!r} is not a whole number of days above 0")
        return 180
    return int(text)
