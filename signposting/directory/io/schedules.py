"""Open Referral schedules as the desk's weekly opening sessions.

Each schedule's recurrence (freq, interval, byday, bymonthday, byweekno, byyearday, count,
until, wkst, dtstart) is handed to python-dateutil's RFC 5545 ``rrule``. A rule whose dates are
exactly "every week on these days" becomes weekly sessions; any other rule (monthly, fortnightly,
counted) cannot be held by the weekly model, so it is kept as a sentence in the service's notes
and named in the preview. Times are read as UK clock time (see ``clock_time``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from dateutil.rrule import rrule, rrulestr

from signposting.directory import validation
from signposting.directory.io.rule_parts import rule_part_problem
from signposting.directory.io.tracking import FieldUse, is_empty
from signposting.directory.opening import DAY_NAMES, DAYS, UK

BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
#: Where a rule gives no start: a Monday, so a plain weekly rule reads the same every time.
DEFAULT_START = date(2024, 1, 1)
#: How far a rule is followed to see whether it is "every week on these days".
PATTERN_DAYS = 364
_TIME = re.compile(
    r"^(?P<h>\d{1,2}):(?P<m>\d{2})(?::\d{2}(?:\.\d+)?)?\s*"
    r"(?P<zone>Z|[+-]\d{2}(?::?\d{2})?)?$",
    re.IGNORECASE,
)
UK_OFFSETS = (timedelta(0), timedelta(hours=1))
Fail = Callable[[str, str], None]


@dataclass
class ScheduleReading:
    """What one schedule gave: sessions, a note for the service, lines for the preview."""

    sessions: list[dict[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def _offset(zone: str) -> timedelta:
    if zone.upper() == "Z":
        return timedelta(0)
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    return sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))


def clock_time(text: str, hours_offset: Any, on: date) -> tuple[str, str]:
    """A time as UK clock time ``HH:MM``, and a sentence saying how it was converted ("" when
    it was not). ``Z``, ``+00:00`` and ``+01:00`` are the UK's own offsets (GMT and BST), so the
    clock time is as written; any other offset is converted to Europe/London on ``on``. A time
    with no offset, and no ``timezone`` field, is already UK clock time. Raises FieldError."""
    match = _TIME.match(text.strip())
    if not match:
        raise validation.FieldError(f"{text!r} is not a time (HH:MM, optionally with Z or +01:00)")
    clock = validation.clock(f"{int(match['h']):02d}:{match['m']}")
    if match["zone"]:
        offset = _offset(match["zone"])
    elif not is_empty(hours_offset):
        try:
            offset = timedelta(hours=float(hours_offset))
        except (TypeError, ValueError, OverflowError) as exc:
            raise validation.FieldError(f"timezone {hours_offset!r} is not hours from UTC") from exc
    else:
        return clock, ""
    if offset in UK_OFFSETS:
        return clock, f"{text.strip()} read as UK clock time {clock}"
    if clock == "24:00" or abs(offset) > timedelta(hours=14):
        raise validation.FieldError(f"{text!r} cannot be converted to UK time")
    hours, minutes = (int(part) for part in clock.split(":"))
    try:
        moment = datetime.combine(on, time(hours, minutes), timezone(offset)).astimezone(UK)
    except OverflowError as exc:  # on 31 December 9999
        raise validation.FieldError(f"{text!r} cannot be converted to UK time") from exc
    if moment.date() != on:
        raise validation.FieldError(f"{text!r} falls on another day in UK time")
    local = moment.strftime("%H:%M")
    return local, f"{text.strip()} converted to UK time {local} (as on {on.isoformat()})"


def _date(value: Any) -> date | None:
    """A date from ``2026-01-31`` or a date-time; raises ValueError."""
    if is_empty(value):
        return None
    return date.fromisoformat(str(value).strip()[:10])


def _rule_text(values: dict[str, Any], start: date) -> str:
    parts = [f"FREQ={values['freq']}"]
    for name in ("interval", "byday", "bymonthday", "byweekno", "byyearday", "count", "wkst"):
        value = values.get(name)
        if not is_empty(value):
            text = str(int(value)) if isinstance(value, float) and value.is_integer() else value
            parts.append(f"{name.upper()}={str(text).replace(' ', '')}")
    return f"DTSTART:{start:%Y%m%d}\nRRULE:{';'.join(parts)}"


def recurrence(values: dict[str, Any], start: date) -> rrule:
    """The schedule's RRULE as dateutil reads it; raises ValueError for a malformed rule."""
    rule = rrulestr(_rule_text(values, start))
    if not isinstance(rule, rrule):
        raise ValueError("not a single recurrence rule")
    return rule


