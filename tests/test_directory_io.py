"""Directory import and export: round trips, a foreign ORUK feed, and broken files refused whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from signposting.db.engine import Database
from signposting.db.models import Service, StaffMember
from signposting.directory.demo import load_demo
from signposting.directory.io.importer import (
    DirectoryImportError,
    apply_import,
    export_directory,
    preview_import,
    read_directory_file,
)
from signposting.directory.io.model import FIELDS
from signposting.directory.io.oruk import read_oruk_json
from signposting.directory.io.own_csv import read_csv
from signposting.domain import Role, ServiceStatus
from signposting.errors import PermissionDeniedError
from tests.support.directory import directory_values, import_into_new_database, manager

FOREIGN_FEED = {
    "contents": [
        {
            "id": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
            "name": "Riverside Men's Shed",
            "description": "Woodwork and company for men over 50.",
            "url": "riverside-shed.example",
            "email": "hello@riverside-shed.example",
            "status": "active",
            "minimum_age": 50,
            "assured_date": "2026-09-01",
            "application_process": "Just turn up",
            "fees_description": "Free",
            "phones": [{"id": "p1", "number": "+44 1632 960999"}],
            "schedules": [
                {
                    "freq": "WEEKLY",
                    "byday": "TU,TH",
                    "opens_at": "10:00:00",
                    "closes_at": "14:00:00",
                }
            ],
            "service_at_locations": [
                {
                    "location": {
                        "name": "Shed",
                        "addresses": [
                            {
                                "address_1": "2 Mill Lane",
                                "city": "Riverside",
                                "postal_code": "RV2 4CD",
                            }
                        ],
                    }
                }
            ],
            "attributes": [{"taxonomy_term": {"name": "Social isolation", "vocabulary": "esd"}}],
        }
    ]
}


@pytest.mark.parametrize(
    ("kind", "name"), [("oruk", "dir.json"), ("oruk", "package"), ("csv", "dir.csv")]
)
def test_export_then_import_gives_the_same_directory(
    database: Database, empty_database_url: str, tmp_path: Path, kind: str, name: str
) -> None:
    with database.unit_of_work() as session:
        load_demo(session)
        original = directory_values(session)
        export_directory(session, tmp_path / name, kind)
    services = read_directory_file(tmp_path / name)
    plan, imported = import_into_new_database(empty_database_url, services)
    assert len(plan.new) == len(original)
    assert imported == original


def test_foreign_oruk_feed_maps_fields_and_keeps_the_rest_as_notes() -> None:
    services, problems = read_oruk_json(json.dumps(FOREIGN_FEED), "feed.json")
    assert problems == []
    (shed,) = services
    values = shed.values
    assert values["category"] == "Social isolation"
    assert values["phone"] == "01632 960999"
    assert values["website"] == "https://riverside-shed.example"
    assert values["min_age"] == 50
    assert values["last_verified"] == "2026-09-01"
    assert values["opening_sessions"] == [
        {"day": "tue", "opens": "10:00", "closes": "14:00"},
        {"day": "thu", "opens": "10:00", "closes": "14:00"},
    ]
    assert values["address"] == "2 Mill Lane, Riverside, RV2 4CD"
    assert "application_process: Just turn up" in values["notes"]
    assert "fees_description: Free" in values["notes"]


def test_preview_then_apply_with_retirement(database: Database, tmp_path: Path) -> None:
    with database.unit_of_work() as session:
        load_demo(session)
        export_directory(session, tmp_path / "dir.csv", "csv")
    lines = (tmp_path / "dir.csv").read_text("utf-8-sig").splitlines()
    header, rows = lines[0], lines[1:]
    kept = [row.replace("Stop smoking service", "Stop smoking support") for row in rows[:-1]]
    (tmp_path / "edited.csv").write_text("\n".join([header, *kept]) + "\n", "utf-8")
    services = read_directory_file(tmp_path / "edited.csv")
    with database.unit_of_work() as session:
        plan = preview_import(session, services)
        assert (len(plan.new), len(plan.changed), len(plan.to_retire)) == (0, 1, 1)
        assert plan.changed[0][1] == ["name"]
        apply_import(session, manager(session), services)
    with database.unit_of_work() as session:
        statuses = dict(session.execute(sa.select(Service.name, Service.status)).all())
    assert "Stop smoking support" in statuses
    assert list(statuses.values()).count(ServiceStatus.RETIRED) == 1


def test_receptionist_cannot_import(database: Database, tmp_path: Path) -> None:
    services, _ = read_oruk_json(json.dumps(FOREIGN_FEED), "feed.json")
    with pytest.raises(PermissionDeniedError), database.unit_of_work() as session:
        clerk = StaffMember(name="Alex", role=Role.RECEPTIONIST)
        session.add(clerk)
        apply_import(session, clerk, services)
    with database.unit_of_work() as session:
        assert session.scalars(sa.select(Service)).all() == []


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, "utf-8")
    return path


GOOD_HEADER = ",".join(FIELDS)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.csv", "naam,category\nX,Y\n", "a.csv: row 1: missing columns: key, name"),
        ("b.csv", b"key,name,category\nx,Caf\x81,Cat\n", "b.csv: file: not UTF-8 or Windows-1252"),
        (
            "c.csv",
            "key,name,category,phone\nx,X,Cat,12345\n",
            "c.csv: row 2, column 'phone': '12345' is not",
        ),
        (
            "d.csv",
            "key,name,category\nx,X,Cat\nx,Y,Cat\n",
            "d.csv: row 3, column 'key': duplicate id 'x'",
        ),
        ("e.json", '{"contents": [ {"id": "1", ', "e.json: row 1: not valid JSON"),
        (
            "f.json",
            '[{"id": "1", "name": "X", "minimum_age": 70, "maximum_age": 12}]',
            "f.json: row 1, column 'maximum_age': maximum age 12 is below the minimum 70",
        ),
        (
            "g.csv",
            "key,name,category,opening_sessions\nx,X,Cat,mon 17:00-09:00\n",
            "column 'opening_sessions': a session must close after it opens",
        ),
        (
            "h.csv",
            "key,name,category,website,email\nx,X,Cat,not a url,nope\n",
            "column 'website': 'not a url' is not a web address",
        ),
        ("i.txt", "anything", "expected .csv, .xlsx, .json or a data package folder"),
    ],
)
def test_broken_files_name_file_row_and_column(
    tmp_path: Path, name: str, content: str | bytes, message: str
) -> None:
    with pytest.raises(DirectoryImportError) as caught:
        read_directory_file(write(tmp_path, name, content))
    assert message in str(caught.value)


def test_every_problem_is_listed(tmp_path: Path) -> None:
    content = "key,name,category,phone,min_age\nx,,Cat,1,200\ny,Y,,,abc\n"
    with pytest.raises(DirectoryImportError) as caught:
        read_directory_file(write(tmp_path, "many.csv", content))
    where = [(p.row, p.column) for p in caught.value.problems]
    assert where == [(2, "name"), (2, "min_age"), (2, "phone"), (3, "category"), (3, "min_age")]


@settings(max_examples=150, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(
                st.sampled_from(
                    [
                        "id",
                        "name",
                        "contents",
                        "phones",
                        "schedules",
                        "minimum_age",
                        "status",
                        "url",
                        "attributes",
                    ]
                ),
                children,
                max_size=6,
            )
        ),
        max_leaves=20,
    )
)
def test_any_json_gives_services_or_located_problems(document: object) -> None:
    services, problems = read_oruk_json(json.dumps(document), "fuzz.json")
    assert services or problems
    assert all(p.file == "fuzz.json" for p in problems)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.text(max_size=15), min_size=0, max_size=8), max_size=6))
def test_any_csv_rows_give_services_or_located_problems(rows: list[list[str]]) -> None:
    import csv  # noqa: PLC0415
    import io  # noqa: PLC0415

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["key", "name", "category", "phone", "min_age", "opening_sessions", "status"])
    writer.writerows(rows)
    services, problems = read_csv(buffer.getvalue(), "fuzz.csv")
    assert len(services) <= len(rows)
    assert all(p.file == "fuzz.csv" and p.row >= 1 for p in problems)


def test_failed_import_changes_nothing(database: Database, tmp_path: Path) -> None:
    with database.unit_of_work() as session:
        load_demo(session)
        before = session.scalar(sa.select(sa.func.count()).select_from(Service))
    services = read_directory_file(write(tmp_path, "ok.csv", "key,name,category\nnew,New,Cat\n"))
    with pytest.raises(RuntimeError), database.unit_of_work() as session:
        apply_import(session, manager(session), services)
        raise RuntimeError("power cut before commit")
    with database.unit_of_work() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Service)) == before
        chris = sa.select(StaffMember).where(StaffMember.name == "Morgan Import")
        assert session.scalars(chris).all() == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01632 960101", "01632 960101"),
        ("+441632960101", "01632 960101"),
        ("111", "111"),
        ("0808 2000 247", "0808 200 0247"),
        ("020 7946 0000", "020 7946 0000"),
    ],
)
def test_uk_phone_accepts_real_and_fictional_numbers(text: str, expected: str) -> None:
    from signposting.directory.validation import uk_phone  # noqa: PLC0415

    assert uk_phone(text) == expected


@pytest.mark.parametrize("text", ["01632 96020", "01632 9601011", "12345", "01632 961001", "hello"])
def test_uk_phone_refuses_numbers_that_cannot_ring(text: str) -> None:
    from signposting.directory.validation import FieldError, uk_phone  # noqa: PLC0415

    with pytest.raises(FieldError):
        uk_phone(text)
