"""Writing Open Referral: every export passes the HSDS 3.0 JSON schemas (tests/fixtures/hsds3),
the package is named and typed as the specification's datapackage.json, ids are stable UUIDs,
and an export imports back exactly as it was."""

from __future__ import annotations

import csv
import io
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from signposting.db.engine import Database
from signposting.db.models import Practice
from signposting.directory.demo import load_demo
from signposting.directory.io.hsds_ids import NAMESPACE, service_id
from signposting.directory.io.hsds_write import address_parts
from signposting.directory.io.importer import export_directory, preview_import, read_directory
from signposting.export.csv_safe import restore
from tests.factories import make_practice
from tests.support.directory import directory_values, import_into_new_database

HSDS3 = Path(__file__).parent / "fixtures" / "hsds3"
SPEC_PACKAGE = json.loads((HSDS3 / "datapackage.json").read_text("utf-8"))


def schema_registry() -> Registry[Any]:
    """The canonical per-object schemas, each found by its file name (as their $refs say)."""
    resources = [
        (path.name, Resource.from_contents(json.loads(path.read_text("utf-8")), DRAFT202012))
        for path in (HSDS3 / "schema").glob("*.json")
    ]
    return Registry().with_resources(resources)


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((HSDS3 / "schema" / name).read_text("utf-8"))
    return Draft202012Validator(schema, registry=schema_registry(), format_checker=FormatChecker())


@pytest.fixture
def exported(database: Database, tmp_path: Path) -> Path:
    """The demo directory exported both ways (the demo practice's code is in every id)."""
    with database.unit_of_work() as session:
        load_demo(session)
        make_practice(session, ods_code="Y12345")  # a second practice: the first one counts
        export_directory(session, tmp_path / "directory.json", "oruk")
        export_directory(session, tmp_path / "package", "oruk")
    return tmp_path


def test_json_export_is_an_hsds_page_of_valid_service_objects(exported: Path) -> None:
    page = json.loads((exported / "directory.json").read_text("utf-8"))
    openapi = json.loads((HSDS3 / "schema" / "openapi.json").read_text("utf-8"))
    Draft202012Validator(openapi["components"]["schemas"]["Page"]).validate(page)
    assert (page["page_number"], page["total_pages"], page["last_page"]) == (1, 1, True)
    assert page["total_items"] == page["size"] == len(page["contents"]) > 0
    check = validator("service.json")
    for service in page["contents"]:
        errors = [f"{e.json_path}: {e.message}" for e in check.iter_errors(service)]
        assert errors == [], service["name"]


def test_every_exported_object_has_a_uuid_id(exported: Path) -> None:
    page = json.loads((exported / "directory.json").read_text("utf-8"))
    ids: list[str] = []

    def collect(value: Any) -> None:
        if isinstance(value, dict):
            ids.extend(str(v) for k, v in value.items() if k == "id" or k.endswith("_id"))
            for k, v in value.items():
                if k != "x_signposting":
                    collect(v)
        elif isinstance(value, list):
            for v in value:
                collect(v)

    collect(page["contents"])
    assert ids and all(uuid.UUID(i).version == 5 for i in ids)


def test_ids_are_stable_and_come_from_the_practice_and_key(
    exported: Path, database: Database, tmp_path: Path
) -> None:
    first = (exported / "directory.json").read_text("utf-8")
    with database.unit_of_work() as session:
        export_directory(session, tmp_path / "again.json", "oruk")
    assert (tmp_path / "again.json").read_text("utf-8") == first
    service = json.loads(first)["contents"][0]
    key = service["x_signposting"]["key"]
    with database.unit_of_work() as session:
        first_practice = session.scalars(sa.select(Practice).order_by(Practice.id)).first()
        assert first_practice is not None and first_practice.ods_code != "Y12345"
        practice = first_practice.ods_code
    assert service["id"] == service_id(practice, key)
    assert service["id"] == str(uuid.uuid5(NAMESPACE, f"{practice}/service/{key}"))
    assert service_id("Y12345", key) != service["id"]


