"""Working through an outage: records that cannot reach the database wait in a local file.

The outbox is a small SQLite file beside the user's data, written with a durable commit before
the desk says "queued". Sending inserts each record by its uuid and ignores one already there,
then removes it from the outbox: a crash between the two sends it again, and it is still stored
once. Nothing is lost and nothing is doubled.

A record the database refuses (say its service was deleted meanwhile) is set aside, with the
reason, in a list shown at the desk; the records behind it go on. A record taken back while the
database cannot be asked is remembered as withdrawn, and deleted when the database answers, in
case its commit reached the server although the reply did not.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from signposting.config import data_directory
from signposting.db.engine import Database
from signposting.db.models import SignpostRecord
from signposting.domain import AgeBand, Channel, Outcome
from signposting.recording.recorder import SignpostRequest

log = logging.getLogger(__name__)


def outbox_path(database: Database) -> Path:
    """One outbox per database, named by a hash of its URL (no password in the name)."""
    digest = hashlib.sha256(database.describe().encode()).hexdigest()[:16]
    return data_directory() / f"outbox-{digest}.db"


#: Failures that mean the database could not be asked, as opposed to an answer of "no".
UNREACHABLE = (OperationalError, InterfaceError)


@dataclass(frozen=True)
class SetAside:
    """A record the database refused, kept on this PC with the reason."""

    request: SignpostRequest
    reason: str
    set_aside_at: datetime


def _to_json(request: SignpostRequest) -> str:
    values = asdict(request)
    values["recorded_at"] = request.recorded_at.isoformat() if request.recorded_at else None
    return json.dumps(values, default=str)


def _from_json(text: str) -> SignpostRequest:
    values: dict[str, Any] = json.loads(text)
    values["outcome"] = Outcome(values["outcome"])
    values["channel"] = Channel(values["channel"])
    values["age_band"] = AgeBand(values["age_band"]) if values.get("age_band") else None
    values["recorded_at"] = datetime.fromisoformat(values["recorded_at"])
    return SignpostRequest(**values)


class Outbox:
    """Durable local queue of signposts waiting for the database."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._connection.execute("PRAGMA journal_mode=WAL")
        self._connection.execute("PRAGMA synchronous=FULL")
        self._connection.execute(
            "CREATE TABLE IF NOT EXISTS pending "
            "(uuid TEXT PRIMARY KEY, payload TEXT NOT NULL, queued_at TEXT NOT NULL)"
        )
        self._connection.execute(
            "CREATE TABLE IF NOT EXISTS set_aside (uuid TEXT PRIMARY KEY, payload TEXT NOT NULL, "
            "reason TEXT NOT NULL, set_aside_at TEXT NOT NULL)"
        )
        self._connection.execute(
            "CREATE TABLE IF NOT EXISTS withdrawn "
            "(uuid TEXT PRIMARY KEY, withdrawn_at TEXT NOT NULL)"
        )

    def __len__(self) -> int:
        with self._lock:
            return int(self._connection.execute("SELECT count(*) FROM pending").fetchone()[0])

    def add(self, request: SignpostRequest) -> None:
        """Keep a record (with its uuid and time already set); durable when this returns."""
        if request.uuid is None or request.recorded_at is None:
            raise ValueError("queued records carry their uuid and time")
        with self._lock:
            self._connection.execute(
                "INSERT OR IGNORE INTO pending (uuid, payload, queued_at) VALUES (?, ?, ?)",
                (request.uuid, _to_json(request), datetime.now(UTC).isoformat()),
            )

    def discard(self, uuid: str) -> bool:
        with self._lock:
            cursor = self._connection.execute("DELETE FROM pending WHERE uuid = ?", (uuid,))
        return cursor.rowcount > 0

    def pending(self) -> list[SignpostRequest]:
        with self._lock:
            rows = self._connection.execute(
                "SELECT payload FROM pending ORDER BY queued_at"
            ).fetchall()
        return [_from_json(payload) for (payload,) in rows]

    def set_aside(self, request: SignpostRequest, reason: str) -> None:
        """Move a refused record out of the queue, keeping it and the reason; durable."""
        with self._lock, self._connection:
            self._connection.execute("BEGIN IMMEDIATE")
            self._connection.execute("DELETE FROM pending WHERE uuid = ?", (request.uuid,))
            self._connection.execute(
                "INSERT OR REPLACE INTO set_aside (uuid, payload, reason, set_aside_at) "
                "VALUES (?, ?, ?, ?)",
                (request.uuid, _to_json(request), reason, datetime.now(UTC).isoformat()),
            )
        log.warning("signpost %s could not be sent and is set aside: %s", request.uuid, reason)

    def set_aside_records(self) -> list[SetAside]:
        """Records the database refused, oldest first."""
        with self._lock:
            rows = self._connection.execute(
                "SELECT payload, reason, set_aside_at FROM set_aside ORDER BY set_aside_at"
            ).fetchall()
        return [
            SetAside(_from_json(payload), reason, datetime.fromisoformat(at))
            for payload, reason, at in rows
        ]

    def retry_set_aside(self) -> int:
        """Queue the set-aside records again (after the cause is put right); returns how many."""
        with self._lock, self._connection:
            self._connection.execute("BEGIN IMMEDIATE")
            moved = self._connection.execute(
                "INSERT OR IGNORE INTO pending (uuid, payload, queued_at) "
                "SELECT uuid, payload, set_aside_at FROM set_aside"
            ).rowcount
            self._connection.execute("DELETE FROM set_aside")
        return int(moved)

    def withdraw(self, uuid: str) -> None:
        """Remember to delete this record from the database when it next answers; durable."""
        with self._lock:
            self._connection.execute(
                "INSERT OR IGNORE INTO withdrawn (uuid, withdrawn_at) VALUES (?, ?)",
                (uuid, datetime.now(UTC).isoformat()),
            )

    def withdrawn(self) -> list[str]:
        with self._lock:
            rows = self._connection.execute(
                "SELECT uuid FROM withdrawn ORDER BY withdrawn_at"
            ).fetchall()
        return [uuid for (uuid,) in rows]

    def has_work(self) -> bool:
        """Whether anything waits to be sent or withdrawn."""
        with self._lock:
            row = self._connection.execute(
                "SELECT (SELECT count(*) FROM pending) + (SELECT count(*) FROM withdrawn)"
            ).fetchone()
        return bool(row[0])

    def send_all(self, database: Database) -> int:
        """Send what is waiting, oldest first, then apply withdrawals; stop quietly at the first
        connection failure. A record the database refuses is set aside and the rest go on.
        Returns how many records were sent."""
        sent = 0
        for request in self.pending():
            try:
                deliver(database, request)
            except UNREACHABLE as exc:
                log.info("database still unreachable; %d queued: %s", len(self), exc.orig)
                return sent
            except DBAPIError as exc:
                self.set_aside(request, _reason(exc))
                continue
            self.discard(str(request.uuid))
            sent += 1
        for uuid in self.withdrawn():
            try:
                delete_by_uuid(database, uuid)
            except UNREACHABLE:
                return sent
            with self._lock:
                self._connection.execute("DELETE FROM withdrawn WHERE uuid = ?", (uuid,))
        return sent

    def close(self) -> None:
        self._connection.close()


