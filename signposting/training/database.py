"""The training database: a copy of the live directory that training records go to, never the
live database. It is marked by a ``training_copy`` row, which the desk shows as TRAINING."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError
from sqlalchemy.orm import Session

from signposting.config import data_directory, sqlite_url
from signposting.db.base import utc_now
from signposting.db.engine import Database, parse_url
from signposting.db.migrate import ensure_schema
from signposting.db.models import Base, SignpostRecord, TrainingCopy
from signposting.errors import DatabaseUnavailableError, ValidationError

log = logging.getLogger(__name__)

TRAINING_DATABASE_URL_ENV = "SIGNPOSTING_TRAINING_DATABASE_URL"
#: The directory tables a training copy takes from the live database, parents first.
COPIED_TABLES = (
    "network",
    "practice",
    "staff_member",
    "service",
    "red_flag_protocol",
    "lay_term_group",
    "practice_service_setting",
    "service_code",
)


def training_database_url(live_url: URL) -> str:
    """Where training goes for this live database: ``$SIGNPOSTING_TRAINING_DATABASE_URL``, else
    a ``training.db`` file beside an SQLite database (``demo-training.db`` beside the demo), else
    a ``<name>_training`` database on the same PostgreSQL server."""
    override = os.environ.get(TRAINING_DATABASE_URL_ENV)
    if override:
        return override
    if live_url.get_backend_name() == "sqlite":
        if not live_url.database or live_url.database == ":memory:":
            return sqlite_url(data_directory() / "training.db")
        path = Path(live_url.database)
        name = "training.db" if path.stem == "signposting" else f"{path.stem}-training.db"
        return sqlite_url(path.with_name(name))
    name = f"{live_url.database}_training"
    return live_url.set(database=name).render_as_string(hide_password=False)


@dataclass(frozen=True)
class CopyResult:
    """What a (re)built training copy holds."""

    url: str
    rows: dict[str, int]
    records_cleared: int

    def summary(self) -> str:
        return (
            f"training copy of {self.rows.get('service', 0)} service(s), "
            f"{self.rows.get('red_flag_protocol', 0)} red-flag protocol(s) and "
            f"{self.rows.get('staff_member', 0)} member(s) of staff; "
            f"{self.records_cleared} training record(s) cleared"
        )


def is_training_database(database: Database) -> bool:
    """Whether this database is a training copy (so the desk says TRAINING)."""
    try:
        with database.unit_of_work() as session:
            marks = session.scalar(sa.select(sa.func.count()).select_from(TrainingCopy))
            return bool(marks)
    except (OperationalError, ProgrammingError):
        return False


def refuse_training_records(session: Session) -> None:
    """Exports and savings figures come from live records only, never a training copy."""
    if session.scalar(sa.select(sa.func.count()).select_from(TrainingCopy)):
        raise ValidationError(
            "this is a training database: its records are practice calls, never exported or "
            "counted in savings figures; use the live database"
        )


def copied_at(database: Database) -> datetime | None:
    """When this training copy was last taken from the live directory (None: not a copy)."""
    try:
        with database.unit_of_work() as session:
            return session.scalar(sa.select(sa.func.max(TrainingCopy.copied_at)))
    except (OperationalError, ProgrammingError):
        return None


def open_training_database(live: Database, url: str | None = None, *, by: str = "") -> Database:
    """The training database for ``live``, created and filled with a copy of the live directory
    when it is new. Never the live database itself."""
    target = parse_url(url or training_database_url(live.url))
    if _same_database(target, live.url):
        raise ValidationError("the training database must not be the live database")
    _create_if_missing(target)
    training = Database(target.render_as_string(hide_password=False))
    try:
        ensure_schema(training)
        if not is_training_database(training):
            _refuse_if_live(training)
            copy_directory(live, training, by=by)
    except BaseException:
        training.dispose()
        raise
    return training


def reset_training_database(live: Database, training: Database, *, by: str = "") -> CopyResult:
    """Clear every training record and copy the live directory afresh."""
    if _same_database(training.url, live.url):
        raise ValidationError("the training database must not be the live database")
    if not is_training_database(training):
        _refuse_if_live(training)
    return copy_directory(live, training, by=by)


def _same_database(a: URL, b: URL) -> bool:
    keys = ("drivername", "host", "port", "database")
    if a.get_backend_name() == "sqlite" and b.get_backend_name() == "sqlite":
        return Path(str(a.database)).resolve() == Path(str(b.database)).resolve()
    return all(str(getattr(a, k)) == str(getattr(b, k)) for k in keys)


def _refuse_if_live(training: Database) -> None:
    """A database with signposts that is not marked as training is someone's live database."""
    with training.unit_of_work() as session:
        records = session.scalar(sa.select(sa.func.count()).select_from(SignpostRecord)) or 0
    if records:
        raise ValidationError(
            f"{training.describe()} holds {records} signpost record(s) and is not a training "
            "database: refusing to overwrite it"
        )


def _create_if_missing(url: URL) -> None:
    if url.get_backend_name() != "postgresql":
        return
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            exists = connection.execute(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :name"),
                {"name": url.database},
            ).first()
            if not exists:
                name = str(url.database).replace('"', '""')
                connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
                log.info("created the training database %s", url.database)
    except DBAPIError as exc:
        raise DatabaseUnavailableError(
            f"cannot create the training database {url.database!r} ({exc.orig}); ask the "
            f"administrator to create it, or set {TRAINING_DATABASE_URL_ENV}"
        ) from exc
    finally:
        admin.dispose()


def copy_directory(live: Database, training: Database, *, by: str = "") -> CopyResult:
    """Replace everything in ``training`` with the live directory, in one transaction.
    Staff come without their passwords; records, audit and drafts are not copied."""
    tables = Base.metadata.tables
    rows: dict[str, list[dict[str, object]]] = {}
    with live.engine.connect() as source:
        for name in COPIED_TABLES:
            rows[name] = [dict(row) for row in source.execute(sa.select(tables[name])).mappings()]
    for member in rows["staff_member"]:
        member["password_hash"] = None
    with training.engine.begin() as target:
        cleared = target.scalar(sa.select(sa.func.count()).select_from(SignpostRecord)) or 0
        for table in reversed(Base.metadata.sorted_tables):
            target.execute(table.delete())
        for name in COPIED_TABLES:
            if rows[name]:
                target.execute(tables[name].insert(), rows[name])
        if training.url.get_backend_name() == "postgresql":
            _restart_sequences(target)
        target.execute(
            sa.insert(TrainingCopy).values(
                source=live.describe()[:300], copied_at=utc_now(), copied_by=by[:120]
            )
        )
    counts = {name: len(values) for name, values in rows.items()}
    log.info("training copy rebuilt: %s", counts)
    return CopyResult(training.describe(), counts, cleared)


def _restart_sequences(connection: sa.Connection) -> None:
    """Explicit ids were copied in, so each id sequence carries on after the highest one."""
    for table in Base.metadata.sorted_tables:
        if "id" not in table.c:
            continue
        connection.execute(
            sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            )
        )
