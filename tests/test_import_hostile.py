"""Hostile and broken directory files: refused whole with located problems, never a traceback,
never a file read from outside a package, and nothing written when refused."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from signposting.db.engine import Database
from signposting.db.models import Service, StaffMember
from signposting.directory.io import limits
from signposting.directory.io.importer import (
    DirectoryImportError,
    apply_import,
    export_directory,
    preview_import,
    read_directory_file,
)
from signposting.directory.io.model import ServiceData
from signposting.directory.io.tabular import write_package
from signposting.directory.io.values import max_chars
from signposting.search.loader import service_entries
from tests.support.directory import directory_values, manager

GOOD = {"id": "shed", "name": "Men's Shed", "status": "active"}
HOSTILE = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def importer(session: Session) -> StaffMember:
    """The test's manager: added by the first import, found again by later ones."""
    found = session.scalar(sa.select(StaffMember).where(StaffMember.name == "Morgan Import"))
    return found or manager(session)


def services(count: int = 2) -> list[ServiceData]:
    return [
        ServiceData({"key": f"s{i}", "name": f"Service {i}", "category": "Cat"}, i)
        for i in range(count)
    ]


def package(folder: Path) -> Path:
    write_package(folder, services())
    return folder


def refused(path: Path) -> str:
    with pytest.raises(DirectoryImportError) as caught:
        read_directory_file(path)
    return str(caught.value)


def set_resource_path(folder: Path, name: str, path: str) -> int:
    """Point resource ``name`` at ``path``; its index in the resource list."""
    document = json.loads((folder / "datapackage.json").read_text("utf-8"))
    index = next(i for i, r in enumerate(document["resources"]) if r["name"] == name)
    document["resources"][index]["path"] = path
    (folder / "datapackage.json").write_text(json.dumps(document), "utf-8")
    return index


def set_extension(folder: Path, fields: dict[str, Any]) -> None:
    """Give the first service of the package these extension fields."""
    path = folder / "x_signposting.csv"
    rows = list(csv.reader(io.StringIO(path.read_text("utf-8"), newline="")))
    current = json.loads(rows[1][1])
    rows[1][1] = json.dumps({**current, **fields})
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_text(buffer.getvalue(), "utf-8")


@pytest.mark.parametrize(
    "target", ["../outside.csv", "{outside}", "/dev/zero", ".", "", "sub/../../outside.csv"]
)
def test_package_paths_stay_inside_the_folder(tmp_path: Path, target: str) -> None:
    folder = package(tmp_path / "package")
    outside = tmp_path / "outside.csv"
    outside.write_text("id,name\nstolen,Stolen row\n", "utf-8")
    index = set_resource_path(folder, "service", target.format(outside=outside))
    message = refused(folder)
    assert f"datapackage.json: file, column 'resources[{index}].path'" in message
    assert "Stolen" not in message


def test_package_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    folder = package(tmp_path / "package")
    outside = tmp_path / "outside.csv"
    outside.write_text("id,name\nstolen,Stolen row\n", "utf-8")
    (folder / "services.csv").unlink()
    os.symlink(outside, folder / "services.csv")
    assert "leads outside the package folder" in refused(folder)


def test_package_over_the_size_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = package(tmp_path / "package")
    monkeypatch.setattr("signposting.directory.io.tabular.MAX_PACKAGE_BYTES", 100)
    assert "the package is over" in refused(folder)


@pytest.mark.parametrize(
    ("fields", "column", "message"),
    [
        ({"status": "open-ish"}, "status", "is not one of active"),
        ({"status": ["active"]}, "status", "is not one of active"),
        ({"review_interval_days": "abc"}, "review_interval_days", "is not a whole number"),
        ({"review_interval_days": 10**4000}, "review_interval_days", "is not a whole number"),
        ({"review_interval_days": True}, "review_interval_days", "is not a whole number"),
        ({"keywords": "cough"}, "keywords", "is not a list"),
        ({"keywords": [1, None]}, "keywords", "is not text"),
        ({"access_methods": ["by pigeon"]}, "access_methods", "is not one of"),
        ({"closures": ["2026-12-25"]}, "closures", "is not an object"),
        ({"closures": [{"start": "soon"}]}, "closures", "closure dates are yyyy-mm-dd"),
        ({"closures": "abc"}, "closures", "is not a list"),
        ({"category": {"a": 1}}, "category", "is not text"),
        ({"snomed_code": "1" * 21}, "snomed_code", "at most 20 fit"),
        ({"notes": "a\x00b"}, "notes", "contains a NUL character"),
        ({"notes": "\ud800"}, "notes", "not valid Unicode"),
    ],
)
def test_extension_fields_are_checked_and_located(
    tmp_path: Path, fields: dict[str, Any], column: str, message: str
) -> None:
    folder = package(tmp_path / "package")
    set_extension(folder, fields)
    found = refused(folder)
    assert f"x_signposting.csv: row 2, column 'x_signposting.{column}': " in found
    assert message in found
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([{**GOOD, "x_signposting": fields}]), "utf-8")
    assert f"feed.json: row 1, column 'x_signposting.{column}'" in refused(feed)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cell.csv", "key,name,category\nx,X," + "c" * 131_073 + "\n", "row 2: a cell is longer"),
        ("deep.json", "[" * 100_000 + "]" * 100_000, "nested deeper than"),
        ("shallow.json", "[" * 40 + "]" * 40, "nested deeper than"),
        ("digits.json", '[{"id": "a", "name": "A", "minimum_age": 1' + "0" * 5000 + "}]", "JSON"),
        ("age.csv", "key,name,category,min_age\nx,X,Cat," + "9" * 5000 + "\n", "min_age"),
        (
            "interval.csv",
            "key,name,category,review_interval_days\nx,X,Cat," + "9" * 5000 + "\n",
            "review_interval_days",
        ),
        ("long.csv", "key,name,category\nx," + "n" * 201 + ",Cat\n", "column 'name': is 201"),
        ("nul.csv", "key,name,category,description\nx,X,Cat,a\x00b\n", "NUL character"),
        ("nul.json", json.dumps([{**GOOD, "description": "a\x00b"}]), "NUL character"),
        ("url.json", json.dumps([{**GOOD, "email": "a@b.c" + "d" * 300}]), "column 'email'"),
    ],
)
def test_oversized_and_malformed_values_are_problems(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, "utf-8")
    assert message in refused(path)


