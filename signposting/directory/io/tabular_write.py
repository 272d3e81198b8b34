"""Writing the directory as an HSDS 3.0 tabular data package: one CSV per object, named and
typed as the specification's ``datapackage.json``, and the project's ``x_signposting.csv``.

Every CSV is written by ``csv_safe`` (UTF-8 without a byte-order mark, as data packages expect),
so an id or name that looks like a formula is written as text, and ``restore`` reads it back.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from signposting.directory.io.hsds_write import EXTENSION, to_hsds
from signposting.directory.io.model import ServiceData
from signposting.directory.io.package_layout import (
    EXTENSION_FIELDS,
    EXTENSION_FILE,
    RESOURCES,
    descriptor_resource,
    extension_resource,
)
from signposting.export.csv_safe import csv_text

Tables = dict[str, list[dict[str, Any]]]
#: The order resources are listed in: as in the specification's descriptor.
WRITTEN = (
    "organization",
    "service",
    "attribute",
    "service_at_location",
    "location",
    "phone",
    "address",
    "schedule",
    "taxonomy_term",
)


def _scalars(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if not isinstance(v, dict | list)}


def tables_of(services: list[ServiceData], practice: str) -> Tables:
    """Each resource's rows, from the services' nested HSDS objects."""
    tables: Tables = {name: [] for name in (*WRITTEN, EXTENSION)}
    terms: dict[str, dict[str, Any]] = {}
    for service in services:
        item = to_hsds(service, practice)
        tables["organization"].append(_scalars(item["organization"]))
        tables["service"].append(_scalars(item))
        tables["phone"] += [_scalars(phone) for phone in item["phones"]]
        tables["schedule"] += [_scalars(schedule) for schedule in item["schedules"]]
        for link in item["service_at_locations"]:
            location = link["location"]
            tables["service_at_location"].append(_scalars(link))
            tables["location"].append(_scalars(location))
            tables["address"] += [_scalars(address) for address in location["addresses"]]
        for attribute in item["attributes"]:
            tables["attribute"].append(_scalars(attribute))
            terms.setdefault(attribute["taxonomy_term"]["id"], attribute["taxonomy_term"])
        tables[EXTENSION].append(
            {"service_id": item["id"], "fields": json.dumps(item[EXTENSION], ensure_ascii=False)}
        )
    tables["taxonomy_term"] = [_scalars(term) for term in terms.values()]
    return tables


def _cell(value: Any) -> Any:
    """Booleans as Table Schema writes them; everything else as text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def write_package(folder: Path, services: list[ServiceData], practice: str = "") -> None:
    """Write the CSV files and ``datapackage.json`` into ``folder`` (made if missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = tables_of(services, practice)
    for name in WRITTEN:
        path, fields, _required = RESOURCES[name]
        columns = [field for field, _kind in fields]
        rows = ([_cell(row.get(column)) for column in columns] for row in tables[name])
        (folder / path).write_text(csv_text([columns, *rows]), encoding="utf-8", newline="")
    columns = [field for field, _kind in EXTENSION_FIELDS]
    rows = ([row[column] for column in columns] for row in tables[EXTENSION])
    (folder / EXTENSION_FILE).write_text(csv_text([columns, *rows]), "utf-8", newline="")
    package = {
        "name": "signposting-directory",
        "title": "GP practice signposting directory (Open Referral HSDS 3.0)",
        "profile": "tabular-data-package",
        "hsds_version": "3.0",
        "resources": [*(descriptor_resource(name) for name in WRITTEN), extension_resource()],
    }
    (folder / "datapackage.json").write_text(json.dumps(package, indent=2), encoding="utf-8")
