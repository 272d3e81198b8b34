"""The project's own CSV: one row per service, every field, for editing in a spreadsheet.

Lists are separated by " | "; opening sessions are written "mon 08:30-12:30; mon 13:30-17:00";
closures "2026-12-25 to 2026-12-26: Christmas; …". Written by ``csv_safe`` (every cell, the key
too, formula-safe) and read back through its ``restore``, so it round trips without loss.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from signposting.directory import validation
from signposting.directory.io.checks import RowChecker
from signposting.directory.io.files import csv_rows
from signposting.directory.io.limits import MAX_REVIEW_INTERVAL_DAYS
from signposting.directory.io.model import FIELDS, LIST_FIELDS, Problem, ServiceData
from signposting.export.csv_safe import csv_text, restore

LIST_SEPARATOR = " | "
REQUIRED_COLUMNS = ("key", "name", "category")
INTERVAL_DIGITS = len(str(MAX_REVIEW_INTERVAL_DAYS))


def _sessions_text(sessions: list[dict[str, str]]) -> str:
    return "; ".join(f"{s['day']} {s['opens']}-{s['closes']}" for s in sessions)


def _closures_text(closures: list[dict[str, str]]) -> str:
    return "; ".join(
        f"{c['start']} to {c.get('end') or c['start']}: {c.get('reason', '')}" for c in closures
    )


def _cell_text(name: str, value: Any) -> str:
    if name in LIST_FIELDS:
        return LIST_SEPARATOR.join(value or [])
    if name == "opening_sessions":
        return _sessions_text(value or [])
    if name == "closures":
        return _closures_text(value or [])
    return "" if value is None else str(value)


def write_csv(services: list[ServiceData]) -> str:
    rows = ([_cell_text(name, s.values.get(name)) for name in FIELDS] for s in services)
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


def read_csv(text: str, file: str) -> tuple[list[ServiceData], list[Problem]]:
    problems: list[Problem] = []
    rows = csv_rows(text, file, problems)
    if problems:
        return [], problems
    columns = rows[0] if rows else []
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        return [], [
            Problem(
                file, 1, "", f"missing columns: {', '.join(missing)} (expected {', '.join(FIELDS)})"
            )
        ]
    unknown = [name for name in columns if name not in FIELDS]
    if unknown:
        problems.append(
            Problem(file, 1, unknown[0], f"unknown column (expected {', '.join(FIELDS)})")
        )
    services = []
    for number, row in enumerate(rows[1:], start=2):
        if len(row) > len(columns):
            problems.append(Problem(file, number, "", "more cells than columns"))
            continue
        raw = dict(zip(columns, row, strict=False))
        cells = {name: restore((raw.get(name) or "").strip()) for name in FIELDS}
        check = RowChecker(file, number, problems)
        values: dict[str, Any] = {
            "key": check.required("key", cells["key"]),
            "name": check.required("name", cells["name"]),
            "category": check.required("category", cells["category"]),
        }
        for name in (
            "description",
            "eligibility_notes",
            "address",
            "alert",
            "patient_script",
            "notes",
        ):
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
        services.append(ServiceData(values, number, file))
    return services, problems


def _date(check: RowChecker, text: str) -> str | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        check.fail("last_verified", f"{text!r} is not a date (yyyy-mm-dd)")
        return None


def _interval(check: RowChecker, text: str) -> int:
    if not text:
        return 180
    if not text.isdigit() or len(text) > INTERVAL_DIGITS or int(text) == 0:
        check.fail("review_interval_days", f"{text!r} is not a whole number of days above 0")
        return 180
    return int(text)
