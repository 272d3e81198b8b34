"""Open Referral UK as a tabular data package: one CSV per object plus ``datapackage.json``.

Export writes services, phones, schedules, locations, addresses, service_at_locations,
taxonomy_terms and attributes, and the project's extension fields in ``x_signposting.csv``.
Import joins the same files back into nested services and reads them as the JSON form does.
Every CSV is written by ``csv_safe`` (UTF-8 without a byte-order mark, as data packages expect),
so an id or name that looks like a formula is written as text, and ``restore`` reads it back.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from signposting.directory.io.files import MEGABYTE, csv_rows, load_json, read_text, resource_path
from signposting.directory.io.limits import MAX_FILE_BYTES, MAX_PACKAGE_BYTES
from signposting.directory.io.model import Problem, ServiceData
from signposting.directory.io.oruk import EXTENSION, from_oruk, to_oruk
from signposting.export.csv_safe import csv_text, restore

RESOURCES: dict[str, tuple[str, ...]] = {
    "services": (
        "id",
        "name",
        "description",
        "url",
        "email",
        "status",
        "eligibility_description",
        "minimum_age",
        "maximum_age",
        "alert",
        "assured_date",
    ),
    "phones": ("id", "service_id", "number"),
    "schedules": ("id", "service_id", "freq", "byday", "opens_at", "closes_at"),
    "locations": ("id", "name"),
    "addresses": ("id", "location_id", "address_1", "address_2", "city", "postal_code"),
    "service_at_locations": ("id", "service_id", "location_id"),
    "taxonomy_terms": ("id", "name", "vocabulary"),
    "attributes": ("id", "link_id", "link_type", "taxonomy_term_id"),
    EXTENSION: ("service_id", "fields"),
}


def _rows(services: list[ServiceData]) -> dict[str, list[dict[str, Any]]]:
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in RESOURCES}
    for service in services:
        item = to_oruk(service)
        tables["services"].append({k: item.get(k) for k in RESOURCES["services"]})
        for phone in item["phones"]:
            tables["phones"].append({"service_id": item["id"], **phone})
        for schedule in item["schedules"]:
            tables["schedules"].append({"service_id": item["id"], **schedule})
        for link in item["service_at_locations"]:
            location = link["location"]
            tables["locations"].append({"id": location["id"], "name": location["name"]})
            tables["service_at_locations"].append(
                {"id": link["id"], "service_id": item["id"], "location_id": location["id"]}
            )
            for address in location["addresses"]:
                tables["addresses"].append({"location_id": location["id"], **address})
        for attribute in item["attributes"]:
            term = attribute["taxonomy_term"]
            tables["taxonomy_terms"].append(term)
            tables["attributes"].append(
                {
                    "id": attribute["id"],
                    "link_id": item["id"],
                    "link_type": "service",
                    "taxonomy_term_id": term["id"],
                }
            )
        tables[EXTENSION].append(
            {"service_id": item["id"], "fields": json.dumps(item[EXTENSION], ensure_ascii=False)}
        )
    return tables


def write_package(folder: Path, services: list[ServiceData]) -> None:
    """Write the CSV files and ``datapackage.json`` into ``folder`` (made if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    resources = []
    for name, rows in _rows(services).items():
        columns = RESOURCES[name]
        text = csv_text([columns, *([row.get(c) for c in columns] for row in rows)])
        (folder / f"{name}.csv").write_text(text, encoding="utf-8", newline="")
        resources.append(
            {
                "name": name,
                "path": f"{name}.csv",
                "format": "csv",
                "schema": {"fields": [{"name": c, "type": "string"} for c in columns]},
            }
        )
    package = {
        "name": "signposting-directory",
        "profile": "tabular-data-package",
        "title": "Service directory (Open Referral UK)",
        "resources": resources,
    }
    (folder / "datapackage.json").write_text(json.dumps(package, indent=2), encoding="utf-8")


def _read_table(path: Path, problems: list[Problem]) -> list[dict[str, str]]:
    text = read_text(path, path.name, MAX_FILE_BYTES, problems)
    rows = csv_rows(text, path.name, problems) if text is not None else []
    if not rows:
        return []
    header = [restore(cell) for cell in rows[0]]
    return [dict(zip(header, map(restore, row), strict=False)) for row in rows[1:]]


def _resource_paths(folder: Path, package: Any, problems: list[Problem]) -> dict[str, Path]:
    """Each resource's file, confined to the package folder; problems name the field."""
    resources = package.get("resources") if isinstance(package, dict) else None
    if not isinstance(resources, list):
        problems.append(Problem("datapackage.json", 0, "resources", "is not a list"))
        return {}
    paths: dict[str, Path] = {}
    for index, resource in enumerate(resources):
        name = resource.get("name") if isinstance(resource, dict) else None
        if not isinstance(name, str):
            problems.append(
                Problem("datapackage.json", 0, f"resources[{index}].name", "is not a name")
            )
            continue
        path = resource_path(folder, index, resource.get("path"), problems)
        if path is not None:
            paths[name] = path
    return paths


Tables = dict[str, list[dict[str, str]]]


def _load_tables(folder: Path, problems: list[Problem]) -> tuple[Tables, dict[str, Path]]:
    """Every table the package lists, read within the limits; empty after any problem."""
    text = read_text(folder / "datapackage.json", "datapackage.json", MAX_FILE_BYTES, problems)
    package = load_json(text, "datapackage.json", 0, problems) if text is not None else None
    paths = _resource_paths(folder, package, problems) if package is not None else {}
    if problems:
        return {}, {}
    if "services" not in paths:
        problems.append(Problem("datapackage.json", 0, "", "no 'services' resource"))
        return {}, {}
    missing = [name for name, path in paths.items() if not path.exists()]
    problems += [
        Problem(paths[name].name, 0, "", "listed in datapackage.json but missing")
        for name in missing
    ]
    total = sum(path.stat().st_size for name, path in paths.items() if name not in missing)
    if total > MAX_PACKAGE_BYTES:
        limit = MAX_PACKAGE_BYTES // MEGABYTE
        problems.append(Problem("datapackage.json", 0, "", f"the package is over {limit} MB"))
    if problems:
        return {}, {}
    tables = {name: _read_table(path, problems) for name, path in paths.items()}
    return ({}, {}) if problems else (tables, paths)


def read_package(folder: Path) -> tuple[list[ServiceData], list[Problem]]:
    """Read a package folder (or its ``datapackage.json``) into services."""
    folder = folder.parent if folder.name == "datapackage.json" else folder
    problems: list[Problem] = []
    tables, paths = _load_tables(folder, problems)
    if problems:
        return [], problems
    by_service: dict[str, dict[str, list[dict[str, Any]]]] = {}

    def attach(table: str, key: str, value: dict[str, Any]) -> None:
        by_service.setdefault(key, {}).setdefault(table, []).append(value)

    for row in tables.get("phones", []):
        attach("phones", row.get("service_id", ""), row)
    for row in tables.get("schedules", []):
        attach("schedules", row.get("service_id", ""), row)
    addresses: dict[str, list[dict[str, str]]] = {}
    for row in tables.get("addresses", []):
        addresses.setdefault(row.get("location_id", ""), []).append(row)
    locations = {row.get("id", ""): row for row in tables.get("locations", [])}
    for row in tables.get("service_at_locations", []):
        location: dict[str, Any] = dict(locations.get(row.get("location_id", ""), {}))
        location["addresses"] = addresses.get(row.get("location_id", ""), [])
        attach("service_at_locations", row.get("service_id", ""), {"location": location})
    terms = {row.get("id", ""): row for row in tables.get("taxonomy_terms", [])}
    for row in tables.get("attributes", []):
        attach(
            "attributes",
            row.get("link_id", ""),
            {"taxonomy_term": terms.get(row.get("taxonomy_term_id", ""), {})},
        )
    extensions = {
        row.get("service_id", ""): (number, row.get("fields", ""))
        for number, row in enumerate(tables.get(EXTENSION, []), start=2)
    }
    extension_file = paths[EXTENSION].name if EXTENSION in paths else f"{EXTENSION}.csv"
    services = []
    for number, row in enumerate(tables["services"], start=2):
        item: dict[str, Any] = {k: (v if v != "" else None) for k, v in row.items()}
        item.update(by_service.get(row.get("id", ""), {}))
        place = None
        if row.get("id") in extensions:
            place = (extension_file, extensions[row["id"]][0])
            fields = load_json(extensions[row["id"]][1] or "{}", *place, problems)
            if not isinstance(fields, dict):
                fields = {}
                problems.append(Problem(*place, "fields", "is not a JSON object"))
            item[EXTENSION] = fields
        found = from_oruk(item, number, paths["services"].name, problems, place)
        if found:
            services.append(found)
    return services, problems
