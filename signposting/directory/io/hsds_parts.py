"""Finding a service's parts in an Open Referral service object, in HSDS 3.0 or ORUK v1 names:
its taxonomy terms, phones, locations and addresses. Every field read is marked in the
reader's ``FieldUse``; every problem is located (file, row, field path)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from signposting.directory.io.checks import MESSAGE_CHARS
from signposting.directory.io.model import Problem
from signposting.directory.io.tracking import FieldUse, is_empty

UK_COUNTRIES = {"GB", "UK", "GBR", "UNITED KINGDOM", "ENGLAND", "WALES", "SCOTLAND"}
ADDRESS_LINES = ("address_1", "address_2", "address_3", "address_4", "city", "region")
ADDRESS_TAIL = ("state_province", "postal_code")


class Row(dict[str, Any]):
    """A row of a data package table, remembering its file and row for problems."""

    def __init__(self, values: dict[str, Any], file: str, row: int) -> None:
        super().__init__(values)
        self.place = (file, row)


@dataclass
class ServiceReader:
    """Reading one service object: where it came from, and what reading it found."""

    file: str
    index: int
    problems: list[Problem]
    use: FieldUse
    today: date
    notices: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def place(self, item: Any, path: str, name: str) -> tuple[str, int, str]:
        """A field's place: its table row in a package, else the service's item and path."""
        where = getattr(item, "place", None)
        if where is not None:
            return (where[0], where[1], name)
        return (self.file, self.index, f"{path}.{name}" if path else name)

    def fail(self, item: Any, path: str, name: str, message: str) -> None:
        short = message if len(message) <= MESSAGE_CHARS else f"{message[: MESSAGE_CHARS - 1]}…"
        self.problems.append(Problem(*self.place(item, path, name), short))

    def children(self, parent: Any, key: str, path: str = "") -> list[tuple[dict[str, Any], str]]:
        """The objects listed under ``parent[key]`` (a lone object counts as one), with paths."""
        value = self.use.take(parent, key)
        found = value if isinstance(value, list) else [value]
        prefix = f"{path}.{key}" if path else key
        return [
            (child, f"{prefix}[{n}]" if isinstance(value, list) else prefix)
            for n, child in enumerate(found)
            if isinstance(child, dict)
        ]

    def first_children(self, parent: Any, keys: tuple[str, ...], path: str = "") -> list[Any]:
        """The children under the first of ``keys`` that has any (HSDS 3.0, then v1 names)."""
        for key in keys:
            if not is_empty(parent.get(key)):
                return self.children(parent, key, path)
        return []


def taxonomy_terms(reader: ServiceReader, item: dict[str, Any]) -> list[tuple[str, str]]:
    """(vocabulary, name) of each term: HSDS 3.0 ``attributes[].taxonomy_term`` and ORUK v1
    ``service_taxonomys[].taxonomy``."""
    found = []
    for attribute, path in reader.children(item, "attributes"):
        reader.use.take(attribute, "link_entity")
        reader.use.take(attribute, "link_type")
        for term, _ in reader.children(attribute, "taxonomy_term", path):
            found.append((_vocabulary(reader, term), term))
    for link, path in reader.children(item, "service_taxonomys"):
        for term, _ in reader.children(link, "taxonomy", path):
            found.append((_vocabulary(reader, term), term))
    terms = []
    for vocabulary, term in found:
        name = reader.use.take(term, "name")
        if not is_empty(name):
            terms.append((vocabulary, str(name)))
    return terms


def _vocabulary(reader: ServiceReader, term: dict[str, Any]) -> str:
    taken = [reader.use.take(term, key) for key in ("taxonomy", "vocabulary")]
    detail = term.get("taxonomy_detail")
    if isinstance(detail, dict):
        taken.append(reader.use.take(term, "taxonomy_detail") and reader.use.take(detail, "name"))
    return next((str(value) for value in taken if not is_empty(value)), "")


def locations(reader: ServiceReader, item: dict[str, Any]) -> list[tuple[Any, str, Any, str]]:
    """(service_at_location, its path, location, its path) for each of the service's places."""
    found = []
    for link, path in reader.children(item, "service_at_locations"):
        for location, location_path in reader.children(link, "location", path):
            found.append((link, path, location, location_path))
    return found


def address_text(reader: ServiceReader, location: dict[str, Any], path: str) -> str:
    """A location's address on one line: its physical address first (HSDS 3.0 ``addresses``,
    ORUK v1 ``physical_addresses``), else any other."""
    reader.use.take(location, "location_type")
    candidates = reader.first_children(
        location, ("addresses", "physical_addresses", "address", "postal_addresses"), path
    )
    candidates.sort(key=lambda pair: str(pair[0].get("address_type") or "physical") != "physical")
    for address, _ in candidates:
        reader.use.take(address, "address_type")
        parts = [reader.use.take(address, name) for name in (*ADDRESS_LINES, *ADDRESS_TAIL)]
        country = reader.use.take(address, "country")
        if not is_empty(country) and str(country).strip().upper() not in UK_COUNTRIES:
            parts.append(country)
        text = ", ".join(str(part).strip() for part in parts if not is_empty(part))
        if text.strip():
            return text
    return ""


def phone_numbers(reader: ServiceReader, item: dict[str, Any]) -> list[tuple[Any, str, str]]:
    """(phone, path, number) for every number that reaches the service, the service's own
    first, then those of its locations and contacts (HSDS 3.0 and ORUK v1 ``contacts[].phones``)."""
    holders: list[tuple[Any, str]] = [(item, "")]
    for link, path, location, location_path in locations(reader, item):
        holders += [(link, path), (location, location_path)]
    for contact, path in reader.children(item, "contacts"):
        holders.append((contact, path))
    for link, path, _location, _path in locations(reader, item):
        holders += reader.children(link, "contacts", path)
    found = []
    for holder, path in holders:
        for phone, phone_path in reader.children(holder, "phones", path):
            number = reader.use.take(phone, "number")
            if not is_empty(number):
                found.append((phone, phone_path, str(number)))
    return found


def join_text(value: Any) -> str:
    """A field's content as plain text for the notes: lists of objects as their words."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "; ".join(filter(None, (join_text(part) for part in value)))
    if isinstance(value, dict):
        words = [
            join_text(part)
            for key, part in value.items()
            if key != "id" and not key.endswith("_id") and not is_empty(part)
        ]
        return " ".join(filter(None, words))
    return "" if value is None else str(value)
