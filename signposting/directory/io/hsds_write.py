"""A directory service as an HSDS 3.0 service object (the nested JSON form).

Every object has a stable UUID (``hsds_ids``) and the fields the HSDS 3.0 schemas require;
optional fields with no value are left out rather than written as null. What the project keeps
that HSDS has no field for, and the project's own key, go in the ``x_signposting`` extension
object, so an export imports back exactly as it was.
"""

from __future__ import annotations

import re
from typing import Any

from signposting.directory.io.hsds_ids import part_id, service_id, term_id
from signposting.directory.io.model import ServiceData
from signposting.directory.opening import DAY_NAMES, DAYS

EXTENSION = "x_signposting"
STATUS_TO_HSDS = {
    "active": "active",
    "temporarily_closed": "temporarily closed",
    "retired": "inactive",
}
DAY_TO_BYDAY = dict(zip(DAYS, ("MO", "TU", "WE", "TH", "FR", "SA", "SU"), strict=True))
CATEGORY_VOCABULARY = "signposting-category"
CONDITION_VOCABULARY = "signposting-condition"
TERM_DESCRIPTIONS = {
    CATEGORY_VOCABULARY: "A category of service in a GP practice's signposting directory.",
    CONDITION_VOCABULARY: "A need or condition a service in the directory helps with.",
}
#: Project fields kept in the extension: those HSDS has no field for, and those an HSDS field
#: would not give back exactly (the key, the address as typed, category and conditions).
EXTENSION_FIELDS = (
    "key",
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
    "address",
)
_POSTCODE = re.compile(r"\b([A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})\s*$", re.IGNORECASE)


def address_parts(text: str) -> dict[str, str]:
    """The required HSDS address fields from the directory's one-line address: a UK postcode
    at the end, the town before it, the rest as the first line."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    postcode = ""
    if parts and (match := _POSTCODE.search(parts[-1])):
        postcode = match.group(1).upper()
        rest = parts[-1][: match.start()].strip()
        parts = [*parts[:-1], rest] if rest else parts[:-1]
    city = parts.pop() if len(parts) > 1 else ""
    return {
        "address_1": ", ".join(parts),
        "city": city,
        "state_province": "",
        "postal_code": postcode,
        "country": "GB",
        "address_type": "physical",
    }


def _present(document: dict[str, Any]) -> dict[str, Any]:
    """Optional fields without a value are left out: HSDS types them as strings or numbers."""
    return {name: value for name, value in document.items() if value not in (None, "")}


def _schedule(practice: str, key: str, number: int, session: dict[str, str]) -> dict[str, Any]:
    name = DAY_NAMES[DAYS.index(session["day"])]
    return {
        "id": part_id(practice, key, "schedule", number),
        "service_id": service_id(practice, key),
        "freq": "WEEKLY",
        "byday": DAY_TO_BYDAY[session["day"]],
        "opens_at": f"{session['opens']}:00",
        "closes_at": f"{session['closes']}:00",
        "description": f"{name} {session['opens']}-{session['closes']} (UK time)",
    }


def _attributes(practice: str, key: str, values: dict[str, Any]) -> list[dict[str, Any]]:
    terms = [(CATEGORY_VOCABULARY, str(values["category"]))]
    terms += [(CONDITION_VOCABULARY, str(name)) for name in values.get("conditions") or []]
    attributes = []
    for number, (vocabulary, name) in enumerate(terms):
        term = term_id(practice, vocabulary, name)
        attributes.append(
            {
                "id": part_id(practice, key, "attribute", number),
                "link_id": service_id(practice, key),
                "link_entity": "service",
                "taxonomy_term_id": term,
                "taxonomy_term": {
                    "id": term,
                    "name": name,
                    "description": TERM_DESCRIPTIONS[vocabulary],
                    "taxonomy": vocabulary,
                },
            }
        )
    return attributes


def _locations(practice: str, key: str, values: dict[str, Any]) -> list[dict[str, Any]]:
    if not values.get("address"):
        return []
    location = part_id(practice, key, "location")
    return [
        {
            "id": part_id(practice, key, "service_at_location"),
            "service_id": service_id(practice, key),
            "location_id": location,
            "location": {
                "id": location,
                "location_type": "physical",
                "name": values["name"],
                "addresses": [
                    {
                        "id": part_id(practice, key, "address"),
                        "location_id": location,
                        **address_parts(str(values["address"])),
                    }
                ],
            },
        }
    ]


def to_hsds(service: ServiceData, practice: str) -> dict[str, Any]:
    """The service as an HSDS 3.0 service object with its phones, schedules, location,
    organization and taxonomy terms nested, and the ``x_signposting`` extension."""
    values, key = service.values, service.key
    this = service_id(practice, key)
    organization = part_id(practice, key, "organization")
    document = _present(
        {
            "id": this,
            "organization_id": organization,
            "name": values["name"],
            "description": values.get("description"),
            "url": values.get("website"),
            "email": values.get("email"),
            "status": STATUS_TO_HSDS[values.get("status") or "active"],
            "eligibility_description": values.get("eligibility_notes"),
            "minimum_age": values.get("min_age"),
            "maximum_age": values.get("max_age"),
            "assured_date": str(values["last_verified"]) if values.get("last_verified") else None,
            "alert": values.get("alert"),
        }
    )
    phone = values.get("phone")
    document["phones"] = (
        [{"id": part_id(practice, key, "phone"), "service_id": this, "number": phone}]
        if phone
        else []
    )
    sessions = values.get("opening_sessions") or []
    document["schedules"] = [_schedule(practice, key, n, s) for n, s in enumerate(sessions)]
    document["service_at_locations"] = _locations(practice, key, values)
    document["organization"] = {
        "id": organization,
        "name": values["name"],
        "description": values.get("description") or "",
    }
    document["attributes"] = _attributes(practice, key, values)
    document[EXTENSION] = {name: _plain(values.get(name)) for name in EXTENSION_FIELDS}
    return document


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return list(value)
    return value.isoformat() if hasattr(value, "isoformat") else value
