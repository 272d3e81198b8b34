"""Opening times: several sessions a day, closures, and whether a service is open now."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

log = logging.getLogger(__name__)
UK = ZoneInfo("Europe/London")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: How far ahead to look for the next opening.
LOOKAHEAD_DAYS = 14


@dataclass(frozen=True)
class OpenState:
    """Whether a service is open at a moment, and when that changes."""

    is_open: bool
    closes_at: datetime | None = None
    opens_at: datetime | None = None
    closure_reason: str = ""
    has_hours: bool = True

    def describe(self, now: datetime) -> str:
        """'Open now until 18:30', 'Closed: opens Tue 08:30', or 'Hours not recorded'."""
        if not self.has_hours:
            return "Opening hours not recorded"
        if self.is_open:
            if self.closes_at is None:
                return "Open now (24 hours)"
            return f"Open now until {_when(self.closes_at, now)}"
        reason = f" ({self.closure_reason})" if self.closure_reason else ""
        if self.opens_at is None:
            return f"Closed{reason}"
        return f"Closed{reason}: opens {_when(self.opens_at, now)}"


def _when(moment: datetime, now: datetime) -> str:
    local, today = moment.astimezone(UK), now.astimezone(UK).date()
    clock = local.strftime("%H:%M")
    if local.date() == today:
        return clock
    if local.date() == today + timedelta(days=1):
        return f"tomorrow {clock}"
    return f"{DAY_NAMES[local.weekday()][:3]} {local.day} {local.strftime('%b')} {clock}"


def _parse_clock(text: str) -> time:
    hours, minutes = (int(part) for part in text.split(":"))
    if hours == 24 and minutes == 0:
        return time.max
    return time(hours, minutes)


def usable_closures(stored: Any) -> list[dict[str, Any]]:
    """The closures that can be read, from whatever an older import stored: a malformed
    entry is skipped (and logged) rather than stopping search or export."""
    found = []
    for closure in stored if isinstance(stored, list | tuple) else []:
        try:
            date.fromisoformat(closure["start"])
            date.fromisoformat(closure.get("end") or closure["start"])
        except (KeyError, TypeError, ValueError, AttributeError, IndexError):
            log.warning("skipping a malformed closure: %.80r", closure)
            continue
        found.append(closure)
    return found


def _closure_on(day: date, closures: Iterable[dict[str, Any]]) -> str | None:
    for closure in usable_closures(list(closures)):
        start = date.fromisoformat(closure["start"])
        end = date.fromisoformat(closure.get("end") or closure["start"])
        if start <= day <= end:
            return str(closure.get("reason", "closed"))
    return None


def _sessions_on(day: date, sessions: Iterable[dict[str, Any]]) -> list[tuple[datetime, datetime]]:
    name = DAYS[day.weekday()]
    found = []
    for session in sessions:
        if session.get("day") != name:
            continue
        opens = datetime.combine(day, _parse_clock(session["opens"]), UK)
        closes = datetime.combine(day, _parse_clock(session["closes"]), UK)
        found.append((opens, closes))
    return sorted(found)


def open_state(
    sessions: Iterable[dict[str, Any]], closures: Iterable[dict[str, Any]], now: datetime
) -> OpenState:
    """Open or closed at ``now`` (timezone-aware), with the next change."""
    sessions, closures = list(sessions), list(closures)
    if not sessions:
        return OpenState(is_open=False, has_hours=False)
    local_now = now.astimezone(UK)
    today = local_now.date()
    reason_today = _closure_on(today, closures)
    if reason_today is None:
        for opens, closes in _sessions_on(today, sessions):
            if opens <= local_now < closes:
                return OpenState(is_open=True, closes_at=_end_of_run(closes, sessions, closures))
    for offset in range(LOOKAHEAD_DAYS + 1):
        day = today + timedelta(days=offset)
        if _closure_on(day, closures) is not None:
            continue
        for opens, _closes in _sessions_on(day, sessions):
            if opens > local_now:
                return OpenState(is_open=False, opens_at=opens, closure_reason=reason_today or "")
    return OpenState(is_open=False, closure_reason=reason_today or "")


def _end_of_run(
    closes: datetime, sessions: list[dict[str, Any]], closures: list[dict[str, Any]]
) -> datetime | None:
    """Where sessions run through midnight into the next day's, the real end (None: 24/7)."""
    end = closes
    for _ in range(8):
        if end.time() != time.max:
            return end
        next_day = end.date() + timedelta(days=1)
        if _closure_on(next_day, closures) is not None:
            return end
        following = [s for s in _sessions_on(next_day, sessions) if s[0].time() == time.min]
        if not following:
            return end
        end = following[0][1]
    return None