def deliver(database: Database, request: SignpostRequest) -> None:
    """Store one queued record, or nothing if a record with its uuid is already stored."""
    values = {
        "uuid": request.uuid,
        "recorded_at": request.recorded_at,
        "practice_id": request.practice_id,
        "staff_id": request.staff_id,
        "service_id": request.service_id,
        "red_flag_id": request.red_flag_id,
        "outcome": request.outcome,
        "channel": request.channel,
        "age_band": request.age_band,
    }
    statement = database.insert_unless_present(SignpostRecord, "uuid").values(values)
    with database.unit_of_work() as session:
        session.execute(statement)


def delete_by_uuid(database: Database, uuid: str) -> bool:
    """Delete this desk's record by its uuid; False if no such record is stored."""
    with database.unit_of_work() as session:
        result = session.execute(sa.delete(SignpostRecord).where(SignpostRecord.uuid == uuid))
        return bool(getattr(result, "rowcount", 0))


def _reason(exc: DBAPIError) -> str:
    """The database's own first line, which says what it refused."""
    text = str(exc.orig) if exc.orig is not None else str(exc)
    return text.strip().splitlines()[0][:300] if text.strip() else type(exc).__name__


def count_by_uuid(database: Database, uuid: str) -> int:
    with database.unit_of_work() as session:
        query = (
            sa.select(sa.func.count())
            .select_from(SignpostRecord)
            .where(SignpostRecord.uuid == uuid)
        )
        return int(session.scalar(query) or 0)
