"""The fields of one service as files carry them, and how they compare with the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from signposting.db.models import Service
from signposting.directory.opening import usable_closures
from signposting.problems import Problem

__all__ = ["FIELDS", "LIST_FIELDS", "Problem", "ServiceData", "from_service", "normalised"]

#: Every field an import or export carries, in the order the project's CSV writes them.
FIELDS = (
    "key",
    "name",
    "category",
    "description",
    "conditions",
    "keywords",
    "access_methods",
    "min_age",
    "max_age",
    "eligibility_notes",
    "exclusions",
    "phone",
    "email",
    "website",
    "address",
    "opening_sessions",
    "closures",
    "status",
    "alert",
    "patient_script",
    "snomed_code",
    "snomed_term",
    "last_verified",
    "review_interval_days",
    "notes",
)
LIST_FIELDS = ("conditions", "keywords", "access_methods", "exclusions")


@dataclass
class ServiceData:
    """A service as read from a file: plain values keyed by the names in ``FIELDS``."""

    values: dict[str, Any] = field(default_factory=dict)
    row: int = 0
    file: str = ""
    #: Where a field came from, when not this file and row under its own name:
    #: field name to (file, row, column).
    places: dict[str, tuple[str, int, str]] = field(default_factory=dict)

    def place(self, name: str) -> tuple[str, int, str]:
        return self.places.get(name, (self.file, self.row, name))

    @property
    def key(self) -> str:
        return str(self.values["key"])


def from_service(service: Service) -> ServiceData:
    values = {name: getattr(service, name) for name in FIELDS}
    values["status"] = service.status.value
    values["opening_sessions"] = [dict(s) for s in service.opening_sessions]
    values["closures"] = [dict(c) for c in usable_closures(service.closures)]
    for name in LIST_FIELDS:
        values[name] = list(values[name])
    return ServiceData(values)


def normalised(values: dict[str, Any]) -> dict[str, Any]:
    """Values as the database keeps them, so comparing a file with the directory is fair."""
    result = {name: values.get(name) for name in FIELDS}
    for name in (*LIST_FIELDS, "opening_sessions", "closures"):
        result[name] = list(result[name] or [])
    for name in ("description", "eligibility_notes", "address", "alert", "patient_script", "notes"):
        result[name] = result[name] or ""
    for name in ("phone", "email", "website", "snomed_code", "snomed_term"):
        result[name] = result[name] or None
    if isinstance(result["last_verified"], str) and result["last_verified"]:
        result["last_verified"] = date.fromisoformat(result["last_verified"])
    result["last_verified"] = result["last_verified"] or None
    result["review_interval_days"] = int(result["review_interval_days"] or 180)
    result["status"] = result["status"] or "active"
    return result