def package_tables(folder: Path) -> dict[str, list[dict[str, Any]]]:
    """Each resource's rows, typed as its descriptor types them, for the compiled tabular
    schema: numbers as numbers; an empty cell is absent, but an empty string where the field is
    a required string (a one-line UK address has no state_province to give, for one)."""
    descriptor = json.loads((folder / "datapackage.json").read_text("utf-8"))
    tables: dict[str, list[dict[str, Any]]] = {}
    for resource in descriptor["resources"]:
        types = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
        required = {
            f["name"]
            for f in resource["schema"]["fields"]
            if f.get("constraints", {}).get("required")
        }
        text = (folder / resource["path"]).read_text("utf-8")
        rows = []
        for row in csv.DictReader(io.StringIO(text, newline="")):
            typed: dict[str, Any] = {}
            for name, cell in row.items():
                if cell == "" and (types[name] != "string" or name not in required):
                    continue
                value = restore(cell)
                typed[name] = float(value) if types[name] == "number" else value
            rows.append(typed)
        tables[resource["name"]] = rows
    return tables


def test_package_tables_pass_the_hsds_tabular_schema(exported: Path) -> None:
    schema = json.loads((HSDS3 / "compiled" / "tabular.json").read_text("utf-8"))
    tables = package_tables(exported / "package")
    check = Draft202012Validator(schema, format_checker=FormatChecker())
    errors = [f"{e.json_path}: {e.message}" for e in check.iter_errors(tables)]
    assert errors == []
    assert {"service", "phone", "schedule", "address", "taxonomy_term"} <= tables.keys()
    for service in tables["service"]:
        assert {"id", "organization_id", "name", "status"} <= service.keys()
    organizations = {row["id"] for row in tables["organization"]}
    assert {row["organization_id"] for row in tables["service"]} <= organizations


def test_package_descriptor_follows_the_specifications(exported: Path) -> None:
    descriptor = json.loads((exported / "package" / "datapackage.json").read_text("utf-8"))
    assert descriptor["profile"] == "tabular-data-package"
    spec = {resource["name"]: resource for resource in SPEC_PACKAGE["resources"]}
    written = [r for r in descriptor["resources"] if r["name"] != "x_signposting"]
    assert len(written) >= 9
    for resource in written:
        expected = spec[resource["name"]]
        assert resource["path"] == expected["path"]
        assert resource["profile"] == "tabular-data-resource"
        fields = [(f["name"], f["type"]) for f in resource["schema"]["fields"]]
        assert fields == [(f["name"], f["type"]) for f in expected["schema"]["fields"]]
        required = {f["name"] for f in resource["schema"]["fields"] if f["constraints"]["required"]}
        spec_required = {
            f["name"]
            for f in expected["schema"]["fields"]
            if f.get("constraints", {}).get("required")
        }
        assert required == spec_required
        header = (exported / "package" / resource["path"]).read_text("utf-8").splitlines()[0]
        assert header.split(",") == [name for name, _ in fields]


@pytest.mark.parametrize("name", ["directory.json", "package"])
def test_an_export_imports_back_exactly(
    exported: Path, database: Database, empty_database_url: str, name: str
) -> None:
    reading = read_directory(exported / name)
    assert reading.ignored == [] and reading.kept_in_notes == [] and not reading.partial
    with database.unit_of_work() as session:
        original = directory_values(session)
        plan = preview_import(session, reading.services)
    assert (plan.new, plan.changed, plan.to_retire) == ([], [], [])
    _, imported = import_into_new_database(empty_database_url, reading.services)
    assert imported == original


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("2 Mill Lane, Riverside, RV2 4CD", ("2 Mill Lane", "Riverside", "RV2 4CD")),
        (
            "Health Centre, 1 High St, Riverside RV1 1AA",
            ("Health Centre, 1 High St", "Riverside", "RV1 1AA"),
        ),
        ("Online only", ("Online only", "", "")),
    ],
)
def test_addresses_are_split_into_the_required_fields(text: str, parts: tuple[str, ...]) -> None:
    found = address_parts(text)
    assert (found["address_1"], found["city"], found["postal_code"]) == parts
    assert (found["country"], found["address_type"]) == ("GB", "physical")
