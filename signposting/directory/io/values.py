"""The last check of every imported service, whatever the format, before anything is written:
types, sizes (from the database model's columns), NUL bytes, and the project's own fields."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from signposting.db.models import Service
from signposting.directory import validation
from signposting.directory.io.limits import (
    MAX_FIELD_CHARS,
    MAX_LIST_ITEMS,
    MAX_REVIEW_INTERVAL_DAYS,
)
from signposting.directory.io.model import LIST_FIELDS, Problem, ServiceData
from signposting.domain import AccessMethod, ServiceStatus

REQUIRED_TEXT = ("key", "name", "category")
OPTIONAL_TEXT = ("phone", "email", "website", "snomed_code", "snomed_term")
PLAIN_TEXT = ("description", "eligibility_notes", "address", "alert", "patient_script", "notes")
STATUSES = tuple(s.value for s in ServiceStatus)
ACCESS_METHODS = tuple(m.value for m in AccessMethod)
DEFAULT_REVIEW_DAYS = 180


def max_chars(name: str) -> int:
    """The longest text a field may hold: its column's size, else the import's field limit."""
    kind = Service.__table__.c[name].type
    if isinstance(kind, sa.String) and kind.length is not None:
        return min(kind.length, MAX_FIELD_CHARS)
    return MAX_FIELD_CHARS


def shown(value: Any) -> str:
    """A value as a message quotes it: short, whatever its size."""
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}…"


class _ServiceCheck:
    def __init__(self, service: ServiceData, problems: list[Problem]) -> None:
        self.service, self.problems = service, problems

    def fail(self, name: str, message: str) -> None:
        self.problems.append(Problem(*self.service.place(name), message))

    def text(self, name: str, value: Any, limit: int) -> str | None:
        """Checked text, or None (with a problem) when it cannot be stored."""
        if not isinstance(value, str):
            self.fail(name, f"{shown(value)} is not text")
            return None
        if "\x00" in value:
            self.fail(name, "contains a NUL character")
            return None
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            self.fail(name, "contains a character that is not valid Unicode")
            return None
        if len(value) > limit:
            self.fail(name, f"is {len(value)} characters long; at most {limit} fit")
            return None
        return value

    def items(self, name: str, value: Any) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(name, f"{shown(value)} is not a list")
            return []
        if len(value) > MAX_LIST_ITEMS:
            self.fail(name, f"has {len(value)} entries; at most {MAX_LIST_ITEMS}")
            return []
        return value

    def strings(self, name: str, value: Any) -> list[str]:
        checked = [self.text(name, item, MAX_FIELD_CHARS) for item in self.items(name, value)]
        return [item for item in checked if item is not None]

    def apply(self, name: str, check: Any, *args: Any) -> Any:
        try:
            return check(*args)
        except validation.FieldError as exc:
            self.fail(name, str(exc)[:200])
            return None

    def records(self, name: str, value: Any, keys: tuple[str, ...], check: Any) -> list[Any]:
        """A list of objects with text ``keys``, each cleaned by ``check``."""
        kept = []
        for item in self.items(name, value):
            if not isinstance(item, dict):
                self.fail(name, f"{shown(item)} is not an object with {', '.join(keys)}")
                continue
            texts = [self.text(name, item.get(key) or "", MAX_FIELD_CHARS) for key in keys]
            if all(text is not None for text in texts):
                found = self.apply(name, check, *texts)
                if found is not None:
                    kept.append(found)
        return kept

    def whole(self, name: str, value: Any, low: int, high: int, default: int | None) -> Any:
        if value is None or value == "":
            return default
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(name, f"{shown(value)} is not a whole number from {low} to {high}")
            return default
        return value


def check_service(service: ServiceData, problems: list[Problem]) -> None:
    """Check and clean ``service.values`` in place; every problem is added, located."""
    check, values = _ServiceCheck(service, problems), service.values
    for name in (*REQUIRED_TEXT, *PLAIN_TEXT):
        values[name] = check.text(name, values.get(name) or "", max_chars(name)) or ""
    for name in OPTIONAL_TEXT:
        values[name] = check.text(name, values.get(name) or "", max_chars(name)) or None
    for name in LIST_FIELDS:
        values[name] = check.strings(name, values.get(name))
    for method in values["access_methods"]:
        if method not in ACCESS_METHODS:
            check.fail(
                "access_methods", f"{shown(method)} is not one of {', '.join(ACCESS_METHODS)}"
            )
    values["opening_sessions"] = check.records(
        "opening_sessions",
        values.get("opening_sessions"),
        ("day", "opens", "closes"),
        validation.session,
    )
    values["closures"] = check.records(
        "closures", values.get("closures"), ("start", "end", "reason"), validation.closure
    )
    status = values.get("status") or "active"
    if status not in STATUSES:
        check.fail("status", f"{shown(status)} is not one of {', '.join(STATUSES)}")
        status = "active"
    values["status"] = status
    values["min_age"] = check.whole("min_age", values.get("min_age"), 0, 130, None)
    values["max_age"] = check.whole("max_age", values.get("max_age"), 0, 130, None)
    values["review_interval_days"] = check.whole(
        "review_interval_days",
        values.get("review_interval_days"),
        1,
        MAX_REVIEW_INTERVAL_DAYS,
        DEFAULT_REVIEW_DAYS,
    )
    verified = values.get("last_verified")
    if verified and not isinstance(verified, date):
        try:
            values["last_verified"] = date.fromisoformat(str(verified)).isoformat()
        except ValueError:
            check.fail("last_verified", f"{shown(verified)} is not a date (yyyy-mm-dd)")
            values["last_verified"] = None
