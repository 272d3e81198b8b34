"""Joining a data package's tables back into nested service objects, as the JSON form nests
them (HSDS 3.0 names, and ORUK v1's where its tables differ), so one reader reads both.

Each joined row remembers its file and row, so a problem in ``phones.csv`` row 7 says so.
A row that links to no service (a phone of an organisation only, say) is counted and named in
the preview rather than dropped silently.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from signposting.directory.io.files import load_json
from signposting.directory.io.hsds_parts import Row
from signposting.directory.io.hsds_write import EXTENSION
from signposting.directory.io.model import Problem

#: Tables joined to services, and the key each is nested under in its parent.
NESTED_UNDER = {
    "phone": "phones",
    "schedule": "schedules",
    "regular_schedule": "regular_schedules",
    "holiday_schedule": "holiday_schedules",
    "contact": "contacts",
    "eligibility": "eligibilitys",
    "language": "languages",
    "cost_option": "cost_options",
    "funding": "funding",
    "service_area": "service_areas",
    "required_document": "required_documents",
    "address": "addresses",
    "physical_address": "physical_addresses",
    "accessibility": "accessibility",
    "accessibility_for_disabilities": "accessibility_for_disabilities",
}
#: Which parents a table's rows may belong to, most specific first: (link column, parent).
PARENTS = {
    "phone": (
        ("service_id", "service"),
        ("service_at_location_id", "service_at_location"),
        ("contact_id", "contact"),
        ("location_id", "location"),
    ),
    "schedule": (
        ("service_at_location_id", "service_at_location"),
        ("service_id", "service"),
        ("location_id", "location"),
    ),
    "contact": (("service_id", "service"), ("service_at_location_id", "service_at_location")),
    "language": (("service_id", "service"), ("location_id", "location")),
    "address": (("location_id", "location"),),
    "accessibility": (("location_id", "location"),),
}
PARENTS["regular_schedule"] = PARENTS["holiday_schedule"] = PARENTS["schedule"]
PARENTS["physical_address"] = PARENTS["address"]
PARENTS["accessibility_for_disabilities"] = PARENTS["accessibility"]
for _table in ("eligibility", "cost_option", "funding", "service_area", "required_document"):
    PARENTS[_table] = (("service_id", "service"),)
#: Every table this reader uses.
KNOWN = {
    *NESTED_UNDER,
    "service",
    "organization",
    "location",
    "service_at_location",
    "attribute",
    "taxonomy_term",
    "service_taxonomy",
    "taxonomy",
    EXTENSION,
}
#: The order tables are joined in: a parent is indexed before its children look for it.
ORDER = ("contact", *(name for name in NESTED_UNDER if name != "contact"))
#: The tables whose rows others are nested under, and the keys they are nested under: a
#: column of that name in such a table would be taken for its nested rows.
PARENT_TABLES = ("service", "service_at_location", "location", "contact")
NESTED_KEYS = frozenset(
    {*NESTED_UNDER.values(), "service_at_locations", "attributes", "service_taxonomys"}
)


@dataclass
class Joined:
    items: list[dict[str, Any]] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    extensions: dict[int, tuple[str, int]] = field(default_factory=dict)
    unlinked: list[str] = field(default_factory=list)


def _rows(tables: dict[str, list[dict[str, str]]], kind: str, names: dict[str, str]) -> list[Row]:
    file = names.get(kind, "")
    return [
        Row({k: (v if v != "" else None) for k, v in row.items()}, file, number)
        for number, row in enumerate(tables.get(kind, []), start=2)
    ]


def _by_id(rows: list[Row]) -> dict[str, Row]:
    return {str(row["id"]): row for row in rows if row.get("id")}


def join_services(
    tables: dict[str, list[dict[str, str]]], names: dict[str, str], problems: list[Problem]
) -> Joined:
    """The services with their parts nested, in the order of the service table."""
    joined, unlinked = Joined(), Counter[str]()
    if _clashing_columns(tables, names, problems):
        return joined
    services = _rows(tables, "service", names)
    parents: dict[str, dict[str, Row]] = {
        "service": _by_id(services),
        "location": _by_id(_rows(tables, "location", names)),
        "organization": _by_id(_rows(tables, "organization", names)),
    }
    for service in services:
        organization = parents["organization"].get(str(service.get("organization_id")))
        if organization is not None:
            service["organization"] = organization
    links = _rows(tables, "service_at_location", names)
    parents["service_at_location"] = _by_id(links)
    for link in links:
        location = parents["location"].get(str(link.get("location_id")))
        if location is not None:
            link["location"] = location
        _attach(
            parents,
            link,
            links=(("service_id", "service"),),
            key="service_at_locations",
            unlinked=unlinked,
            table="service_at_location",
        )
    for table in ORDER:
        rows = _rows(tables, table, names)
        if table == "contact":
            parents["contact"] = _by_id(rows)
        for row in rows:
            _attach(
                parents,
                row,
                links=PARENTS[table],
                key=NESTED_UNDER[table],
                unlinked=unlinked,
                table=table,
            )
    _join_terms(tables, names, parents, unlinked)
    extension_file = names.get(EXTENSION, f"{EXTENSION}.csv")
    for number, extension in enumerate(tables.get(EXTENSION, []), start=2):
        owner = parents["service"].get(extension.get("service_id", ""))
        if owner is None:
            unlinked[EXTENSION] += 1
            continue
        fields = load_json(extension.get("fields") or "{}", extension_file, number, problems)
        if not isinstance(fields, dict):
            fields = {}
            problems.append(Problem(extension_file, number, "fields", "is not a JSON object"))
        owner[EXTENSION] = fields
        joined.extensions[owner.place[1]] = (extension_file, number)
    joined.items = list(services)
    joined.rows = [service.place[1] for service in services]
    joined.unlinked = [
        f"{table}: {count} row(s) linked to no service" for table, count in sorted(unlinked.items())
    ]
    return joined


def _clashing_columns(
    tables: dict[str, list[dict[str, str]]], names: dict[str, str], problems: list[Problem]
) -> bool:
    """Whether a parent table has a column named as the rows nested under it (``phones`` in
    services.csv); each such column is a problem."""
    found = False
    for table in PARENT_TABLES:
        columns = {column for row in tables.get(table, []) for column in row}
        for column in sorted(columns & NESTED_KEYS):
            message = f"clashes with the {table}'s linked rows of that name: rename or remove it"
            problems.append(Problem(names.get(table, ""), 1, column, message))
            found = True
    return found


def _attach(
    parents: dict[str, dict[str, Row]],
    row: Row,
    *,
    links: tuple[tuple[str, str], ...],
    key: str,
    unlinked: Counter[str],
    table: str,
) -> None:
    for column, parent in links:
        found = parents.get(parent, {}).get(str(row.get(column)))
        if found is not None:
            found.setdefault(key, []).append(row)
            return
    unlinked[table] += 1


def _join_terms(
    tables: dict[str, list[dict[str, str]]],
    names: dict[str, str],
    parents: dict[str, dict[str, Row]],
    unlinked: Counter[str],
) -> None:
    """HSDS 3.0 ``attribute`` + ``taxonomy_term``, and ORUK v1 ``service_taxonomy`` +
    ``taxonomy``, nested under each service they describe."""
    terms = _by_id(_rows(tables, "taxonomy_term", names))
    for attribute in _rows(tables, "attribute", names):
        entity = str(attribute.get("link_entity") or "service")
        service = parents["service"].get(str(attribute.get("link_id")))
        if service is None or entity.lower() not in ("service", "services"):
            unlinked["attribute"] += 1
            continue
        term = terms.get(str(attribute.get("taxonomy_term_id")))
        if term is not None:
            attribute["taxonomy_term"] = term
        service.setdefault("attributes", []).append(attribute)
    taxonomy = _by_id(_rows(tables, "taxonomy", names))
    for link in _rows(tables, "service_taxonomy", names):
        service = parents["service"].get(str(link.get("service_id")))
        if service is None:
            unlinked["service_taxonomy"] += 1
            continue
        term = taxonomy.get(str(link.get("taxonomy_id")))
        if term is not None:
            link["taxonomy"] = term
        service.setdefault("service_taxonomys", []).append(link)
