"""The parts of an ORUK v1 service (Open Referral UK before HSDS 3.0, still what most live UK
feeds publish) that HSDS 3.0 moved or dropped: ``eligibilitys``, ``holiday_schedules`` and
``attending_access``. Regular schedules, contacts' phones, physical addresses and
``service_taxonomys`` share their readers with HSDS 3.0 (``hsds_parts``, ``schedules``)."""

from __future__ import annotations

from typing import Any

from signposting.directory import validation
from signposting.directory.io.hsds_parts import ServiceReader
from signposting.directory.io.tracking import is_empty
from signposting.domain import AccessMethod

#: ``attending_access`` values that name one of the project's access methods.
ACCESS = {"drop-in": AccessMethod.WALK_IN.value, "referral": AccessMethod.PRACTICE_REFERRAL.value}


def eligibility(
    reader: ServiceReader, item: dict[str, Any]
) -> tuple[Any, Any, list[str], str | None]:
    """The widest age band over the ``eligibilitys`` entries, the words they give ("adult"),
    and the path of the entry the band came from (for problems); (None, None, [], None)
    when the service has none."""
    entries = reader.children(item, "eligibilitys")
    if not entries:
        return None, None, [], None
    lows = [reader.use.take(entry, "minimum_age") for entry, _ in entries]
    highs = [reader.use.take(entry, "maximum_age") for entry, _ in entries]
    words = [
        str(word)
        for entry, _ in entries
        for word in (reader.use.take(entry, "eligibility"), reader.use.take(entry, "gender"))
        if not is_empty(word)
    ]
    low = None if any(is_empty(value) for value in lows) else min(lows, key=_number)
    high = None if any(is_empty(value) for value in highs) else max(highs, key=_number)
    return low, high, words, entries[0][1]


def _number(value: Any) -> float:
    try:
        return float(value)
    except OverflowError:  # a whole number too big for a float: beyond any age either way
        return float("inf") if value > 0 else float("-inf")
    except (TypeError, ValueError):
        return 0.0


def holiday_closures(reader: ServiceReader, item: dict[str, Any]) -> list[dict[str, str]]:
    """``holiday_schedules`` marked closed, as the directory's closures; holiday opening
    hours (not closed) are kept in the service's notes."""
    holders = [(item, "")]
    for link, path in reader.children(item, "service_at_locations"):
        holders.append((link, path))
    closures = []
    for holder, path in holders:
        for holiday, holiday_path in reader.children(holder, "holiday_schedules", path):
            start = reader.use.take(holiday, "start_date")
            end = reader.use.take(holiday, "end_date")
            closed = reader.use.take(holiday, "closed")
            opens = reader.use.take(holiday, "opens_at")
            closes = reader.use.take(holiday, "closes_at")
            try:
                found = validation.closure(str(start or "")[:10], str(end or "")[:10], "holiday")
            except validation.FieldError as exc:
                reader.fail(holiday, holiday_path, "start_date", str(exc))
                continue
            if closed in (True, "true", "True", "TRUE", "1", 1):
                closures.append(found)
            else:
                reader.notes.append(
                    f"Holiday opening {found['start']} to {found['end']}: {opens}-{closes}."
                )
    return closures


def access_methods(reader: ServiceReader, item: dict[str, Any]) -> list[str]:
    """``attending_access`` as the project's access methods where one fits; anything else
    (appointment, membership, and ``attending_type``) is kept in the notes."""
    methods = []
    for name in ("attending_access", "attending_type"):
        value = reader.use.take(item, name)
        if is_empty(value):
            continue
        method = ACCESS.get(str(value).strip().lower()) if name == "attending_access" else None
        if method:
            methods.append(method)
        else:
            reader.use.noted.add(f"service.{name}")
            reader.notes.append(f"{name}: {value}")
    return methods
