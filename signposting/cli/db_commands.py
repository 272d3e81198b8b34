"""``signposting db upgrade | current | check | backup``."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import URL

from signposting.cli.common import open_database, out
from signposting.db import migrate
from signposting.db.engine import Database
from signposting.errors import DatabaseUnavailableError


def register(commands: Any) -> None:
    db = commands.add_parser("db", help="schema upgrades, status and backups")
    actions = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    actions.add_parser("upgrade", help="upgrade the schema to the latest revision").set_defaults(
        handler=_upgrade
    )
    actions.add_parser("current", help="show the schema revision").set_defaults(handler=_current)
    actions.add_parser(
        "check", help="exit non-zero unless the schema is current and matches the models"
    ).set_defaults(handler=_check)
    backup = actions.add_parser("backup", help="copy the database to a timestamped backup")
    backup.add_argument("-o", "--output", type=Path, help="where to write the backup")
    backup.set_defaults(handler=_backup)
    connect = actions.add_parser(
        "connect", help="remember a database for this desk (the password goes in the keyring)"
    )
    connect.add_argument("url", metavar="URL")
    connect.set_defaults(handler=_connect)


def _upgrade(args: argparse.Namespace) -> int:
    database = open_database(args, upgrade=False)
    try:
        before = migrate.current_revision(database)
        backup = migrate.upgrade(database)
        after = migrate.current_revision(database)
    finally:
        database.dispose()
    if backup is not None:
        out(f"backed up to {backup}")
    if before == after:
        out(f"already at the latest revision ({after})")
    else:
        out(f"upgraded from {before or 'an empty database'} to {after}")
    return 0


def _current(args: argparse.Namespace) -> int:
    database = open_database(args, upgrade=False)
    try:
        current = migrate.current_revision(database)
    finally:
        database.dispose()
    head = migrate.head_revision()
    state = "up to date" if current == head else f"latest is {head}"
    out(f"{current or 'empty (no schema)'} ({state})")
    return 0


def _check(args: argparse.Namespace) -> int:
    database = open_database(args, upgrade=False)
    try:
        current = migrate.current_revision(database)
        head = migrate.head_revision()
        if current != head:
            out(
                f"schema is at {current or 'nothing'}, the latest is {head}: "
                "run `signposting db upgrade`"
            )
            return 1
        drift = migrate.schema_drift(database)
    finally:
        database.dispose()
    if drift:
        out("the schema differs from the models:")
        for difference in drift:
            out(f"  {difference}")
        return 1
    out(f"schema is up to date ({head})")
    return 0


def _backup(args: argparse.Namespace) -> int:
    database = open_database(args, upgrade=False)
    try:
        if database.is_sqlite:
            path = migrate.backup_sqlite(database, args.output)
        else:
            path = _pg_dump(database, args.output)
    finally:
        database.dispose()
    out(str(path))
    return 0


def _pg_dump(database: Database, output: Path | None) -> Path:
    """A custom-format dump made with PostgreSQL's own ``pg_dump``."""
    if database.url.get_backend_name() != "postgresql":
        raise DatabaseUnavailableError("backups are supported for SQLite and PostgreSQL only")
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise DatabaseUnavailableError(
            "pg_dump was not found on PATH; install the PostgreSQL client"
        )
    if output is None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        output = Path(f"{database.url.database}-{stamp}.dump")
    # The password goes to pg_dump in its environment, never on its command line, where any
    # user of the PC could read it in the process list.
    environment = dict(os.environ)
    if database.url.password is not None:
        environment["PGPASSWORD"] = str(database.url.password)
    url = database.url
    libpq_url = URL.create(
        "postgresql", url.username, None, url.host, url.port, url.database, url.query
    ).render_as_string(hide_password=False)
    completed = subprocess.run(
        [pg_dump, "--format=custom", f"--file={output}", f"--dbname={libpq_url}"],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )
    if completed.returncode != 0:
        output.unlink(missing_ok=True)
        raise DatabaseUnavailableError(f"pg_dump failed: {completed.stderr.strip()}")
    return output


def _connect(args: argparse.Namespace) -> int:
    from signposting.connection import save_connection  # noqa: PLC0415

    saved = save_connection(args.url)
    database = open_database(argparse.Namespace(database=args.url, demo=False), upgrade=False)
    try:
        current = migrate.current_revision(database)
    finally:
        database.dispose()
    out(f"this desk now uses {saved} (schema {current or 'empty: run signposting db upgrade'})")
    return 0
