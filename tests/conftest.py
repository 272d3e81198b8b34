"""Shared fixtures: real SQLite files and a real PostgreSQL server, schemas built by Alembic.

Every database test runs on both backends. PostgreSQL comes from
``SIGNPOSTING_TEST_POSTGRES_URL`` (a server URL whose user may create databases). Without it the
PostgreSQL half skips with a message, except under CI, where it fails.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from signposting.config import sqlite_url
from signposting.db import migrate
from signposting.db.engine import Database
from signposting.directory.demo import load_demo
from signposting.training.database import open_training_database
from tests.support.postgres import PostgresServer, postgres_server_from_environment
from tests.support.training import TrainingSetup

BACKENDS = ["sqlite", "postgresql"]
#: Key handling under a real X server: run by tests/test_x11_keyboard.py on Xvfb, not offscreen.
collect_ignore = [] if os.environ["QT_QPA_PLATFORM"] == "xcb" else ["x11"]


@pytest.fixture(autouse=True)
def _isolated_data_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test away from the user's real data folder and database settings."""
    monkeypatch.setenv("SIGNPOSTING_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SIGNPOSTING_DATABASE_URL", raising=False)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    server = postgres_server_from_environment()
    yield server
    server.drop_all()


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    database = Database(sqlite_url(path))
    migrate.upgrade(database)
    with database.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.dispose()
    return path


@pytest.fixture(scope="session")
def _postgres_template(postgres_server: PostgresServer) -> str:
    name = postgres_server.create_database("template")
    database = Database(postgres_server.url_for(name))
    migrate.upgrade(database)
    database.dispose()
    return name


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a fresh database at the latest schema, on the test's backend."""
    if backend == "sqlite":
        template: Path = request.getfixturevalue("_sqlite_template")
        path = tmp_path / "signposting.db"
        shutil.copyfile(template, path)
        return sqlite_url(path)
    server: PostgresServer = request.getfixturevalue("postgres_server")
    template_name: str = request.getfixturevalue("_postgres_template")
    return server.url_for(server.create_database("test", template=template_name))


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    """An open database at the latest schema."""
    opened = Database(database_url)
    yield opened
    opened.dispose()


@pytest.fixture
def empty_database_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a database with no schema at all, for migration tests."""
    if backend == "sqlite":
        return sqlite_url(tmp_path / f"empty-{uuid.uuid4().hex[:8]}.db")
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.url_for(server.create_database("empty"))


@pytest.fixture
def empty_database(empty_database_url: str) -> Iterator[Database]:
    opened = Database(empty_database_url)
    yield opened
    opened.dispose()


def table_names(database: Database) -> set[str]:
    return set(sa.inspect(database.engine).get_table_names())


@pytest.fixture
def training_setup(database: Database, empty_database_url: str) -> Iterator[TrainingSetup]:
    """The demo in a live database, and a training database copied from it."""
    with database.unit_of_work() as session:
        load_demo(session)
    training = open_training_database(database, empty_database_url, by="tests")
    yield TrainingSetup(database, training)
    training.dispose()
