"""The processes of the load benchmark: desks, bare inserts, and a manager editing the directory.

Each is spawned on its own, gets ready (imports done, connections open, a few untimed records so
statements are prepared), says ``Ready``, then does what the parent sends: record on the given
schedule and send back each record's time and uuid, until told to ``Stop``.
"""

from __future__ import annotations

import os
import time
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from typing import Any, Protocol

import sqlalchemy as sa

from benchmarks.recording_benchmark import psycopg_conninfo
from signposting.db.engine import Database
from signposting.db.models import Service, StaffMember
from signposting.directory.editing import update_service
from signposting.directory.watch import DirectoryWatcher
from signposting.domain import Outcome
from signposting.reception.session import DeskSession

#: Untimed records each worker makes first: psycopg prepares a statement on its fifth use, so
#: every timed record runs on a warm connection, as a desk does after its first few calls.
WARM_UP_RECORDS = 6
#: The manager's edits set this service's alert to a marker starting with ``EDIT_MARK``.
EDITED_SERVICE = "msk-physio-self-referral"
EDIT_MARK = "edit-"
MANAGER_NAME = "Load Manager"
#: The floor's table: one row per record, the columns of ``signpost_record``, no foreign keys
#: and no index but the primary key and the unique uuid.
BARE_TABLE = "bare_record"
BARE_DDL = (
    f"CREATE TABLE {BARE_TABLE} (id serial PRIMARY KEY, uuid varchar(36) NOT NULL UNIQUE, "
    "recorded_at timestamptz NOT NULL, practice_id integer NOT NULL, staff_id integer, "
    "service_id integer, red_flag_id integer, outcome text NOT NULL, channel text NOT NULL, "
    "age_band text)"
)
BARE_INSERT = (
    f"INSERT INTO {BARE_TABLE} (uuid, recorded_at, practice_id, staff_id, service_id, "
    "red_flag_id, outcome, channel, age_band) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)"
)


# ------------------------------------------------------------------ messages from the parent
@dataclass(frozen=True)
class Staggered:
    """Record once a second, at ``start_at + offset + k`` (monotonic clock) for each k below
    ``records``; a record that overruns its second makes the next one start at once."""

    start_at: float
    records: int
    offset: float


@dataclass(frozen=True)
class AtOnce:
    """Record one signpost at ``start_at``, the instant every other worker records."""

    start_at: float


@dataclass(frozen=True)
class EditEvery:
    """The manager: edit the directory every ``seconds`` until told to stop."""

    seconds: float


@dataclass(frozen=True)
class Stop:
    """Send what is queued, stop, and report."""


# ------------------------------------------------------------------ messages to the parent
@dataclass(frozen=True)
class Ready:
    """Set up and warm; ``uuids`` are the untimed warm-up records."""

    uuids: list[str]


@dataclass(frozen=True)
class Batch:
    """One round's records: milliseconds each, their uuids, and how many went to the outbox."""

    latencies_ms: list[float]
    uuids: list[str]
    queued: int


@dataclass(frozen=True)
class Stopped:
    """Desks: each edit marker seen and when (monotonic), and records left in the outbox.
    The manager: each edit made and when its commit returned."""

    times: dict[str, float] = field(default_factory=dict)
    still_queued: int = 0


@dataclass(frozen=True)
class Failed:
    error: str


class Recorder(Protocol):
    def record(self) -> tuple[str, bool]:
        """Record one signpost and wait for it; its uuid, and whether it was queued."""

    def stop(self) -> Stopped: ...


# ------------------------------------------------------------------ the workers
class DeskWorker:
    """One desk as the desk program runs it: its own data folder (outbox, saved copy of the
    directory), the search index loaded, someone chosen, the directory watcher listening."""

    def __init__(self, url: str, data_dir: str) -> None:
        os.environ["SIGNPOSTING_DATA_DIR"] = data_dir
        self.database = Database(url)
        self.session = DeskSession(self.database)
        self.session.start_loading(save_copy=True)
        self.session.choose_staff(self.session.staff_choices()[0].id)
        self.service_ids = list(self.session.engine.services.entries)[:20]
        self.session.finish_copy()
        self.count = 0
        self.seen: dict[str, float] = {}
        self.watcher = DirectoryWatcher(self.database, self._changed)
        self.watcher.start()
        if not self.watcher.listening.wait(30):
            raise RuntimeError("the directory watcher did not start listening")

    def _changed(self, table: str, row_id: int | None) -> None:
        self.session.apply_change(table, row_id)
        for entry in self.session.engine.services.entries.values():
            if entry.alert.startswith(EDIT_MARK):
                self.seen.setdefault(entry.alert, time.monotonic())

    def record(self) -> tuple[str, bool]:
        self.count += 1
        service_id = self.service_ids[self.count % len(self.service_ids)]
        record_id = self.session.record(Outcome.ACCEPTED, service_id=service_id, age=40)
        return str(self.session.recorder.last_uuid), record_id is None

    def stop(self) -> Stopped:
        self.session.send_queued()
        still_queued = self.session.queued
        self.watcher.stop()
        self.session.outbox.close()
        self.database.dispose()
        return Stopped(dict(self.seen), still_queued)


