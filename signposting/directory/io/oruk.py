"""Open Referral UK (HSDS 3.0) services: to and from the nested JSON form.

Fields with a place in HSDS map to it. What the project keeps that HSDS has no field for goes in
an ``x_signposting`` extension object, so an export imports back unchanged. HSDS fields with no
place in the project's model are kept, as text, in the service's notes rather than dropped.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from signposting.directory import validation
from signposting.directory.io.checks import RowChecker
from signposting.directory.io.files import load_json
from signposting.directory.io.limits import MAX_ROWS
from signposting.directory.io.model import Problem, ServiceData

EXTENSION = "x_signposting"
STATUS_TO_ORUK = {
    "active": "active",
    "temporarily_closed": "temporarily closed",
    "retired": "inactive",
}
STATUS_FROM_ORUK = {
    "active": "active",
    "temporarily closed": "temporarily_closed",
    "inactive": "retired",
    "defunct": "retired",
}
BYDAY = {"MO": "mon", "TU": "tue", "WE": "wed", "TH": "thu", "FR": "fri", "SA": "sat", "SU": "sun"}
DAY_TO_BYDAY = {day: code for code, day in BYDAY.items()}
CATEGORY_VOCABULARY = "signposting-category"
CONDITION_VOCABULARY = "signposting-condition"
KEPT_AS_NOTES = (
    "application_process",
    "fees_description",
    "accreditations",
    "interpretation_services",
    "languages",
    "cost_options",
    "service_areas",
    "funding",
    "contacts",
    "required_documents",
    "alternate_name",
    "licenses",
)
#: The HSDS field each project field is read from, for locating problems.
ORUK_COLUMNS = {
    "key": "id",
    "website": "url",
    "eligibility_notes": "eligibility_description",
    "min_age": "minimum_age",
    "max_age": "maximum_age",
    "last_verified": "assured_date",
    "phone": "phones",
    "address": "service_at_locations",
    "opening_sessions": "schedules",
    "category": "attributes",
    "conditions": "attributes",
}
EXTENSION_FIELDS = (
    "keywords",
    "access_methods",
    "exclusions",
    "patient_script",
    "snomed_code",
    "snomed_term",
    "review_interval_days",
    "closures",
    "notes",
    "conditions",
    "category",
    "status",
)


def to_oruk(service: ServiceData) -> dict[str, Any]:
    v = service.values
    key = service.key
    terms = [{"id": f"{key}-category", "name": v["category"], "vocabulary": CATEGORY_VOCABULARY}]
    terms += [
        {"id": f"{key}-condition-{i}", "name": c, "vocabulary": CONDITION_VOCABULARY}
        for i, c in enumerate(v.get("conditions") or [])
    ]
    document: dict[str, Any] = {
        "id": key,
        "name": v["name"],
        "description": v.get("description") or "",
        "url": v.get("website"),
        "email": v.get("email"),
        "status": STATUS_TO_ORUK[v.get("status") or "active"],
        "eligibility_description": v.get("eligibility_notes") or "",
        "minimum_age": v.get("min_age"),
        "maximum_age": v.get("max_age"),
        "alert": v.get("alert") or "",
        "assured_date": str(v["last_verified"]) if v.get("last_verified") else None,
        "phones": [{"id": f"{key}-phone", "number": v["phone"]}] if v.get("phone") else [],
        "schedules": [
            {
                "id": f"{key}-schedule-{i}",
                "freq": "WEEKLY",
                "byday": DAY_TO_BYDAY[s["day"]],
                "opens_at": f"{s['opens']}:00",
                "closes_at": f"{s['closes']}:00",
            }
            for i, s in enumerate(v.get("opening_sessions") or [])
        ],
        "service_at_locations": (
            [
                {
                    "id": f"{key}-sal",
                    "location": {
                        "id": f"{key}-location",
                        "name": v["name"],
                        "addresses": [{"id": f"{key}-address", "address_1": v["address"]}],
                    },
                }
            ]
            if v.get("address")
            else []
        ),
        "attributes": [{"id": t["id"] + "-attribute", "taxonomy_term": t} for t in terms],
        EXTENSION: {name: _plain(v.get(name)) for name in EXTENSION_FIELDS},
    }
    return document


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def services_in(document: Any) -> list[Any]:
    """The service objects of a feed: a list, an API page ('contents'), {'services': …}, or
    organizations with nested services."""
    if isinstance(document, dict):
        for name in ("contents", "services", "items"):
            if isinstance(document.get(name), list):
                return services_in(document[name])
        return [document] if "name" in document else []
    if isinstance(document, list):
        found: list[Any] = []
        for item in document:
            if (
                isinstance(item, dict)
                and isinstance(item.get("services"), list)
                and "organization_id" not in item
            ):
                found += [
                    dict(s, organization=item) if isinstance(s, dict) else s
                    for s in item["services"]
                ]
            else:
                found.append(item)
        return found
    return []


def from_oruk(
    item: Any,
    index: int,
    file: str,
    problems: list[Problem],
    extension_place: tuple[str, int] | None = None,
) -> ServiceData | None:
    """One HSDS service as project values; problems are located as item N, field F (the
    extension's fields at ``extension_place`` when they came from another file)."""
    check = RowChecker(file, index, problems)
    if not isinstance(item, dict):
        check.fail("", "is not a service object")
        return None
    key = check.required("id", item.get("id"))
    name = check.required("name", item.get("name"))
    found_extension = item.get(EXTENSION)
    extension: dict[str, Any] = found_extension if isinstance(found_extension, dict) else {}
    terms = [
        a["taxonomy_term"]
        for a in _items(item.get("attributes"))
        if isinstance(a, dict) and isinstance(a.get("taxonomy_term"), dict)
    ]
    categories = [t.get("name") for t in terms if t.get("vocabulary") == CATEGORY_VOCABULARY]
    other_terms = [
        str(t.get("name"))
        for t in terms
        if t.get("name") and t.get("vocabulary") != CATEGORY_VOCABULARY
    ]
    organization = item.get("organization")
    organization_name = organization.get("name") if isinstance(organization, dict) else None
    category = next(
        (str(c) for c in [*categories, *other_terms, organization_name] if c), "Uncategorised"
    )
    phones = [
        p.get("number")
        for p in _items(item.get("phones"))
        if isinstance(p, dict) and p.get("number")
    ]
    minimum, maximum = check.ages(
        "minimum_age", item.get("minimum_age"), "maximum_age", item.get("maximum_age")
    )
    status = STATUS_FROM_ORUK.get(str(item.get("status") or "active").lower())
    if status is None:
        check.fail("status", f"{item.get('status')!r} is not an HSDS service status")
    values: dict[str, Any] = {
        "key": key,
        "name": name,
        "category": str(category),
        "description": str(item.get("description") or ""),
        "conditions": [t for t in other_terms if t != category],
        "keywords": [],
        "access_methods": [],
        "exclusions": [],
        "min_age": minimum,
        "max_age": maximum,
        "eligibility_notes": str(item.get("eligibility_description") or ""),
        "phone": check.apply("phones", validation.uk_phone, str(phones[0])) if phones else None,
        "email": check.apply("email", validation.email, str(item.get("email") or "")) or None,
        "website": check.apply("url", validation.web_address, str(item.get("url") or "")) or None,
        "address": _address(item),
        "opening_sessions": _schedules(check, _items(item.get("schedules"))),
        "closures": [],
        "status": status or "active",
        "alert": str(item.get("alert") or ""),
        "patient_script": "",
        "snomed_code": None,
        "snomed_term": None,
        "last_verified": _assured(check, item.get("assured_date")),
        "review_interval_days": 180,
        "notes": _notes(item),
    }
    places = {name: (file, index, column) for name, column in ORUK_COLUMNS.items()}
    ext_file, ext_row = extension_place or (file, index)
    for name in EXTENSION_FIELDS:
        if name in extension:
            values[name] = extension[name]
            places[name] = (ext_file, ext_row, f"{EXTENSION}.{name}")
    return ServiceData(values, index, file, places)


def _items(value: Any) -> list[Any]:
    """A list field as a list, whatever a broken feed put there."""
    return value if isinstance(value, list) else []


def _address(item: dict[str, Any]) -> str:
    for link in _items(item.get("service_at_locations")):
        location = link.get("location") if isinstance(link, dict) else None
        for address in (
            _items(location.get("addresses") or location.get("address"))
            if isinstance(location, dict)
            else []
        ):
            if isinstance(address, dict):
                parts = [
                    address.get(k)
                    for k in ("address_1", "address_2", "city", "state_province", "postal_code")
                ]
                return ", ".join(str(p) for p in parts if p)
    return ""


def _schedules(check: RowChecker, schedules: list[Any]) -> list[dict[str, str]]:
    sessions = []
    for schedule in schedules:
        if (
            not isinstance(schedule, dict)
            or str(schedule.get("freq", "WEEKLY")).upper() != "WEEKLY"
        ):
            continue
        opens, closes = str(schedule.get("opens_at") or ""), str(schedule.get("closes_at") or "")
        for code in str(schedule.get("byday") or "").split(","):
            day = BYDAY.get(code.strip().upper()[-2:])
            if day is None:
                check.fail("schedules", f"{code!r} is not a day (MO, TU, …)")
                continue
            found = check.apply("schedules", validation.session, day, opens, closes)
            if found:
                sessions.append(found)
    return sessions


def _assured(check: RowChecker, value: Any) -> str | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        check.fail("assured_date", f"{value!r} is not a date")
        return None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _notes(item: dict[str, Any]) -> str:
    kept = [f"{name}: {_text(item[name])}" for name in KEPT_AS_NOTES if item.get(name)]
    return "\n".join(kept)


def read_oruk_json(text: str, file: str) -> tuple[list[ServiceData], list[Problem]]:
    problems: list[Problem] = []
    document = load_json(text, file, 0, problems)
    if problems:
        return [], problems
    items = services_in(document)
    if len(items) > MAX_ROWS:
        return [], [Problem(file, 0, "", f"more than {MAX_ROWS} services")]
    if not items:
        return [], [
            Problem(
                file,
                0,
                "",
                "no services found (expected a list of HSDS services, "
                "an API page with 'contents', or organizations with services)",
            )
        ]
    services = [
        s for i, item in enumerate(items, start=1) if (s := from_oruk(item, i, file, problems))
    ]
    return services, problems


def write_oruk_json(services: list[ServiceData]) -> str:
    # Values stay as they are: JSON is read by programs, never opened as a spreadsheet, so no
    # formula can run from it. The CSV forms go through ``signposting.export.csv_safe``.
    return json.dumps([to_oruk(s) for s in services], ensure_ascii=False, indent=2, default=str)
