"""A desk starting on SQLite loads what it uses: not Alembic when the schema is already at head,
not the PostgreSQL driver or dialect, and numpy only once there is a search index to use it."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from signposting.db import migrate
from signposting.db.engine import Database
from signposting.directory.demo import load_demo

#: The desk's start, as ``signposting desk`` makes it, then a first search.
DESK_START = """
import argparse, json, sys
import signposting.cli.main
import signposting.ui.app
from signposting.cli.common import open_database
from signposting.reception.session import DeskSession

WATCHED = ("alembic", "psycopg", "sqlalchemy.dialects.postgresql", "numpy")
loaded = lambda: [name for name in WATCHED if name in sys.modules]
database = open_database(argparse.Namespace(database=sys.argv[1], demo=False))
desk = DeskSession(database)
started = loaded()
assert desk.search("bad back").services
print(json.dumps({"started": started, "searched": loaded()}))
"""


def test_a_desk_on_sqlite_loads_only_what_it_uses(database: Database, backend: str) -> None:
    if backend != "sqlite":
        pytest.skip("the modules an SQLite desk does without")
    with database.unit_of_work() as session:
        load_demo(session)
    url = database.url.render_as_string(hide_password=False)
    done = subprocess.run(
        [sys.executable, "-c", DESK_START, url], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout.splitlines()[-1])
    assert loaded == {"started": [], "searched": ["numpy"]}


def test_the_heads_read_from_the_scripts_are_alembics() -> None:
    assert migrate.shipped_heads() == {migrate.head_revision()}


def test_a_schema_behind_head_is_still_upgraded(empty_database: Database) -> None:
    migrate.upgrade(empty_database, "0001", backup=False)
    assert migrate.stamped_revisions(empty_database) == {"0001"}
    migrate.ensure_schema(empty_database)
    assert migrate.stamped_revisions(empty_database) == {migrate.head_revision()}
    assert migrate.is_at_head(empty_database)


COMMAND_LINE_START = """
import json, sys
from signposting.cli import main
main.build_parser(desk_only=main.opens_the_desk(sys.argv[1:]))
print(json.dumps(sorted(name for name in sys.modules if name.startswith("signposting.cli."))))
"""


@pytest.mark.parametrize(
    ("arguments", "desk"),
    [
        ([], True),
        (["desk"], True),
        (["--database", "sqlite:///x.db", "-v", "desk", "--smoke-test"], True),
        (["--demo"], True),
        (["--database", "desk"], True),
        (["search", "bad back"], False),
        (["--database", "sqlite:///x.db", "export"], False),
        (["--help"], False),
        (["--version"], False),
        (["-h", "desk"], False),
    ],
)
def test_only_opening_the_desk_skips_the_other_commands(arguments: list[str], desk: bool) -> None:
    from signposting.cli.main import opens_the_desk  # noqa: PLC0415

    assert opens_the_desk(arguments) is desk


def test_opening_the_desk_imports_no_other_command() -> None:
    done = subprocess.run(
        [sys.executable, "-c", COMMAND_LINE_START, "desk", "--smoke-test"],
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = json.loads(done.stdout)
    assert "signposting.cli.desk_command" in loaded
    assert "signposting.cli.export_command" not in loaded
    assert "signposting.cli.directory_commands" not in loaded


def test_every_command_is_still_offered() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "signposting", "--help"], capture_output=True, text=True, check=True
    )
    for command in ("desk", "search", "export", "directory", "training", "thesaurus", "staff"):
        assert command in done.stdout
