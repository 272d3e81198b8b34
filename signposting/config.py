"""Where data lives and which database to use."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "signposting"
DATABASE_URL_ENV = "SIGNPOSTING_DATABASE_URL"
DATA_DIR_ENV = "SIGNPOSTING_DATA_DIR"


def data_directory() -> Path:
    """The per-user data folder (``SIGNPOSTING_DATA_DIR`` overrides it)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def sqlite_url(path: Path) -> str:
    """An SQLAlchemy URL for an SQLite file."""
    return f"sqlite:///{path}"


def default_database_url() -> str:
    """The live database: one SQLite file in the user's data folder."""
    return sqlite_url(data_directory() / "signposting.db")


def demo_database_url() -> str:
    """The demo database, kept apart from live records."""
    return sqlite_url(data_directory() / "demo.db")


def resolve_database_url(explicit: str | None, *, demo: bool = False) -> str:
    """The URL to use: an explicit ``--database``, else the environment, else the connection
    saved with ``signposting db connect``, else the default file."""
    if explicit:
        return explicit
    if demo:
        return demo_database_url()
    if os.environ.get(DATABASE_URL_ENV):
        return os.environ[DATABASE_URL_ENV]
    from signposting.connection import saved_connection_url  # noqa: PLC0415 - avoids a cycle

    return saved_connection_url() or default_database_url()
