"""What every subcommand shares: output, opening the database, turning failures into messages."""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from typing import Any

from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, OperationalError

from signposting.config import resolve_database_url
from signposting.db.engine import Database, parse_url
from signposting.db.migrate import ensure_schema
from signposting.errors import DatabaseUnavailableError, ValidationError

log = logging.getLogger(__name__)


def out(text: str = "") -> None:
    """Write one line of the command's result to standard output."""
    sys.stdout.write(text + "\n")


def out_json(value: Any) -> None:
    """Write a JSON document to standard output on one line."""
    out(json.dumps(value, ensure_ascii=False))


def database_url(args: argparse.Namespace) -> str:
    return resolve_database_url(args.database, demo=getattr(args, "demo", False))


def open_database(
    args: argparse.Namespace, *, upgrade: bool = True, load_demo: bool = True
) -> Database:
    """Open the chosen database; by default bring its schema to head first (backing up).

    With ``--demo`` the demo directory is loaded on first use, whatever the command.
    """
    database = Database(database_url(args))
    if upgrade:
        try:
            ensure_schema(database)
            if load_demo and getattr(args, "demo", False):
                _load_demo(database)
        except DBAPIError as exc:
            database.dispose()
            raise explain_database_error(exc, database.url) from exc
    return database


def _load_demo(database: Database) -> None:
    """Load the demo on first use; later, bring its example content up to date (tens of ms)."""
    from signposting.directory.demo import load_demo  # noqa: PLC0415

    with database.unit_of_work(actor="demo loader") as session:
        result = load_demo(session, demo_passwords=True)
    if result.changed:
        log.info("loaded the demo directory: %s", result)


def read_password(variable: str, prompt: str) -> str:
    """A password from the environment variable, else typed at the terminal; with neither, one
    clear line saying which variable to set."""
    value = os.environ.get(variable)
    if value is not None:
        return value
    if not (sys.stdin is not None and sys.stdin.isatty()):
        raise ValidationError(
            f"a password is needed and there is no terminal to type it: set {variable}"
        )
    try:
        return getpass.getpass(prompt)
    except EOFError as exc:
        raise ValidationError(f"no password was typed: set {variable} or type it") from exc


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
