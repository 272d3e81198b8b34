"""An Open Referral service object (HSDS 3.0, or ORUK v1 names) as the directory's values.

Every field the directory has a place for is mapped; what it has no field for but a manager
would want (fees, how to apply, extra phone numbers, a monthly schedule) is kept as text in the
service's notes; everything else is left to ``FieldUse`` to name in the preview. A service
written by this project carries ``x_signposting``, whose values win, so an export round-trips.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from signposting.directory import validation
from signposting.directory.io.checks import RowChecker
from signposting.directory.io.hsds_parts import (
    ServiceReader,
    address_text,
    join_text,
    locations,
    phone_numbers,
    taxonomy_terms,
)
from signposting.directory.io.hsds_write import (
    CATEGORY_VOCABULARY,
    EXTENSION,
    EXTENSION_FIELDS,
)
from signposting.directory.io.model import ServiceData
from signposting.directory.io.oruk_v1 import access_methods, eligibility, holiday_closures
from signposting.directory.io.schedules import read_schedule
from signposting.directory.io.tracking import is_empty

STATUS_FROM_HSDS = {
    "active": "active",
    "temporarily closed": "temporarily_closed",
    "inactive": "retired",
    "defunct": "retired",
}
#: Service fields with no field of their own, kept as text in the notes.
KEPT_AS_NOTES = (
    "application_process",
    "fees_description",
    "fees",
    "accreditations",
    "interpretation_services",
    "wait_time",
    "languages",
    "cost_options",
    "service_areas",
    "funding",
    "fundings",
    "required_documents",
    "licenses",
    "deliverable_type",
)
SCHEDULE_KEYS = ("schedules", "regular_schedules", "regular_schedule")
#: The HSDS field each project field is read from, for locating problems.
COLUMNS = {
    "key": "id",
    "website": "url",
    "eligibility_notes": "eligibility_description",
    "min_age": "minimum_age",
    "max_age": "maximum_age",
    "last_verified": "assured_date",
    "address": "service_at_locations",
    "opening_sessions": "schedules",
    "category": "attributes",
    "conditions": "attributes",
    "keywords": "alternate_name",
}


def from_hsds(
    item: Any, reader: ServiceReader, extension_place: tuple[str, int] | None = None
) -> ServiceData | None:
    """One service object as project values, or None (with a problem) if it is not one."""
    file, index, use = reader.file, reader.index, reader.use
    check = RowChecker(file, index, reader.problems)
    if not isinstance(item, dict):
        check.fail("", "is not a service object")
        return None
    key = check.required("id", use.take(item, "id"))
    name = check.required("name", use.take(item, "name"))
    found_extension = use.take(item, EXTENSION)
    extension: dict[str, Any] = found_extension if isinstance(found_extension, dict) else {}
    if extension:
        _mark_own_export(reader, item)
    who = f"{name or key} (row {index})"
    places = {field: (file, index, column) for field, column in COLUMNS.items()}
    values: dict[str, Any] = {"key": key, "name": name}
    values.update(_category(reader, item))
    values.update(_eligibility(reader, item, check, places))
    values.update(_contact(reader, item, check, places))
    values["address"] = _address(reader, item)
    values["opening_sessions"] = _opening(reader, item, who, places)
    values["closures"] = holiday_closures(reader, item)
    values["access_methods"] = access_methods(reader, item)
    alternate = use.take(item, "alternate_name")
    values["keywords"] = [str(alternate)] if not is_empty(alternate) else []
    values["exclusions"] = []
    status_text = str(use.take(item, "status") or "active").strip().lower()
    status = STATUS_FROM_HSDS.get(status_text)
    if status is None:
        check.fail("status", f"{status_text!r} is not an HSDS service status")
    values["status"] = status or "active"
    values["description"] = str(use.take(item, "description") or "")
    values["alert"] = str(use.take(item, "alert") or "")
    values["last_verified"] = _assured(check, use.take(item, "assured_date"))
    values.update(patient_script="", snomed_code=None, snomed_term=None)
    values["review_interval_days"] = 180
    values["notes"] = _notes(reader, item)
    ext_file, ext_row = extension_place or (file, index)
    for field in EXTENSION_FIELDS:
        if field in extension:
            values[field] = use.take(extension, field)
            places[field] = (ext_file, ext_row, f"{EXTENSION}.{field}")
    return ServiceData(values, index, file, places)


def _mark_own_export(reader: ServiceReader, item: dict[str, Any]) -> None:
    """Fields this project writes from what the extension already holds are not 'ignored'."""
    reader.use.take(item, "organization")
    reader.use.take_all(item.get("organization"))
    for _link, _path, location, _location_path in locations(reader, item):
        for name in ("name", "location_type"):
            reader.use.take(location, name)
    for schedule in _listed(item.get("schedules")):
        reader.use.take(schedule, "description")
    for attribute in _listed(item.get("attributes")):
        if isinstance(attribute, dict):
            reader.use.take(attribute, "link_entity")
            reader.use.take(attribute.get("taxonomy_term"), "description")


def _listed(value: Any) -> list[Any]:
    """A field that should hold a list, as one (empty when it holds anything else)."""
    return value if isinstance(value, list) else []


def _category(reader: ServiceReader, item: dict[str, Any]) -> dict[str, Any]:
    terms = taxonomy_terms(reader, item)
    categories = [name for vocabulary, name in terms if vocabulary == CATEGORY_VOCABULARY]
    others = [name for vocabulary, name in terms if vocabulary != CATEGORY_VOCABULARY]
    category = next(iter(categories + others), None)
    if category is None:
        organization = item.get("organization")
        if isinstance(organization, dict):
            reader.use.take(item, "organization")
            category = reader.use.take(organization, "name")
    category = str(category) if not is_empty(category) else "Uncategorised"
    return {"category": category, "conditions": [name for name in others if name != category]}


def _eligibility(
    reader: ServiceReader, item: dict[str, Any], check: RowChecker, places: dict[str, Any]
) -> dict[str, Any]:
    low, high = reader.use.take(item, "minimum_age"), reader.use.take(item, "maximum_age")
    low_column, high_column = "minimum_age", "maximum_age"
    v1_low, v1_high, words, path = eligibility(reader, item)
    if path is not None and is_empty(low) and is_empty(high):
        low, high = v1_low, v1_high
        low_column, high_column = f"{path}.minimum_age", f"{path}.maximum_age"
        places["min_age"] = (reader.file, reader.index, low_column)
        places["max_age"] = (reader.file, reader.index, high_column)
    minimum, maximum = check.ages(low_column, _whole(low), high_column, _whole(high))
    notes = str(reader.use.take(item, "eligibility_description") or "")
    if words:
        said = f"Eligibility: {', '.join(words)}."
        notes = f"{notes} {said}".strip() if notes else said
    return {"min_age": minimum, "max_age": maximum, "eligibility_notes": notes}


def _whole(value: Any) -> Any:
    """An age as feeds write it: 18, 18.0 or "18"."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _contact(
    reader: ServiceReader, item: dict[str, Any], check: RowChecker, places: dict[str, Any]
) -> dict[str, Any]:
    numbers = phone_numbers(reader, item)
    phone = None
    if numbers:
        first, path, number = numbers[0]
        try:
            phone = validation.uk_phone(number) or None
        except validation.FieldError as exc:
            reader.fail(first, path, "number", str(exc))
        places["phone"] = reader.place(first, path, "number")
        extension = reader.use.note("phone", first, "extension")
        if not is_empty(extension):
            reader.notes.append(f"Phone extension: {_whole(extension)}.")
        others = list(dict.fromkeys(n for _, _, n in numbers[1:] if n != number))
        if others:
            reader.notes.append(f"Other phone numbers: {', '.join(others)}.")
    email = check.apply("email", validation.email, str(reader.use.take(item, "email") or ""))
    url = str(reader.use.take(item, "url") or "")
    website = check.apply("url", validation.web_address, url)
    return {"phone": phone, "email": email or None, "website": website or None}


