"""Schema upgrades with Alembic, and the backup taken before each one on SQLite.

Alembic is imported only to upgrade or inspect a schema: a start on a database already at head
finds so by reading its version row and the revisions the scripts declare (``ensure_schema``).
"""

from __future__ import annotations

import ast
import functools
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from signposting.db.engine import Database
from signposting.db.models import Base
from signposting.errors import DatabaseUnavailableError

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

#: Any fixed number; desks upgrading a shared PostgreSQL server at once take turns on it.
_PG_UPGRADE_LOCK = 7_420_117


def migrations_directory() -> Path:
    """The Alembic scripts: shipped inside the package, or beside it in a source checkout."""
    packaged = Path(__file__).resolve().parent / "migrations"
    if (packaged / "env.py").is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration that runs on the given connection."""
    from alembic.config import Config  # noqa: PLC0415 - Alembic only to migrate

    config = Config()
    config.set_main_option("script_location", str(migrations_directory()))
    config.attributes["connection"] = connection
    config.attributes["configure_logging"] = False
    return config


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory  # noqa: PLC0415

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(database: Database) -> str | None:
    """The revision the database is at, or None when it has no schema yet."""
    from alembic.runtime.migration import MigrationContext  # noqa: PLC0415

    with database.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def is_at_head(database: Database) -> bool:
    return current_revision(database) == head_revision()


def upgrade(database: Database, revision: str = "head", *, backup: bool = True) -> Path | None:
    """Upgrade to ``revision``; on SQLite back the file up first if there is data to keep.

    Returns the backup's path, if one was made.
    """
    backup_path = None
    if backup and database.sqlite_path is not None and current_revision(database) is not None:
        if current_revision(database) == head_revision() and revision == "head":
            return None
        backup_path = backup_sqlite(database)
    from alembic import command  # noqa: PLC0415

    with _upgrade_lock(database) as connection:
        command.upgrade(alembic_config(connection), revision)
        connection.commit()
    log.info("database %s upgraded to %s", database.describe(), revision)
    return backup_path


def downgrade(database: Database, revision: str) -> None:
    """Step the schema back to ``revision`` (``base`` removes it)."""
    from alembic import command  # noqa: PLC0415

    with _upgrade_lock(database) as connection:
        command.downgrade(alembic_config(connection), revision)
        connection.commit()


def ensure_schema(database: Database) -> Path | None:
    """What every start does: bring the schema to head, backing up first where it applies.

    A database whose one version row names the one head the scripts declare is at head, and
    Alembic is not loaded; anything else (no schema yet, behind, scripts it cannot read) is
    left to Alembic to judge and upgrade.
    """
    heads = shipped_heads()
    if heads is not None and len(heads) == 1 and stamped_revisions(database) == heads:
        return None
    if is_at_head(database):
        return None
    return upgrade(database)


def stamped_revisions(database: Database) -> frozenset[str]:
    """The revisions in the database's version table: empty when it has no schema yet."""
    with database.engine.connect() as connection:
        if not sa.inspect(connection).has_table(_VERSION_TABLE):
            return frozenset()
        rows = connection.execute(sa.text(f"SELECT version_num FROM {_VERSION_TABLE}"))
        return frozenset(str(row) for row in rows.scalars())


@functools.cache
def shipped_heads() -> frozenset[str] | None:
    """The revisions no script builds on, read from the scripts without running them; None
    when a script says anything this reading does not follow (branches, dependencies, a
    revision that is not written out), so that Alembic decides."""
    revisions: set[str] = set()
    below: set[str] = set()
    for path in sorted((migrations_directory() / "versions").glob("*.py")):
        if path.name.startswith((".#", "__init__")):
            continue
        try:
            declared = _declared(path)
        except (OSError, SyntaxError, ValueError):
            return None
        if not isinstance(declared.get("revision"), str):
            return None
        if declared.get("branch_labels") is not None or declared.get("depends_on") is not None:
            return None
        down = declared.get("down_revision")
        downs = (down,) if isinstance(down, str) else down or ()
        if not isinstance(downs, tuple) or not all(isinstance(d, str) for d in downs):
            return None
        revisions.add(declared["revision"])
        below.update(downs)
    return frozenset(revisions - below) if revisions else None


def _declared(path: Path) -> dict[str, Any]:
    """The constants a migration script assigns at module level (``revision = "0007"``)."""
    found: dict[str, Any] = {}
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        target, value = None, None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign):
            target, value = node.target, node.value
        if isinstance(target, ast.Name) and target.id in _DECLARATIONS and value is not None:
            found[target.id] = ast.literal_eval(value)
    return found


#: Where Alembic keeps the revision a database is at, and what each script declares.
_VERSION_TABLE = "alembic_version"
_DECLARATIONS = ("revision", "down_revision", "branch_labels", "depends_on")


def schema_drift(database: Database) -> list[Any]:
    """Differences between the models and the database's schema (empty when they agree)."""
    from alembic.autogenerate import compare_metadata  # noqa: PLC0415
    from alembic.runtime.migration import MigrationContext  # noqa: PLC0415

    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def backup_sqlite(database: Database, destination: Path | None = None) -> Path:
    """A consistent copy of the SQLite file (WAL included), by default timestamped beside it."""
    source = database.sqlite_path
    if source is None:
        raise DatabaseUnavailableError("backups of this kind are only for SQLite files")
    if not source.exists():
        raise DatabaseUnavailableError(f"no database file at {source}")
    if destination is None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        destination = source.with_name(f"{source.stem}.backup-{stamp}{source.suffix}")
    with sqlite3.connect(source) as src, sqlite3.connect(destination) as dst:
        src.backup(dst)
    dst.close()
    src.close()
    log.info("backed up %s to %s", source, destination)
    return destination


@contextmanager
def _upgrade_lock(database: Database) -> Iterator[Connection]:
    """A connection to migrate on: on PostgreSQL holding an advisory lock so desks take turns;
    on SQLite with foreign keys off while tables are rebuilt (batch mode copies a table,
    drops it and renames the copy), then checked before they go back on."""
    if database.is_sqlite:
        with database.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            try:
                yield connection
                problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if problems:
                    raise DatabaseUnavailableError(f"migration broke foreign keys: {problems[:3]}")
            finally:
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        return
    with database.engine.connect() as connection:
        if database.url.get_backend_name() == "postgresql":
            connection.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": _PG_UPGRADE_LOCK})
            connection.commit()
        try:
            yield connection
        finally:
            if database.url.get_backend_name() == "postgresql":
                connection.rollback()
                connection.execute(
                    sa.text("SELECT pg_advisory_unlock(:key)"), {"key": _PG_UPGRADE_LOCK}
                )
                connection.commit()
