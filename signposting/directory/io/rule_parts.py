"""Bounds on a schedule's recurrence-rule parts, checked before the rule is followed.

A rule is followed over a year to see whether it is "every week on these days". Rules that
repeat every second or minute, or whose parts can never match ("the 99th day of the month"),
would keep the date library busy for seconds to minutes, so they are refused with a located
problem instead. Open Referral's HSDS 3.0 allows WEEKLY and MONTHLY; DAILY and YEARLY are read
as well, since published feeds use them.
"""

from __future__ import annotations

import re
from typing import Any

from signposting.directory.io.tracking import is_empty

FREQUENCIES = ("WEEKLY", "MONTHLY", "DAILY", "YEARLY")
MAX_INTERVAL = 52
#: Each numeric part's allowed magnitude (the sign says "from the end").
LIMITS = {"bymonthday": 31, "byyearday": 366, "byweekno": 53}
_NUMBER = re.compile(r"^[+-]?\d{1,3}$")
_DAY = re.compile(r"^(?P<n>[+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")


def _numbers(value: Any) -> list[str]:
    return [part for part in str(value).replace(" ", "").upper().split(",") if part]


def rule_part_problem(values: dict[str, Any], *, has_start: bool) -> tuple[str, str] | None:
    """(field, message) for the first rule part missing or out of bounds, or None."""
    freq = str(values["freq"])
    if freq == "WEEKLY" and is_empty(values.get("byday")) and not has_start:
        return "byday", "a weekly schedule needs its days (byday: MO,TU,…)"
    if freq not in FREQUENCIES:
        return "freq", f"'{freq[:20]}' is not a frequency read here ({', '.join(FREQUENCIES)})"
    return (
        _interval_problem(values.get("interval"))
        or _number_problem(values)
        or _day_problem(values.get("byday"), 5 if freq == "MONTHLY" else 53)
    )


def _interval_problem(interval: Any) -> tuple[str, str] | None:
    if is_empty(interval):
        return None
    text = str(interval).replace(" ", "")
    if text.endswith(".0"):
        text = text[:-2]
    if not text.isascii() or not text.isdigit() or not 1 <= int(text[:4]) <= MAX_INTERVAL:
        return "interval", f"the interval is a whole number from 1 to {MAX_INTERVAL}"
    return None


def _number_problem(values: dict[str, Any]) -> tuple[str, str] | None:
    for name, limit in LIMITS.items():
        if is_empty(values.get(name)):
            continue
        for part in _numbers(values[name]):
            if not _NUMBER.match(part) or not 1 <= abs(int(part)) <= limit:
                return name, f"each {name} value is from 1 to {limit} (or -1 to -{limit})"
    return None


def _day_problem(byday: Any, ordinal_limit: int) -> tuple[str, str] | None:
    if is_empty(byday):
        return None
    for part in _numbers(byday):
        match = _DAY.match(part)
        if match is None:
            return "byday", f"'{part[:20]}' is not a day (MO, TU, … or 2TU, -1FR)"
        number = match.group("n")
        if number is not None and not 1 <= abs(int(number)) <= ordinal_limit:
            return "byday", f"a day's number is from 1 to {ordinal_limit} (or -1 for the last)"
    return None
