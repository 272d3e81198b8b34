"""Property tests for the Open Referral readers (an HSDS 3.0 service, an HSDS 3.0 list page,
an ORUK v1 service and the HSDS 3.0 tabular data package), started from the specification's
layouts in tests/fixtures/open_referral and changed at random: whatever a file holds, reading
it gives services or the import's own error with every problem located, never a traceback;
and an import refused at any point leaves the directory exactly as it was."""

from __future__ import annotations

import copy
import csv
import io
import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, TypeGuard

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from signposting.cli.main import main
from signposting.db.engine import Database
from signposting.db.models import AuditEntry, Service, StaffMember
from signposting.directory.demo import load_demo
from signposting.directory.io.importer import apply_import, read_directory
from signposting.directory.io.limits import RETIRE_WARNING_COUNT, RETIRE_WARNING_SHARE
from signposting.directory.io.model import normalised
from signposting.directory.io.read_result import DirectoryRead
from signposting.domain import ServiceStatus
from signposting.errors import SignpostingError
from signposting.problems import InputProblemsError
from tests.support.directory import directory_values, manager

FIXTURES = Path(__file__).parent / "fixtures" / "open_referral"
PACKAGE = FIXTURES / "hsds3_package"
SERVICE = json.loads((FIXTURES / "hsds3_service.json").read_text("utf-8"))
PAGE = json.loads((FIXTURES / "hsds3_list_page.json").read_text("utf-8"))
V1_SERVICE = json.loads((FIXTURES / "oruk_v1_service.json").read_text("utf-8"))
TODAY = date(2026, 6, 1)
MANAGER = "Morgan Import"
PASSWORD = "correct horse battery"
DEMO_KEYS = ["pharmacy-first-uti", "pharmacy-first-impetigo", SERVICE["id"]]
#: Stands for a number of 5,000 digits, which ``json.dumps`` cannot write: ``json_text``
#: puts the digits in its place.
HUGE = "<huge number>"
DROP = "<drop this field>"
READ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
IMPORT = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Values: odd text, every JSON type, numbers too big for a float or for ``int(str)``.

ODD_TEXT = st.sampled_from(
    [
        *("", " ", "\x00", "a\x00b", "\ud800", '"', 'a "quoted" b', "a\nb", "a\r\nb", "\ufeff"),
        *("=cmd|' /C calc'!A0", "'=1+1", "+SUM(A1)", "@A1", "-1", "1e999", "NaN", "Infinity"),
        *("²", "٣", "null", "{}", "[]", "9" * 5000, "n" * 201, "x" * 100_001),
    ]
)
TEXT = st.text(max_size=20) | ODD_TEXT
LEAVES = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=10**300, max_value=10**400)
    | st.integers(min_value=-(10**400), max_value=-(10**300))
    | st.floats()
    | TEXT
)
JSON_VALUES = st.recursive(
    LEAVES,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(TEXT, children, max_size=3),
    max_leaves=8,
)
EXTENSIONS = st.dictionaries(
    st.sampled_from(["status", "keywords", "closures", "notes", "review_interval_days", "key"]),
    JSON_VALUES,
    min_size=1,
    max_size=3,
)
NEW_KEYS = (
    st.sampled_from(
        [
            *("x_signposting", "schedules", "regular_schedules", "attributes", "phones"),
            *("contacts", "eligibilitys", "service_at_locations", "location", "addresses"),
            *("organization", "services", "contents", "status", "weekday", "taxonomy_term"),
            *("\ud800", "a\x00b", "=1+1"),
        ]
    )
    | TEXT
)


def json_text(document: Any) -> str:
    return json.dumps(document).replace(json.dumps(HUGE), "9" * 5000)


def write_json(path: Path, document: Any) -> Path:
    path.write_text(json_text(document), "utf-8")
    return path


# Changing a document: any field replaced, dropped or added, at any depth.

Place = tuple[str | int, ...]


