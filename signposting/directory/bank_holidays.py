"""Bank holidays in England and Wales, added to a service's closures in one step."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import holidays

#: England and Wales share their bank holidays.
SUBDIVISION = "ENG"


def bank_holidays(start: date, days: int = 366) -> list[tuple[date, str]]:
    """Bank holidays from ``start`` for ``days`` days, in order."""
    end = start + timedelta(days=days)
    calendar = holidays.country_holidays(
        "GB", subdiv=SUBDIVISION, years=range(start.year, end.year + 1)
    )
    return sorted((day, str(name)) for day, name in calendar.items() if start <= day < end)


def with_bank_holidays(closures: list[dict[str, Any]], start: date) -> list[dict[str, Any]]:
    """The closures plus every bank holiday in the next year that is not already covered."""
    covered: set[date] = set()
    for closure in closures:
        first = date.fromisoformat(closure["start"])
        last = date.fromisoformat(closure.get("end") or closure["start"])
        covered.update(first + timedelta(days=n) for n in range((last - first).days + 1))
    added = [
        {"start": day.isoformat(), "end": day.isoformat(), "reason": f"Bank holiday: {name}"}
        for day, name in bank_holidays(start)
        if day not in covered
    ]
    return sorted([*closures, *added], key=lambda closure: closure["start"])
