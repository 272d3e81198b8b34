"""Checks on directory fields, each returning the cleaned value or raising a plain message.

Used by imports (which add file, row and column) and by the editor (which shows the message
beside the field as the manager types)."""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from urllib.parse import urlparse

import phonenumbers

from signposting.directory.opening import DAYS

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_CLOCK = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)(:\d\d)?$")
NATIONAL_SHORT_NUMBERS = {"111", "999", "112", "116123", "116 123"}
#: Ofcom's ranges reserved for drama and examples (never in service), accepted so demo and
#: training directories can use numbers that ring nobody. National numbers without the 0.
UK_NATIONAL_DIGITS = 10
OFCOM_FICTION_PREFIXES = (
    "1632960",
    "2079460",
    "1134960",
    "1144960",
    "1154960",
    "1164960",
    "1174960",
    "1184960",
    "1214960",
    "1314960",
    "1414960",
    "1514960",
    "1614960",
    "1914980",
    "2896496",
    "2920180",
    "7700900",
    "8081570",
    "9098790",
    "3069990",
)


class FieldError(ValueError):
    """A value a field cannot take; the message says what is expected."""


@cache
def uk_phone(text: str) -> str:
    """A UK number in national format (01632 960101), or a national short number (111)."""
    value = text.strip()
    if not value:
        return ""
    if value in NATIONAL_SHORT_NUMBERS:
        return value
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException as exc:
        raise FieldError(f"{value!r} is not a phone number") from exc
    national = str(number.national_number)
    fictional = (
        number.country_code == 44
        and len(national) == UK_NATIONAL_DIGITS
        and national.startswith(OFCOM_FICTION_PREFIXES)
    )
    if not phonenumbers.is_possible_number(number) or not (
        phonenumbers.is_valid_number(number) or fictional
    ):
        raise FieldError(f"{value!r} is not a valid UK phone number")
    if number.country_code != 44:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def web_address(text: str) -> str:
    value = text.strip()
    if not value:
        return ""
    try:
        parsed = urlparse(value if "://" in value else f"https://{value}")
        parsed.port  # noqa: B018 - raises on a malformed host or port
    except ValueError as exc:
        raise FieldError(f"{value!r} is not a web address (https://…)") from exc
    if parsed.scheme not in ("http", "https") or "." not in parsed.netloc or " " in value:
        raise FieldError(f"{value!r} is not a web address (https://…)")
    return parsed.geturl()


def email(text: str) -> str:
    value = text.strip()
    if value and not _EMAIL.match(value):
        raise FieldError(f"{value!r} is not an email address")
    return value


def age(text: str | int | None) -> int | None:
    if text is None or str(text).strip() == "":
        return None
    try:
        years = int(str(text).strip())
    except ValueError as exc:
        raise FieldError(f"{text!r} is not a whole number of years") from exc
    if not 0 <= years <= 130:
        raise FieldError(f"{years} is not an age from 0 to 130")
    return years


@cache
def clock(text: str) -> str:
    match = _CLOCK.match(text.strip())
    if not match or (match.group(1) == "24" and match.group(2) != "00"):
        raise FieldError(f"{text!r} is not a time (HH:MM)")
    return f"{match.group(1)}:{match.group(2)}"


def session(day: str, opens: str, closes: str) -> dict[str, str]:
    name = day.strip().lower()[:3]
    if name not in DAYS:
        raise FieldError(f"{day!r} is not a day of the week")
    start, end = clock(opens), clock(closes)
    if start >= end:
        raise FieldError(f"a session must close after it opens ({start}-{end})")
    return {"day": name, "opens": start, "closes": end}


def closure(start: str, end: str, reason: str) -> dict[str, str]:
    try:
        first, last = date.fromisoformat(start.strip()), date.fromisoformat((end or start).strip())
    except ValueError as exc:
        raise FieldError(f"closure dates are yyyy-mm-dd ({start!r} to {end!r})") from exc
    if last < first:
        raise FieldError("a closure must end on or after the day it starts")
    return {"start": first.isoformat(), "end": last.isoformat(), "reason": reason.strip()}