def places(value: Any, at: Place = ()) -> list[Place]:
    """Every place in a JSON document: each object's fields and each list's items."""
    if isinstance(value, dict):
        children: list[tuple[str | int, Any]] = list(value.items())
    elif isinstance(value, list):
        children = list(enumerate(value))
    else:
        children = []
    found = []
    for key, child in children:
        found.append((*at, key))
        found += places(child, (*at, key))
    return found


def value_at(document: Any, place: Place) -> Any:
    for step in place:
        document = document[step]
    return document


def changes(document: Any) -> st.SearchStrategy[list[tuple[Place, Any]]]:
    """Edits of ``document``: a place (most often one of its own fields) and a value."""
    existing = places(document)
    objects = [(), *(p for p in existing if isinstance(value_at(document, p), dict))]
    new = st.tuples(st.sampled_from(objects), NEW_KEYS).map(lambda pair: (*pair[0], pair[1]))
    own = st.sampled_from([p for p in existing if len(p) == 1])
    where = own | own | st.sampled_from(existing) | new
    value = st.just(DROP) | LEAVES | JSON_VALUES | EXTENSIONS | st.just(HUGE)
    return st.lists(st.tuples(where, value), min_size=1, max_size=5)


def changed(document: Any, edits: list[tuple[Place, Any]]) -> Any:
    """``document`` with each edit made where its place still exists."""
    result = copy.deepcopy(document)
    for place, value in edits:
        *steps, last = place
        holder = result
        try:
            holder = value_at(result, tuple(steps))
        except (KeyError, IndexError, TypeError):
            continue
        if isinstance(holder, dict) and isinstance(last, str):
            if value == DROP:
                holder.pop(last, None)
            else:
                holder[last] = value
        elif isinstance(holder, list) and isinstance(last, int) and last < len(holder):
            if value == DROP:
                del holder[last]
            else:
                holder[last] = value
    return result


# What every reading must give.


def assert_located(error: SignpostingError, files: set[str]) -> None:
    """The import's own error, naming for each problem a file of the import and a row."""
    assert isinstance(error, InputProblemsError), repr(error)
    assert error.problems
    for problem in error.problems:
        assert problem.file in files, problem
        assert problem.row >= 0 and problem.message, problem
    assert str(error).startswith(f"{len(error.problems)} problem(s), nothing imported")


def assert_printable(reading: DirectoryRead) -> None:
    """The preview can be written out: the command line writes it to standard output."""
    "\n".join(reading.preview_lines()).encode("utf-8")


def read_or_refuse(path: Path, files: set[str]) -> DirectoryRead | None:
    try:
        reading = read_directory(path, today=TODAY)
    except SignpostingError as error:
        event("refused")
        assert_located(error, files)
        return None
    event("read")
    assert reading.services
    assert_printable(reading)
    return reading


# 1. An HSDS 3.0 service object.


@READ
@given(edits=changes(SERVICE), extension=st.none() | EXTENSIONS)
def test_any_hsds_service_reads_or_is_refused_with_located_problems(
    tmp_path: Path, edits: list[tuple[Place, Any]], extension: dict[str, Any] | None
) -> None:
    """Changed from the specification's example, with or without the fields this project's
    own exports add (``x_signposting``)."""
    document = SERVICE if extension is None else {**SERVICE, "x_signposting": extension}
    path = write_json(tmp_path / "service.json", changed(document, edits))
    read_or_refuse(path, {"service.json"})


# 2. An HSDS 3.0 list page (the API's paginated ``/services``).

PAGING = ("total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty")
COUNTS = (
    st.integers()
    | st.integers(min_value=10**300, max_value=10**400)
    | st.just(HUGE)
    | st.booleans()
    | st.none()
    | st.floats()
    | TEXT
)


