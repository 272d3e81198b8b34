"""Opening times: several sessions a day, closures, and the next opening."""

from __future__ import annotations

from datetime import UTC, datetime

from signposting.directory.opening import open_state

WEEKDAYS = [
    {"day": day, "opens": opens, "closes": closes}
    for day in ("mon", "tue", "wed", "thu", "fri")
    for opens, closes in (("09:00", "12:30"), ("13:30", "17:00"))
]
ALWAYS = [
    {"day": day, "opens": "00:00", "closes": "24:00"}
    for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
]


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment in November 2026 (GMT, so UTC is London time)."""
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


def test_open_in_a_session_until_its_end() -> None:
    state = open_state(WEEKDAYS, [], at(24, 10))
    assert state.is_open
    assert state.describe(at(24, 10)) == "Open now until 12:30"


def test_lunch_break_between_sessions() -> None:
    state = open_state(WEEKDAYS, [], at(24, 12, 45))
    assert not state.is_open
    assert state.describe(at(24, 12, 45)) == "Closed: opens 13:30"


def test_weekend_opens_monday() -> None:
    state = open_state(WEEKDAYS, [], at(28, 10))  # Saturday
    assert state.describe(at(28, 10)) == "Closed: opens Mon 30 Nov 09:00"


def test_closure_with_reason() -> None:
    closures = [{"start": "2026-12-25", "end": "2026-12-28", "reason": "Christmas"}]
    now = datetime(2026, 12, 25, 10, 0, tzinfo=UTC)
    state = open_state(WEEKDAYS, closures, now)
    assert not state.is_open
    assert state.describe(now) == "Closed (Christmas): opens Tue 29 Dec 09:00"


def test_summer_time_is_london_time() -> None:
    # 08:30 UTC in July is 09:30 in London.
    assert open_state(WEEKDAYS, [], datetime(2026, 7, 14, 8, 30, tzinfo=UTC)).is_open
    assert not open_state(WEEKDAYS, [], datetime(2026, 7, 14, 7, 30, tzinfo=UTC)).is_open


def test_round_the_clock() -> None:
    state = open_state(ALWAYS, [], at(24, 3))
    assert state.is_open
    assert state.describe(at(24, 3)) == "Open now (24 hours)"


def test_no_hours_recorded() -> None:
    state = open_state([], [], at(24, 10))
    assert not state.has_hours
    assert state.describe(at(24, 10)) == "Opening hours not recorded"
