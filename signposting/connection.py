"""The database a desk connects to, saved for next time: the URL in a settings file, and the
password, if any, in the operating system's keyring, never in plain text."""

from __future__ import annotations

import contextlib
import json
import logging
from pathlib import PureWindowsPath

import keyring
import keyring.errors
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from signposting.config import data_directory
from signposting.db.engine import parse_url
from signposting.errors import ValidationError

log = logging.getLogger(__name__)

KEYRING_SERVICE = "signposting"
SETTINGS_FILE = "settings.json"


def describe_database(url: str | URL) -> str:
    """Where the database is, in words for the status bar: "This PC (signposting.db)" for an
    SQLite file, "Practice server db.example/signposting" for PostgreSQL. Never a password,
    user name or folder."""
    try:
        parsed = url if isinstance(url, URL) else make_url(url)
    except (ArgumentError, ValueError):
        return "an unreadable database address"
    database = parsed.database or ""
    if parsed.get_backend_name() == "sqlite":
        if database in ("", ":memory:"):
            return "This PC (in memory)"
        return f"This PC ({PureWindowsPath(database).name})"  # either kind of slash
    host = parsed.host or ""
    if not host or host.startswith("/"):  # a socket on this computer
        host = "localhost"
    if parsed.get_backend_name() == "postgresql":
        return f"Practice server {host}/{database}"
    return f"{parsed.get_backend_name()} server {host}/{database}"


def _keyring_usable() -> bool:
    backend = keyring.get_keyring()
    return getattr(backend, "priority", 0) > 0 and "fail" not in type(backend).__module__


def save_connection(url: str) -> str:
    """Remember this database for the desk; returns the URL as saved (password hidden)."""
    parsed = parse_url(url)
    password = parsed.password
    without_password = URL.create(
        parsed.drivername,
        parsed.username,
        None,
        parsed.host,
        parsed.port,
        parsed.database,
        parsed.query,
    )
    public = without_password.render_as_string(hide_password=False)
    if password:
        if not _keyring_usable():
            raise ValidationError(
                "this computer has no keyring to keep the password in; put it in PostgreSQL's "
                "own password file (~/.pgpass, or %APPDATA%\\postgresql\\pgpass.conf) and connect "
                "with a URL without the password"
            )
        try:
            keyring.set_password(KEYRING_SERVICE, public, str(password))
        except keyring.errors.KeyringError as exc:
            raise ValidationError(f"the keyring refused the password: {exc}") from exc
    path = data_directory() / SETTINGS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"database_url": public}, indent=2), encoding="utf-8")
    return public


def saved_connection_url() -> str | None:
    """The saved database URL with its password from the keyring, or None if none is saved."""
    path = data_directory() / SETTINGS_FILE
    try:
        public = json.loads(path.read_text(encoding="utf-8"))["database_url"]
    except (OSError, ValueError, KeyError):
        return None
    try:
        password = keyring.get_password(KEYRING_SERVICE, public) if _keyring_usable() else None
    except keyring.errors.KeyringError as exc:
        log.warning("could not read the keyring: %s", exc)
        password = None
    if not password:
        return str(public)
    return make_url(public).set(password=password).render_as_string(hide_password=False)


def forget_connection() -> None:
    path = data_directory() / SETTINGS_FILE
    try:
        public = json.loads(path.read_text(encoding="utf-8"))["database_url"]
    except (OSError, ValueError, KeyError):
        return
    if _keyring_usable():
        with contextlib.suppress(keyring.errors.KeyringError):
            keyring.delete_password(KEYRING_SERVICE, public)
    path.unlink(missing_ok=True)