class BareWorker:
    """The floor: plain psycopg, one INSERT and a COMMIT per record, nothing else."""

    def __init__(self, url: str) -> None:
        import psycopg  # noqa: PLC0415 - only the floor uses the driver directly

        self.connection = psycopg.connect(psycopg_conninfo(url))

    def record(self) -> tuple[str, bool]:
        record_uuid = str(uuid.uuid4())
        values = (record_uuid, datetime.now(UTC), 1, 1, 1, None, "accepted", "phone", "40-64")
        self.connection.execute(BARE_INSERT, values)
        self.connection.commit()
        return record_uuid, False

    def stop(self) -> Stopped:
        self.connection.close()
        return Stopped()


class Manager:
    """A practice manager changing one service's alert, as the manager window would."""

    def __init__(self, url: str) -> None:
        self.database = Database(url)
        with self.database.unit_of_work() as session:
            self.manager_id = session.scalars(
                sa.select(StaffMember.id).where(StaffMember.name == MANAGER_NAME)
            ).one()
            self.service_id = session.scalars(
                sa.select(Service.id).where(Service.key == EDITED_SERVICE)
            ).one()

    def edit(self) -> tuple[str, float]:
        """Make one edit; its marker, and the time its commit returned."""
        marker = f"{EDIT_MARK}{uuid.uuid4().hex[:8]}"
        with self.database.unit_of_work() as session:
            manager = session.get_one(StaffMember, self.manager_id)
            service = session.get_one(Service, self.service_id)
            session.info["actor"] = manager
            update_service(session, manager, service.id, service.version, {"alert": marker})
        return marker, time.monotonic()


# ------------------------------------------------------------------ process entry points
def _sleep_until(instant: float) -> None:
    time.sleep(max(0.0, instant - time.monotonic()))


def _due_times(command: Staggered | AtOnce) -> list[float]:
    if isinstance(command, AtOnce):
        return [command.start_at]
    return [command.start_at + command.offset + k for k in range(command.records)]


def _next_command(connection: Connection) -> object | None:
    """The parent's next command, or None if the parent closed the pipe (it gave up)."""
    try:
        return connection.recv()
    except EOFError:
        return None


def _serve(connection: Connection, recorder: Recorder) -> None:
    warm_up = [recorder.record()[0] for _ in range(WARM_UP_RECORDS)]
    connection.send(Ready(warm_up))
    while True:
        command = _next_command(connection)
        if command is None:
            return
        if isinstance(command, Stop):
            connection.send(recorder.stop())
            return
        latencies, uuids, queued = [], [], 0
        assert isinstance(command, Staggered | AtOnce)
        for due in _due_times(command):
            _sleep_until(due)
            started = time.perf_counter()
            record_uuid, was_queued = recorder.record()
            latencies.append((time.perf_counter() - started) * 1000)
            uuids.append(record_uuid)
            queued += was_queued
        connection.send(Batch(latencies, uuids, queued))


def _reporting_failure(connection: Connection, work: Callable[[], Any]) -> None:
    try:
        work()
    except BaseException:
        connection.send(Failed(traceback.format_exc()))
        raise


def desk_process(connection: Connection, url: str, data_dir: str) -> None:
    _reporting_failure(connection, lambda: _serve(connection, DeskWorker(url, data_dir)))


def bare_process(connection: Connection, url: str) -> None:
    _reporting_failure(connection, lambda: _serve(connection, BareWorker(url)))


def _edit_until_stopped(connection: Connection, url: str) -> None:
    manager = Manager(url)
    connection.send(Ready([]))
    command = _next_command(connection)
    edits: dict[str, float] = {}
    if isinstance(command, EditEvery):
        while not connection.poll(command.seconds):
            marker, made = manager.edit()
            edits[marker] = made
        command = _next_command(connection)
    manager.database.dispose()
    if command is not None:
        connection.send(Stopped(edits))


def manager_process(connection: Connection, url: str) -> None:
    _reporting_failure(connection, lambda: _edit_until_stopped(connection, url))
