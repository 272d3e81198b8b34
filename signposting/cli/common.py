"""What every subcommand shares: output, opening the database, turning failures into messages."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, OperationalError

from signposting.config import resolve_database_url
from signposting.db.engine import Database, parse_url
from signposting.db.migrate import ensure_schema
from signposting.errors import DatabaseUnavailableError


def out(text: str = "") -> None:
    """Write one line of the command's result to standard output."""
    sys.stdout.write(text + "\n")


def out_json(value: Any) -> None:
    """Write a JSON document to standard output on one line."""
    out(json.dumps(value, ensure_ascii=False))


def database_url(args: argparse.Namespace) -> str:
    return resolve_database_url(args.database, demo=getattr(args, "demo", False))


def open_database(args: argparse.Namespace, *, upgrade: bool = True) -> Database:
    """Open the chosen database; by default bring its schema to head first (backing up)."""
    database = Database(database_url(args))
    if upgrade:
        try:
            ensure_schema(database)
        except DBAPIError as exc:
            database.dispose()
            raise explain_database_error(exc, database.url) from exc
    return database


def explain_database_error(exc: DBAPIError, url: URL) -> DatabaseUnavailableError:
    """One clear line for a failure of the database itself (unreachable, locked, refused)."""
    lines = str(exc.orig if exc.orig is not None else exc).strip().splitlines()
    detail = lines[0] if lines else type(exc).__name__
    where = url.render_as_string(hide_password=True)
    is_sqlite = url.get_backend_name() == "sqlite"
    lowered = detail.lower()
    if "locked" in lowered:
        return DatabaseUnavailableError(f"the database {where} is locked by another program")
    if isinstance(exc, OperationalError) and not is_sqlite:
        return DatabaseUnavailableError(f"cannot reach the database server {where}: {detail}")
    if "unable to open" in lowered:
        return DatabaseUnavailableError(f"cannot open the database file {where}: {detail}")
    return DatabaseUnavailableError(f"database error on {where}: {detail}")


def explain_for_args(exc: DBAPIError, args: argparse.Namespace) -> DatabaseUnavailableError:
    """``explain_database_error`` for the database the command line chose."""
    return explain_database_error(exc, parse_url(database_url(args)))
