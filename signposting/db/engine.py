"""Opening a database: engine settings per backend and one unit of work per user action."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Dialect, Engine, make_url
from sqlalchemy.exc import ArgumentError, InvalidatePoolError
from sqlalchemy.orm import Session, sessionmaker

from signposting.db.audit_listener import install_audit_listener
from signposting.db.base import Base
from signposting.errors import DatabaseUnavailableError

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 5000


class Database:
    """An engine and its session factory; every user action runs in one ``unit_of_work``."""

    def __init__(self, url: str) -> None:
        self.url = parse_url(url)
        self.engine = _create_engine(self.url)
        self.session_factory = sessionmaker(self.engine, expire_on_commit=False)
        install_audit_listener(self.session_factory)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @property
    def sqlite_path(self) -> Path | None:
        """The file behind an SQLite database, or None for memory and other backends."""
        if not self.is_sqlite or self.url.database in (None, "", ":memory:"):
            return None
        return Path(str(self.url.database))

    def describe(self) -> str:
        """The URL with any password hidden, for messages."""
        return self.url.render_as_string(hide_password=True)

    @contextmanager
    def unit_of_work(self, actor: Any = None) -> Iterator[Session]:
        """A session in a transaction that commits on success and rolls back on error.

        ``actor`` (a StaffMember or None) is who the audit log names for changes made here.
        """
        with self.session_factory() as session, session.begin():
            session.info["actor"] = actor
            yield session

    @contextmanager
    def single_statement(self) -> Iterator[Connection]:
        """A connection for one statement, committed durably when the block ends.

        On a server the statement commits by itself and the connection is used without the
        ping that comes before every other use: one round trip. A connection found dead fails
        the statement (SQLAlchemy then discards the pool's older connections), so the caller
        must cope: the desk keeps the record in its outbox, or sends it again. On SQLite it is
        one short transaction.
        """
        if self.is_sqlite:
            with self.engine.begin() as connection:
                yield connection
            return
        token = _unpinged.set(True)
        try:
            connection = self.engine.connect()
        finally:
            _unpinged.reset(token)
        with connection:
            connection = connection.execution_options(isolation_level="AUTOCOMMIT")
            with connection.begin():
                yield connection

    def insert_unless_present(self, model: type[Base], key: str) -> sa.Insert:
        """An INSERT into ``model``'s table that stores nothing where a row with the same
        ``key`` is already stored (ON CONFLICT DO NOTHING, as this database spells it)."""
        if self.is_sqlite:
            from sqlalchemy.dialects import sqlite  # noqa: PLC0415

            return sqlite.insert(model).on_conflict_do_nothing(index_elements=[key])
        from sqlalchemy.dialects import postgresql  # noqa: PLC0415 - not loaded for SQLite

        return postgresql.insert(model).on_conflict_do_nothing(index_elements=[key])

    def dispose(self) -> None:
        self.engine.dispose()


#: The database URLs the toolkit runs on, as SQLAlchemy spells their schemes.
SUPPORTED_SCHEMES = ("sqlite", "sqlite+pysqlite", "postgres", "postgresql", "postgresql+psycopg")
SUPPORTED_FORMS = "sqlite:///PATH or postgresql://USER@HOST:PORT/DATABASE"
_PASSWORD_IN_URL = re.compile(r"(?P<head>://[^:/@\s]*:)[^@\s]*@")


def hide_password(url: str) -> str:
    """A URL as typed, with any password replaced by ***, for messages about a bad URL."""
    return _PASSWORD_IN_URL.sub(r"\g<head>***@", url)


def parse_url(url: str) -> sa.URL:
    """Parse a database URL, turning a malformed or unsupported one into a clear error."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise DatabaseUnavailableError(
            f"not a usable database URL: {hide_password(url)!r}; use {SUPPORTED_FORMS}"
        ) from exc
    if parsed.drivername not in SUPPORTED_SCHEMES:
        raise DatabaseUnavailableError(
            f"database URLs starting {parsed.drivername}:// are not supported; "
            f"use {SUPPORTED_FORMS}"
        )
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _create_engine(url: sa.URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        return _create_sqlite_engine(url)
    engine = sa.create_engine(url, connect_args=_connect_args(url))
    event.listen(engine, "checkout", _ping_before_use(engine.dialect))
    return engine


#: True while ``single_statement`` checks a connection out: that use goes without the ping.
_unpinged: ContextVar[bool] = ContextVar("unpinged", default=False)


def _ping_before_use(dialect: Dialect) -> Callable[..., None]:
    """SQLAlchemy's ``pool_pre_ping``, skipped for ``single_statement``: a pooled connection is
    pinged as it is checked out, and one found dead (the server restarted, say) is replaced,
    with every older one, before the caller sees it."""

    def ping(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        if _unpinged.get():
            return
        try:
            dialect.do_ping(dbapi_connection)
        except dialect.loaded_dbapi.Error as exc:
            if dialect.is_disconnect(exc, dbapi_connection, None):
                raise InvalidatePoolError(f"the connection was found dead: {exc}") from exc
            raise

    return ping


#: A link that drops silently (no reset) is noticed in seconds rather than the system's minutes:
#: keepalive probes on an idle connection, and a limit on unacknowledged data while sending.
POSTGRES_LINK_CHECKS: dict[str, Any] = {
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 3,
    "keepalives_count": 3,
    "tcp_user_timeout": 15_000,
}


def _connect_args(url: sa.URL) -> dict[str, Any]:
    if url.get_backend_name() == "postgresql":
        return {"connect_timeout": 5, "application_name": "signposting", **POSTGRES_LINK_CHECKS}
    return {}


def _create_sqlite_engine(url: sa.URL) -> Engine:
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _configure_sqlite_connection)
    return engine


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    """WAL for concurrent readers, FULL sync so a commit survives a crash, foreign keys on."""
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    finally:
        cursor.close()