def test_column_sizes_come_from_the_model() -> None:
    for name in ("key", "name", "category", "phone", "email", "website", "alert"):
        assert max_chars(name) == Service.__table__.c[name].type.length  # type: ignore[attr-defined]
    assert max_chars("description") == limits.MAX_FIELD_CHARS


def test_oversized_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("signposting.directory.io.importer.MAX_FILE_BYTES", 10)
    path = tmp_path / "big.csv"
    path.write_text("key,name,category\nx,X,Cat\n", "utf-8")
    assert "big.csv: file: is larger than" in refused(path)


def test_device_file_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "zero.json"
    os.symlink("/dev/zero", link)
    assert "is not a regular file" in refused(link)


def test_stored_malformed_closures_are_survived_then_repaired(
    database: Database, tmp_path: Path
) -> None:
    with database.unit_of_work() as session:
        apply_import(session, importer(session), services(1))
        session.execute(sa.update(Service).values(closures=["a", {"start": "soon"}, {}]))
    with database.unit_of_work() as session:
        assert [entry.closures for entry in service_entries(session)] == [()]
        assert export_directory(session, tmp_path / "dir.csv", "csv") == 1
        assert export_directory(session, tmp_path / "dir.json", "oruk") == 1
    repaired = read_directory_file(tmp_path / "dir.csv")
    with database.unit_of_work() as session:
        plan = apply_import(session, importer(session), repaired)
        assert [fields for _, fields in plan.changed] == [["closures"]]
    with database.unit_of_work() as session:
        assert session.scalars(sa.select(Service.closures)).all() == [[]]


def test_many_retired_is_flagged_in_the_preview(database: Database) -> None:
    with database.unit_of_work() as session:
        apply_import(session, importer(session), services(20))
    with database.unit_of_work() as session:
        few = preview_import(session, services(18))
        many = preview_import(session, services(3))
    assert not few.retires_many and few.retire_warning() == ""
    assert many.retires_many
    assert "would retire 17 of the 20 services in use" in many.retire_warning()


# Property tests: whatever the bytes, a result or the import's own error, and nothing written.

CSV_COLUMNS = ["key", "name", "category", "min_age", "closures", "status", "review_interval_days"]
cells = st.text(max_size=12) | st.sampled_from(["x", "5", "2026-12-25", "active", "\x00", "-1"])
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from([*GOOD, "closures", "keywords", "status"]), children)
    ),
    max_leaves=12,
)
extension = st.dictionaries(
    st.sampled_from(
        ["status", "review_interval_days", "keywords", "closures", "category", "notes"]
    ),
    json_values,
    max_size=4,
)


def import_or_refuse(database: Database, path: Path) -> None:
    """Import ``path``; when refused, the services table must be as it was."""
    with database.unit_of_work() as session:
        before = directory_values(session)
    try:
        found = read_directory_file(path)
        with database.unit_of_work() as session:
            apply_import(session, importer(session), found)
    except DirectoryImportError:
        with database.unit_of_work() as session:
            assert directory_values(session) == before


@HOSTILE
@given(rows=st.lists(st.lists(cells, max_size=7), max_size=4))
def test_any_own_csv_imports_or_is_refused(
    database: Database, tmp_path: Path, rows: list[list[str]]
) -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([CSV_COLUMNS, *rows])
    path = tmp_path / "fuzz.csv"
    path.write_text(buffer.getvalue(), "utf-8")
    import_or_refuse(database, path)


@HOSTILE
@given(document=json_values, fields=extension)
def test_any_oruk_json_imports_or_is_refused(
    database: Database, tmp_path: Path, document: Any, fields: dict[str, Any]
) -> None:
    path = tmp_path / "fuzz.json"
    path.write_text(json.dumps([document, {**GOOD, "x_signposting": fields}]), "utf-8")
    import_or_refuse(database, path)


@HOSTILE
@given(fields=extension, name=st.text(max_size=12))
def test_any_package_extension_imports_or_is_refused(
    database: Database, tmp_path: Path, fields: dict[str, Any], name: str
) -> None:
    folder = package(tmp_path / "fuzz-package")
    set_extension(folder, fields)
    set_resource_path(folder, "phone", name or "phones.csv")
    import_or_refuse(database, folder)