def weekly_days(rule: rrule, start: date) -> list[str] | None:
    """The days of the week, when the rule's dates are exactly every week on those days;
    None for any other rule (monthly, fortnightly, …)."""
    first = datetime.combine(start, time())
    last = first + timedelta(PATTERN_DAYS - 1)
    found = {moment.date() for moment in rule.between(first, last, inc=True)}
    weekdays = {day.weekday() for day in found}
    every = {
        start + timedelta(n)
        for n in range(PATTERN_DAYS)
        if (start + timedelta(n)).weekday() in weekdays
    }
    if not found or found != every:
        return None
    return [DAYS[number] for number in sorted(weekdays)]


def _ordinal(number: int) -> str:
    if number == -1:
        return "last"
    if number < 0:
        return f"{_ordinal(-number)} from last"
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


_DAY_TOKEN = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")


def _listed(value: Any) -> list[str]:
    """A rule part's values, without the spaces ``_rule_text`` took out for dateutil."""
    return [part.upper() for part in _unspaced(value).split(",") if part]


def _unspaced(value: Any) -> str:
    return str(value or "").replace(" ", "")


def describe_rule(values: dict[str, Any], start: date) -> str:
    """A rule dateutil has accepted, in words a receptionist can read aloud ("the 2nd
    Tuesday of each month")."""
    interval = int(float(_unspaced(values.get("interval")) or 1))
    days, ordinal_days = [], []
    for token in _listed(values.get("byday")):
        match = _DAY_TOKEN.match(token)
        if match is None:
            continue
        name = DAY_NAMES[BYDAY.index(match.group(2))]
        if match.group(1):
            ordinal_days.append(f"the {_ordinal(int(match.group(1)))} {name}")
        else:
            days.append(name)
    month_days = [_ordinal(int(day)) for day in _listed(values.get("bymonthday"))]
    freq = str(values["freq"])
    if freq == "MONTHLY":
        which = ordinal_days + [f"every {day}" for day in days]
        which += [f"day {', '.join(month_days)}"] if month_days else []
        which = which or [f"day {_ordinal(start.day)}"]
        every = "each month" if interval == 1 else f"every {interval} months"
        text = f"{' and '.join(which)} of {every}"
    elif freq == "WEEKLY":
        every = "every week" if interval == 1 else f"every {interval} weeks"
        on = " and ".join(days) or DAY_NAMES[start.weekday()]
        text = f"{every} on {on}, counting from {start:%d %b %Y}"
    else:
        text = f"{freq.lower()} rule {_rule_text(values, start).split(':', 2)[-1]}"
    if not is_empty(values.get("count")):
        text += f", {values['count']} times"
    return text


def _sessions(days: list[str], opens: str, closes: str) -> list[dict[str, str]]:
    """Sessions for each day; one that runs past midnight continues into the next day."""
    if closes == "00:00":
        closes = "24:00"
    found = []
    for day in days:
        if closes > opens:
            found.append(validation.session(day, opens, closes))
            continue
        found.append(validation.session(day, opens, "24:00"))
        if closes != "00:00":
            following = DAYS[(DAYS.index(day) + 1) % 7]
            found.append(validation.session(following, "00:00", closes))
    return found


def _validity(
    values: dict[str, Any], fail: Fail
) -> tuple[date | None, date | None, date | None] | None:
    """(valid_from, the day it ends (valid_to or until), dtstart), or None with a problem."""
    try:
        valid_from, valid_to = _date(values["valid_from"]), _date(values["valid_to"])
        until, dtstart = _date(values["until"]), _date(values["dtstart"])
    except ValueError:
        fail("valid_from", "valid_from, valid_to, dtstart and until are dates (yyyy-mm-dd)")
        return None
    ends = min((d for d in (valid_to, until) if d is not None), default=None)
    return valid_from, ends, dtstart