def _address(reader: ServiceReader, item: dict[str, Any]) -> str:
    texts = [
        text
        for _link, _path, location, path in locations(reader, item)
        if (text := address_text(reader, location, path))
    ]
    if len(texts) > 1:
        reader.notes.append(f"Also at: {'; '.join(texts[1:])}.")
    return texts[0] if texts else ""


def _opening(
    reader: ServiceReader, item: dict[str, Any], who: str, places: dict[str, Any]
) -> list[dict[str, str]]:
    """Sessions from the service's own schedules; failing those, its first location's."""
    holders: list[tuple[Any, str]] = [(item, "")]
    for link, path, location, location_path in locations(reader, item):
        holders += [(link, path), (location, location_path)]
    for holder, path in holders:
        schedules = reader.first_children(holder, SCHEDULE_KEYS, path)
        if not schedules:
            continue
        sessions = []
        for schedule, schedule_path in schedules:

            def fail(
                name: str, message: str, at: Any = schedule, where: str = schedule_path
            ) -> None:
                reader.fail(at, where, name, message)

            file, row, column = reader.place(schedule, schedule_path, "")
            said = f"{who}, {column.rstrip('.')}" if column else f"{who}, {file} row {row}"
            reading = read_schedule(schedule, reader.use, fail, reader.today, said)
            sessions += reading.sessions
            reader.notes += reading.notes
            reader.notices += reading.notices
        places["opening_sessions"] = reader.place(schedules[0][0], schedules[0][1], "opens_at")
        return sessions
    return []


def _assured(check: RowChecker, value: Any) -> str | None:
    if is_empty(value):
        return None
    try:
        return date.fromisoformat(str(value).strip()[:10]).isoformat()
    except ValueError:
        check.fail("assured_date", f"{value!r} is not a date")
        return None


def _notes(reader: ServiceReader, item: dict[str, Any]) -> str:
    kept = []
    for name in KEPT_AS_NOTES:
        value = reader.use.note("service", item, name)
        text = join_text(value).strip()
        if text:
            kept.append(f"{name}: {text}")
    return "\n".join([*kept, *reader.notes])
