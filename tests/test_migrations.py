"""Alembic alone builds the schema: from empty, without drift, down and up again with data."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from signposting.config import sqlite_url
from signposting.db import migrate
from signposting.db.engine import Database
from tests.conftest import table_names

REVISIONS = [
    script.revision
    for script in reversed(
        list(ScriptDirectory.from_config(migrate.alembic_config()).walk_revisions())
    )
]


def _seed_core_rows(database: Database) -> None:
    """Rows in the tables the first revision makes, written with plain SQL (no models)."""
    now = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    with database.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO practice (id, name, ods_code) VALUES (1, 'Kept Practice', 'K00001')"
            )
        )
        connection.execute(
            sa.text(
                "INSERT INTO staff_member (id, name, role, practice_id, active, created_at) "
                "VALUES (1, 'Kept Person', 'receptionist', 1, true, :now)"
            ),
            {"now": now},
        )
        connection.execute(
            sa.text(
                "INSERT INTO service (id, key, name, description, category, conditions, keywords, "
                "access_methods, eligibility_notes, exclusions, address, opening_sessions, "
                "closures, status, alert, patient_script, review_interval_days, is_example, "
                "created_at, updated_at, version) VALUES (1, 'kept', 'Kept service', '', 'Cat', "
                "'[]', '[\"kept word\"]', '[]', '', '[]', '', '[]', '[]', 'active', '', '', 180, "
                "false, :now, :now, 1)"
            ),
            {"now": now},
        )
        connection.execute(
            sa.text(
                "INSERT INTO signpost_record (uuid, recorded_at, practice_id, staff_id, "
                "service_id, outcome, channel) "
                "VALUES ('kept-record', :now, 1, 1, 1, 'declined', 'phone')"
            ),
            {"now": now},
        )


def _kept_rows(database: Database) -> tuple[object, object]:
    with database.engine.connect() as connection:
        practice = connection.execute(sa.text("SELECT name FROM practice WHERE id = 1")).scalar()
        record = connection.execute(
            sa.text(
                "SELECT r.outcome || ' by ' || s.name || ' to ' || v.name FROM signpost_record r "
                "JOIN staff_member s ON s.id = r.staff_id JOIN service v ON v.id = r.service_id "
                "WHERE r.uuid = 'kept-record'"
            )
        ).scalar()
    return practice, record


def test_upgrade_from_empty_builds_every_table(empty_database: Database) -> None:
    assert migrate.current_revision(empty_database) is None
    migrate.upgrade(empty_database)
    assert migrate.current_revision(empty_database) == migrate.head_revision()
    assert {"service", "red_flag_protocol", "signpost_record", "audit_entry"} <= table_names(
        empty_database
    )


def test_models_and_migrations_agree(empty_database: Database) -> None:
    migrate.upgrade(empty_database)
    assert migrate.schema_drift(empty_database) == []


def test_down_to_base_and_back_up(empty_database: Database) -> None:
    migrate.upgrade(empty_database)
    migrate.downgrade(empty_database, "base")
    assert table_names(empty_database) <= {"alembic_version"}
    migrate.upgrade(empty_database)
    assert migrate.schema_drift(empty_database) == []


@pytest.mark.parametrize("revision", REVISIONS[1:])
def test_each_step_down_and_up_keeps_data(empty_database: Database, revision: str) -> None:
    """Data written at the first revision survives every later revision going down and up."""
    migrate.upgrade(empty_database, REVISIONS[0])
    _seed_core_rows(empty_database)
    migrate.upgrade(empty_database, revision)
    assert _kept_rows(empty_database) == (
        "Kept Practice",
        "declined by Kept Person to Kept service",
    )
    previous = REVISIONS[REVISIONS.index(revision) - 1]
    migrate.downgrade(empty_database, previous)
    assert migrate.current_revision(empty_database) == previous
    assert _kept_rows(empty_database) == (
        "Kept Practice",
        "declined by Kept Person to Kept service",
    )
    migrate.upgrade(empty_database)
    assert _kept_rows(empty_database) == (
        "Kept Practice",
        "declined by Kept Person to Kept service",
    )


def _sqlite_revision(path: Path) -> str:
    with sqlite3.connect(path) as connection:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    connection.close()
    return str(row[0])


def test_sqlite_is_backed_up_before_an_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "live.db"
    database = Database(sqlite_url(path))
    try:
        migrate.upgrade(database, REVISIONS[0])
        _seed_core_rows(database)
        backup = migrate.ensure_schema(database)
        assert migrate.is_at_head(database)
    finally:
        database.dispose()
    assert backup is not None
    assert backup.parent == tmp_path and backup.name.startswith("live.backup-")
    # The copy is the database as it was before the upgrade, with its data.
    assert _sqlite_revision(backup) == REVISIONS[0]
    with sqlite3.connect(backup) as connection:
        assert connection.execute("SELECT name FROM practice").fetchall() == [("Kept Practice",)]
    connection.close()


def test_no_backup_when_already_current_or_new(tmp_path: Path) -> None:
    database = Database(sqlite_url(tmp_path / "new.db"))
    try:
        assert migrate.ensure_schema(database) is None  # nothing to keep in a new file
        assert migrate.ensure_schema(database) is None  # already at head
    finally:
        database.dispose()
    assert sorted(p.name for p in tmp_path.iterdir() if "backup" in p.name) == []


def test_sqlite_connections_use_wal_and_foreign_keys(tmp_path: Path) -> None:
    database = Database(sqlite_url(tmp_path / "pragmas.db"))
    try:
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
    finally:
        database.dispose()