def read_schedule(
    schedule: dict[str, Any], use: FieldUse, fail: Fail, today: date, who: str
) -> ScheduleReading:
    """One schedule (HSDS 3.0 ``schedules`` or ORUK v1 ``regular_schedules``) read for the
    service ``who`` names; problems go to ``fail(field, message)``."""
    reading = ScheduleReading()
    values = {
        name: use.take(schedule, name)
        for name in (
            *("freq", "interval", "byday", "bymonthday", "byweekno", "byyearday"),
            *("count", "until", "wkst", "dtstart", "valid_from", "valid_to", "timezone"),
            *("opens_at", "closes_at", "weekday"),
        )
    }
    # The description is read only where the weekly hours cannot say it for it.
    values["description"] = schedule.get("description")
    dates = _validity(values, fail)
    if dates is None:
        return reading
    valid_from, ends, dtstart = dates
    if ends is not None and ends < today:
        reading.notices.append(f"{who}: a schedule that ended on {ends.isoformat()} was left out")
        return reading
    if is_empty(values["byday"]) and not is_empty(values["weekday"]):
        values["byday"] = _weekday_code(values["weekday"])
    values["freq"] = str(values["freq"] or "WEEKLY").strip().upper()
    values["until"] = None
    start = dtstart or valid_from or DEFAULT_START
    if is_empty(values["opens_at"]) and is_empty(values["closes_at"]):
        if values["description"]:
            use.take(schedule, "description")
            reading.notes.append(f"Opening times: {values['description']}")
            reading.notices.append(f"{who}: a schedule without times kept in the service's notes")
        return reading
    if (problem := rule_part_problem(values, has_start=dtstart is not None)) is not None:
        fail(*problem)
        return reading
    try:
        rule = recurrence(values, start)
        # Following the rule can fail too: "60MO" in a month, dates past the year 9999.
        days = (
            None
            if values["count"] or (valid_from and valid_from > today)
            else weekly_days(rule, start)
        )
    except (ValueError, TypeError, KeyError, IndexError, OverflowError) as exc:
        fail("byday", f"not a recurrence rule ({str(exc)[:80]})")
        return reading
    opens_text, closes_text = str(values["opens_at"] or ""), str(values["closes_at"] or "")
    on = max(start, today)
    column = "opens_at"  # the time being converted, for a problem
    try:
        opens, opens_said = clock_time(opens_text, values["timezone"], on)
        column = "closes_at"
        closes, closes_said = clock_time(closes_text, values["timezone"], on)
    except validation.FieldError as exc:
        fail(column, str(exc))
        return reading
    reading.notices += [f"{who}: {said}" for said in (opens_said, closes_said) if said]
    if days is not None:
        try:
            reading.sessions = _sessions(days, opens, closes)
        except validation.FieldError as exc:
            fail("closes_at", str(exc))
        if ends is not None:
            reading.notes.append(f"These opening times end on {ends.isoformat()}.")
            reading.notices.append(f"{who}: opening times end on {ends.isoformat()}")
        return reading
    when = describe_rule(values, start)
    if valid_from and valid_from > today:
        when = f"from {valid_from.isoformat()}, {when}"
    said = f" ({use.take(schedule, 'description')})" if values["description"] else ""
    reading.notes.append(f"Also open {when}, {opens}-{closes}{said}.")
    reading.notices.append(
        f"{who}: '{when}, {opens}-{closes}' cannot be held as weekly opening hours; "
        "kept in the service's notes"
    )
    return reading


def _weekday_code(value: Any) -> str:
    """An ORUK v1 ``weekday`` (1 = Monday … 7 = Sunday, or a day's name) as an RRULE day."""
    text = str(value).strip()
    number = text.lstrip("0")
    if len(number) == 1 and number in "1234567":  # not int(): "²" is a digit, and "1" * 5000
        return BYDAY[int(number) - 1]
    return text[:2].upper()