def is_count(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


@READ
@given(
    paging=st.dictionaries(st.sampled_from(PAGING), COUNTS),
    dropped=st.sets(st.sampled_from(PAGING)),
    contents=st.just(PAGE["contents"])
    | st.lists(st.sampled_from(PAGE["contents"]) | JSON_VALUES, max_size=4)
    | JSON_VALUES,
)
def test_any_list_page_reads_or_is_refused_and_a_page_never_passes_as_whole(
    tmp_path: Path, paging: dict[str, Any], dropped: set[str], contents: Any
) -> None:
    document: dict[str, Any] = {k: v for k, v in PAGE.items() if k not in dropped}
    document.update(paging, contents=contents)
    reading = read_or_refuse(write_json(tmp_path / "page.json", document), {"page.json"})
    if reading is None:
        return
    pages, items = document.get("total_pages"), document.get("total_items")
    more_pages = is_count(pages) and pages > 1
    more_items = is_count(items) and isinstance(contents, list) and items > len(contents)
    if more_pages or more_items or document.get("last_page") is False:
        assert reading.partial


# 3. An ORUK v1 service: schedules, eligibility, contacts' phones, addresses, taxonomies.

TIMES = (
    st.sampled_from(
        [
            *("09:00", "9:00", "24:00", "00:00", "23:59:59.999", "09:00Z", "09:00+01:00"),
            *("09:00-05:00", "23:30+14:00", "01:00+13:59", "09:00+99:99", "25:61", "noon"),
            *("10:00:00.123456789+0100", "٠٩:٣٠", "23:00-10:00"),
        ]
    )
    | TEXT
    | LEAVES
)
DATES = (
    st.dates().map(str)
    | st.sampled_from(["9999-12-31", "9999-06-01", "0001-01-01", "2026-02-30", "2026-01-01T00:00"])
    | TEXT
    | LEAVES
)
WEEKDAYS = (
    st.integers(-2, 9)
    | st.sampled_from(["Monday", "mo", "7", "07", "0", "²", "٣", "1" * 5000, "Funday"])
    | TEXT
    | LEAVES
)
# Sub-daily frequencies (HOURLY, MINUTELY, SECONDLY) are left out: dateutil follows such a
# rule through every hour, minute or second of a year, seconds to minutes for each schedule.
RULES: dict[str, st.SearchStrategy[Any]] = {
    "freq": st.sampled_from(["WEEKLY", "weekly", "DAILY", "MONTHLY", "YEARLY", "FORTNIGHTLY"])
    | TEXT,
    "byday": st.sampled_from(
        ["MO", "MO,TH", "2SA", "-1FR", "60MO", "+99999999999MO", "XX", "MO,,TU"]
    )
    | TEXT,
    "interval": st.integers(-3, 10**30) | st.sampled_from(["2", "0", "1.5", "x"]) | st.floats(),
    "bymonthday": st.sampled_from(["1", "31", "-1", "0", "1,15", "٣", "x"]),
    "count": st.integers(-1, 10**30) | TEXT,
    "timezone": st.floats() | st.integers() | st.sampled_from(["1", "-5", "14.5", "1e300", "nan"]),
}
SCHEDULES = st.fixed_dictionaries(
    {},
    optional={
        "weekday": WEEKDAYS,
        "opens_at": TIMES,
        "closes_at": TIMES,
        "dtstart": DATES,
        "valid_from": DATES,
        "valid_to": DATES,
        **RULES,
    },
)
AGES = (
    st.integers(-5, 200)
    | st.integers(min_value=10**300, max_value=10**400)
    | st.integers(min_value=-(10**400), max_value=-(10**300))
    | st.floats()
    | st.just(HUGE)
    | st.sampled_from(["18", " 18 ", "-1", "1e3", "NaN", "9" * 5000, "eighteen", "", None])
)
ELIGIBILITY = st.fixed_dictionaries(
    {}, optional={"minimum_age": AGES, "maximum_age": AGES, "eligibility": TEXT, "gender": LEAVES}
)
NUMBERS = (
    st.sampled_from(["01632 960320", "+44 1632 960320", "111", "0", "+1 202 555 0100", "0" * 300])
    | TEXT
    | LEAVES
)
PHONES = st.fixed_dictionaries({}, optional={"number": NUMBERS, "extension": LEAVES})
CONTACTS = st.fixed_dictionaries(
    {}, optional={"name": TEXT, "phones": st.lists(PHONES | JSON_VALUES, max_size=3) | JSON_VALUES}
)
ADDRESSES = st.fixed_dictionaries(
    {},
    optional=dict.fromkeys(
        ("address_1", "city", "postal_code", "country", "address_type"), TEXT | LEAVES
    ),
)
TERMS = st.fixed_dictionaries({}, optional={"name": LEAVES, "vocabulary": LEAVES})
TAXONOMIES = st.fixed_dictionaries({}, optional={"taxonomy": TERMS | JSON_VALUES})
KEEP = "<as in the fixture>"


def listed(item: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A part of the service: a list of such objects (most often), as in the fixture, or any
    value."""
    objects = st.lists(item, min_size=1, max_size=3)
    return (
        objects | objects | st.lists(item | JSON_VALUES, max_size=3) | st.just(KEEP) | JSON_VALUES
    )


V1_PARTS = st.fixed_dictionaries(
    {
        "regular_schedules": listed(SCHEDULES),
        "eligibilitys": listed(ELIGIBILITY),
        "contacts": listed(CONTACTS),
        "physical_addresses": listed(ADDRESSES),
        "service_taxonomys": listed(TAXONOMIES),
    }
)


@READ
@given(parts=V1_PARTS)
def test_any_oruk_v1_service_reads_or_is_refused_with_located_problems(
    tmp_path: Path, parts: dict[str, Any]
) -> None:
    document = copy.deepcopy(V1_SERVICE)
    location = document["service_at_locations"][0]["location"]
    for key, value in parts.items():
        if value != KEEP:
            (location if key == "physical_addresses" else document)[key] = value
    read_or_refuse(write_json(tmp_path / "v1.json", document), {"v1.json"})


# 4. An HSDS 3.0 tabular data package.

Table = list[list[str]]
PACKAGE_FILES = sorted(path.name for path in PACKAGE.glob("*.csv"))


def fixture_table(name: str) -> Table:
    return list(csv.reader(io.StringIO((PACKAGE / name).read_text("utf-8"), newline="")))


def set_cell(rows: Table, row: int, column: int, text: str) -> None:
    cells = rows[row % len(rows)]
    if cells:
        cells[column % len(cells)] = text
    else:
        cells.append(text)


def add_column(rows: Table, name: str, text: str) -> None:
    rows[0].append(name)
    for cells in rows[1:]:
        cells.append(text)


def drop_column(rows: Table, column: int) -> None:
    for cells in rows:
        if cells:
            del cells[column % len(cells)]


def point_nowhere(rows: Table, name: str) -> None:
    """A foreign key (``service_id``…) that names no row at all."""
    column = rows[0].index(name) if name in rows[0] else len(rows[0])
    for cells in rows[1:]:
        if column < len(cells):
            cells[column] = "nowhere"


TABLE_EDITS: dict[str, Callable[..., None]] = {
    "cell": set_cell,
    "add column": add_column,
    "drop column": drop_column,
    "add row": lambda rows, cells: rows.append(list(cells)),
    "point nowhere": point_nowhere,
}
FIXTURE_IDS = sorted({row[0] for name in PACKAGE_FILES for row in fixture_table(name)[1:]})
CELLS = TEXT | st.sampled_from([*FIXTURE_IDS, "nowhere", "MO,TU", "09:00", "2026-01-01"])
COLUMN_NAMES = NEW_KEYS | st.sampled_from(["id", "name", "service_id", "=1+1", "extra"])
FILES = st.sampled_from(["services.csv", "locations.csv"]) | st.sampled_from(PACKAGE_FILES)
EDITS = st.lists(
    st.tuples(st.just("cell"), FILES, st.integers(0, 3), st.integers(0, 25), CELLS)
    | st.tuples(st.just("add column"), FILES, COLUMN_NAMES, CELLS)
    | st.tuples(st.just("drop column"), FILES, st.integers(0, 25))
    | st.tuples(st.just("add row"), FILES, st.lists(CELLS, max_size=12))
    | st.tuples(st.just("point nowhere"), FILES, st.sampled_from(["service_id", "location_id"]))
    | st.tuples(st.just("drop file"), FILES)
    | st.tuples(st.just("drop resource"), FILES)
    | st.tuples(st.just("resource field"), FILES, st.sampled_from(["name", "schema"]), JSON_VALUES),
    min_size=1,
    max_size=6,
)


def edit_descriptor(descriptor: dict[str, Any], kind: str, file: str, args: list[Any]) -> None:
    resources = descriptor["resources"]
    index = next((i for i, r in enumerate(resources) if r["path"] == file), None)
    if index is not None and kind == "drop resource":
        del resources[index]
    elif index is not None and kind == "resource field":
        resources[index][args[0]] = args[1]


def write_package(folder: Path, edits: list[tuple[Any, ...]]) -> Path:
    """The fixture package with the edits made, each CSV written as a spreadsheet writes it."""
    shutil.copytree(PACKAGE, folder, dirs_exist_ok=True)
    descriptor = json.loads((PACKAGE / "datapackage.json").read_text("utf-8"))
    tables: dict[str, Table | None] = {name: fixture_table(name) for name in PACKAGE_FILES}
    for kind, file, *args in edits:
        rows = tables[file]
        if kind == "drop file":
            tables[file] = None
        elif kind in TABLE_EDITS and rows is not None:
            TABLE_EDITS[kind](rows, *args)
        else:
            edit_descriptor(descriptor, kind, file, args)
    for name, table in tables.items():
        if table is None:
            (folder / name).unlink()
            continue
        buffer = io.StringIO()
        csv.writer(buffer).writerows(table)
        # A lone surrogate cannot be UTF-8: written as it is, the file is not UTF-8 text.
        (folder / name).write_bytes(buffer.getvalue().encode("utf-8", "surrogatepass"))
    write_json(folder / "datapackage.json", descriptor)
    return folder


PACKAGE_NAMES = {*PACKAGE_FILES, "datapackage.json"}


@READ
@given(edits=EDITS)
def test_any_package_reads_or_is_refused_with_located_problems(
    tmp_path: Path, edits: list[tuple[Any, ...]]
) -> None:
    read_or_refuse(write_package(tmp_path / "package", edits), PACKAGE_NAMES)


# 5. Whole imports into a real directory (the demo's), on SQLite and PostgreSQL.

Snapshot = tuple[list[tuple[Any, ...]], int]


@pytest.fixture
def demo_directory(database: Database) -> Database:
    """The demo directory, and a manager to import it as."""
    with database.unit_of_work() as session:
        load_demo(session)
        manager(session)
    return database


def snapshot(database: Database) -> Snapshot:
    """Every row of the service table as stored, and how many changes the audit log holds."""
    with database.unit_of_work() as session:
        rows = session.execute(sa.select(Service.__table__).order_by(Service.id)).all()
        audited = session.scalar(sa.select(sa.func.count()).select_from(AuditEntry))
    return [tuple(row) for row in rows], int(audited or 0)


def import_whole_or_not_at_all(database: Database, path: Path, files: set[str]) -> None:
    """Import as the command line does; refused, the directory must be exactly as it was;
    imported, every service read must be stored as read."""
    before = snapshot(database)
    try:
        reading = read_directory(path, today=TODAY)
        assert_printable(reading)
        with database.unit_of_work() as session:
            actor = session.scalars(sa.select(StaffMember).where(StaffMember.name == MANAGER))
            importer = actor.one()
            session.info["actor"] = importer
            apply_import(session, importer, reading.services, retire_missing=not reading.partial)
    except SignpostingError as error:
        event("refused")
        assert_located(error, files)
        assert snapshot(database) == before
        return
    event("imported")
    with database.unit_of_work() as session:
        after = directory_values(session)
    for service in reading.services:
        assert after[service.key] == normalised(service.values)


@IMPORT
@given(edits=changes(SERVICE), key=st.sampled_from(DEMO_KEYS))
def test_any_hsds_service_imports_whole_or_not_at_all(
    demo_directory: Database, tmp_path: Path, edits: list[tuple[Place, Any]], key: str
) -> None:
    document = changed({**SERVICE, "id": key}, edits)
    path = write_json(tmp_path / "service.json", document)
    import_whole_or_not_at_all(demo_directory, path, {"service.json"})


@IMPORT
@given(edits=EDITS)
def test_any_package_imports_whole_or_not_at_all(
    demo_directory: Database, tmp_path: Path, edits: list[tuple[Any, ...]]
) -> None:
    folder = write_package(tmp_path / "package", edits)
    import_whole_or_not_at_all(demo_directory, folder, PACKAGE_NAMES)


@pytest.fixture
def command_line(
    demo_directory: Database, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> list[str]:
    """The start of an import command into the demo directory, with no terminal to ask on."""
    monkeypatch.setenv("SIGNPOSTING_PASSWORD", PASSWORD)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    return ["--database", database_url, "directory", "import"]


def statuses(database: Database) -> dict[str, ServiceStatus]:
    with database.unit_of_work() as session:
        return dict(session.execute(sa.select(Service.key, Service.status)).all())


@IMPORT
@given(edits=changes(PAGE))
def test_the_command_line_imports_any_list_page_or_says_why(
    demo_directory: Database,
    command_line: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    edits: list[tuple[Place, Any]],
) -> None:
    """Never a traceback; refused, nothing changed; imported without being told it may
    retire many, it retired few (a page of a longer list retires none)."""
    path = write_json(tmp_path / "page.json", changed(PAGE, edits))
    before, status_before = snapshot(demo_directory), statuses(demo_directory)
    code = main([*command_line, str(path), "--as", MANAGER])
    said = capsys.readouterr()
    assert code in (0, 1)
    event("imported" if code == 0 else "refused")
    if code == 1:
        assert said.err.startswith("signposting: error: ")
        assert snapshot(demo_directory) == before
        return
    assert said.out.rstrip().endswith("imported")
    in_use = [key for key, status in status_before.items() if status is not ServiceStatus.RETIRED]
    status_after = statuses(demo_directory)
    newly = [key for key in in_use if status_after[key] is ServiceStatus.RETIRED]
    assert len(newly) <= max(RETIRE_WARNING_COUNT, RETIRE_WARNING_SHARE * len(in_use))
    if "of a longer list" in said.out:
        assert not newly


# Cases these properties found, each kept as a plain example.

GOOD = {"id": "walks", "name": "Walking group", "status": "active"}
MONDAYS = {"freq": "WEEKLY", "byday": "MO", "opens_at": "09:00", "closes_at": "10:00"}


def refused_with(path: Path) -> list[str]:
    with pytest.raises(InputProblemsError) as caught:
        read_directory(path, today=TODAY)
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        (
            {"eligibilitys": [{"maximum_age": 10}, {"maximum_age": 10**400}]},
            "column 'eligibilitys[0].maximum_age': 1000",
        ),
        (
            {"eligibilitys": [{"minimum_age": -(10**400)}]},
            "column 'eligibilitys[0].minimum_age': -1000",
        ),
        (
            {"regular_schedules": [{**MONDAYS, "byday": None, "weekday": "²"}]},
            "column 'regular_schedules[0].byday': '²' is not a day",
        ),
        (
            {"regular_schedules": [{**MONDAYS, "byday": None, "weekday": "1" * 5000}]},
            "column 'regular_schedules[0].byday': '11' is not a day",
        ),
        (
            {"schedules": [{**MONDAYS, "byday": "60MO", "freq": "MONTHLY"}]},
            "column 'schedules[0].byday': a day's number is from 1 to 5",
        ),
        (
            {"schedules": [{**MONDAYS, "dtstart": "9999-12-01"}]},
            "column 'schedules[0].byday': not a recurrence rule (date value out of range)",
        ),
        (
            {"schedules": [{**MONDAYS, "valid_from": "9999-12-31", "opens_at": "23:30-05:00"}]},
            "column 'schedules[0].opens_at': '23:30-05:00' cannot be converted to UK time",
        ),
    ],
)
def test_values_that_broke_the_reader_are_located_problems(
    tmp_path: Path, fields: dict[str, Any], problem: str
) -> None:
    path = write_json(tmp_path / "service.json", {**GOOD, **fields})
    assert any(found.startswith(f"service.json: row 1, {problem}") for found in refused_with(path))


@pytest.mark.parametrize(
    ("fields", "said"),
    [
        ({"x_signposting": {"status": "active"}, "schedules": 5, "attributes": 5}, ""),
        ({"schedules": [{**MONDAYS, "freq": "MONTHLY", "bymonthday": "1 5"}]}, "day 15th"),
        ({"schedules": [{**MONDAYS, "freq": "MONTHLY", "interval": "1 0"}]}, "every 10 months"),
        ({"\ud800": "a field name no output can write"}, "ignored: service.\\ud800"),
    ],
)
def test_values_that_broke_the_reader_are_read(
    tmp_path: Path, fields: dict[str, Any], said: str
) -> None:
    reading = read_directory(write_json(tmp_path / "service.json", {**GOOD, **fields}))
    assert [service.key for service in reading.services] == ["walks"]
    assert said in "\n".join(reading.preview_lines())
    assert_printable(reading)


@pytest.mark.parametrize(
    ("file", "column"),
    [("services.csv", "phones"), ("services.csv", "attributes"), ("locations.csv", "addresses")],
)
def test_a_column_named_as_nested_rows_is_a_located_problem(
    tmp_path: Path, file: str, column: str
) -> None:
    folder = write_package(tmp_path / "package", [("add column", file, column, "text")])
    assert f"{file}: row 1, column '{column}': clashes with" in refused_with(folder)[0]


def test_a_duplicate_id_in_a_package_names_the_service_table(tmp_path: Path) -> None:
    folder = write_package(tmp_path / "package", [("drop column", "services.csv", 0)])
    assert "services.csv: row 3, column 'id': duplicate id '' (also row 2)" in refused_with(folder)


@pytest.mark.parametrize(
    ("schedule", "message"),
    [
        ({"freq": "SECONDLY"}, "column 'schedules[0].freq': 'SECONDLY' is not a frequency"),
        ({"freq": "MINUTELY"}, "column 'schedules[0].freq': 'MINUTELY' is not a frequency"),
        (
            {"freq": "DAILY", "bymonthday": "99"},
            "column 'schedules[0].bymonthday': each bymonthday value is from 1 to 31",
        ),
        (
            {"freq": "YEARLY", "byyearday": "400"},
            "column 'schedules[0].byyearday': each byyearday value is from 1 to 366",
        ),
        ({"interval": "1000"}, "column 'schedules[0].interval': the interval is a whole number"),
    ],
)
def test_rules_too_costly_to_follow_are_refused_at_once(
    tmp_path: Path, schedule: dict[str, Any], message: str
) -> None:
    """Rules that repeat every second or never match would keep the reader busy for minutes."""
    path = write_json(tmp_path / "service.json", {**GOOD, "schedules": [{**MONDAYS, **schedule}]})
    assert any(found.startswith(f"service.json: row 1, {message}") for found in refused_with(path))
