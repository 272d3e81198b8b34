"""A search engine over the demo directory, built straight from its files (no database)."""

from __future__ import annotations

from functools import cache

from signposting.directory.demo import read_demo_file
from signposting.domain import ServiceStatus
from signposting.redflags.protocol import shipped_entries
from signposting.search.engine import SearchEngine
from signposting.search.entries import RedFlagEntry, ServiceEntry


def demo_service_entries() -> list[ServiceEntry]:
    data = read_demo_file("services.toml")
    hours = data["defaults"]
    return [
        ServiceEntry(
            id=number,
            name=entry["name"],
            category=entry["category"],
            keywords=tuple(entry["keywords"]),
            conditions=tuple(entry.get("conditions", ())),
            description=entry.get("description", ""),
            min_age=entry.get("min_age"),
            max_age=entry.get("max_age"),
            exclusions=tuple(entry.get("exclusions", ())),
            eligibility_notes=entry.get("eligibility", ""),
            status=ServiceStatus(entry.get("status", "active")),
            alert=entry.get("alert", ""),
            opening_sessions=tuple(hours[entry["hours"]]),
            access_methods=tuple(entry["access"]),
        )
        for number, entry in enumerate(data["service"], start=1)
    ]


def demo_red_flag_entries() -> list[RedFlagEntry]:
    """The shipped example protocols, numbered in file order."""
    return shipped_entries()


@cache
def demo_engine() -> SearchEngine:
    """Shared by read-only tests; tests that change the index build their own."""
    return SearchEngine.build(demo_service_entries(), demo_red_flag_entries())


def service_id(name_start: str) -> int:
    return next(e.id for e in demo_service_entries() if e.name.startswith(name_start))
