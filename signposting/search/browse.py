"""Browsing the directory by category, for when the caller's words match no service: the
categories with how many active services each has, and one category's services checked against
the caller as a search checks them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from signposting.domain import ServiceStatus
from signposting.search.caller import Caller
from signposting.search.engine import SearchEngine, ServiceMatch
from signposting.search.entries import ServiceEntry

#: The label of services whose category was left empty.
UNCATEGORISED = "Uncategorised"


@dataclass(frozen=True)
class Category:
    """A category as the directory names it, and how many of its services are active (a
    temporarily closed one is listed in it but not counted)."""

    label: str
    active: int

    @property
    def text(self) -> str:
        """'Community pharmacy (10 services)'."""
        return f"{self.label} ({self.active} service{'' if self.active == 1 else 's'})"


def category_of(entry: ServiceEntry) -> str:
    """The category's label: as the directory writes it, spaces tidied."""
    return _tidy(entry.category)


def categories(entries: Iterable[ServiceEntry]) -> list[Category]:
    """Every category with a service that is not retired, in alphabetical order. Labels that
    differ only in capitals are one category, under the spelling most of its services use."""
    return _categories((entry.category, entry.status, 1) for entry in entries)


def directory_categories(engine: SearchEngine) -> list[Category]:
    """``categories`` of every service the engine holds, counted without reading each one."""
    groups = engine.services.entries.groups()
    return _categories((category, status, len(ids)) for category, status, ids in groups)


def _tidy(category: str) -> str:
    return " ".join(category.split()) or UNCATEGORISED


def _categories(groups: Iterable[tuple[str, ServiceStatus, int]]) -> list[Category]:
    spellings: dict[str, dict[str, int]] = {}
    active: dict[str, int] = {}
    for category, status, count in groups:
        if status is ServiceStatus.RETIRED:
            continue
        label = _tidy(category)
        key = label.casefold()
        counts = spellings.setdefault(key, {})
        counts[label] = counts.get(label, 0) + count
        active[key] = active.get(key, 0) + count * (status is ServiceStatus.ACTIVE)
    found = [
        Category(max(sorted(counts), key=lambda label: counts[label]), active[key])
        for key, counts in spellings.items()
    ]
    return sorted(found, key=lambda category: category.label.casefold())


def services_in(
    engine: SearchEngine, category: str, caller: Caller, now: datetime
) -> tuple[ServiceMatch, ...]:
    """The category's services, each with whether it fits this caller and whether it is open
    now, as a search gives them: those the caller can use first, then by name."""
    key = category.casefold()
    table = engine.services.entries
    ids = [
        service_id
        for written, status, members in table.groups()
        if status is not ServiceStatus.RETIRED and _tidy(written).casefold() == key
        for service_id in members
    ]
    matches = [ServiceMatch(table[i], 0.0, engine.check(table[i], caller, now)) for i in ids]
    matches.sort(key=lambda match: (match.eligibility.blocking, match.entry.name.casefold()))
    return tuple(matches)
