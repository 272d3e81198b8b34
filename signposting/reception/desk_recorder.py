"""Recording from a desk: each signpost is committed, or kept durably on this PC, within a few
seconds, whatever the network does, and the desk's own thread never waits on the database.

A record is tried against the database on a worker thread. If no answer comes within
``deadline`` seconds (a link that dropped silently), it is written to the outbox and the desk is
told so; should the slow attempt later succeed, the outbox copy is dropped, and should both
arrive, the record's uuid keeps it stored once. While anything waits in the outbox, new records
join the queue behind it at once.
"""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from signposting.db.engine import Database
from signposting.errors import SignpostingError
from signposting.reception.background import ALARMS, WORKERS
from signposting.recording.commands import RecordSignpost
from signposting.recording.outbox import UNREACHABLE, Outbox, delete_by_uuid
from signposting.recording.recorder import SignpostRequest

log = logging.getLogger(__name__)

#: How long a desk waits for a database server before keeping a record on this PC instead.
RECORD_DEADLINE_S = 3.0
#: The same for an SQLite file: a healthy local commit takes milliseconds, so a longer wait means
#: another program holds the write lock (a long import, say) and the record goes to the outbox,
#: to be stored as soon as the lock is free.
SQLITE_RECORD_DEADLINE_S = 0.4
#: Failures after which a record is kept in the outbox rather than refused.
_KEEP_LOCALLY = (*UNREACHABLE, PoolTimeoutError)


class Kept(enum.Enum):
    """Where a record went."""

    DATABASE = "database"
    THIS_PC = "this_pc"


@dataclass(frozen=True)
class RecordResult:
    kept: Kept
    uuid: str
    record_id: int | None = None


class Undone(enum.Enum):
    """What taking back the last record did."""

    TAKEN_BACK = "taken_back"
    #: Removed here; the database, which could not be asked, is updated when it answers.
    WHEN_DATABASE_ANSWERS = "when_database_answers"
    NOTHING = "nothing"

    def __bool__(self) -> bool:
        return self is not Undone.NOTHING


Answer = RecordResult | SignpostingError


class _FirstAnswer:
    """Of a slow attempt and a deadline, the first to answer wins; the other is told it lost
    while the winner's step is already done."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._taken = False

    def claim(
        self,
        first: Callable[[], object] | None = None,
        otherwise: Callable[[], object] | None = None,
    ) -> bool:
        """Run ``first`` and return True if no one answered yet, else run ``otherwise``."""
        with self._lock:
            won = not self._taken
            self._taken = True
            step = first if won else otherwise
            if step is not None:
                step()
        return won


def deadline_for(database: Database) -> float:
    """How long this database gets to answer a desk's record."""
    if database.url.get_backend_name() == "sqlite":
        return SQLITE_RECORD_DEADLINE_S
    return RECORD_DEADLINE_S


def _refusal(uuid: str, exc: Exception) -> SignpostingError:
    if isinstance(exc, SignpostingError):
        return exc
    log.error("the database refused signpost %s", uuid, exc_info=exc)
    return SignpostingError(f"the database refused the record: {exc}")


class DeskRecorder:
    """One desk's recording: the database first, the outbox when it does not answer in time."""

    def __init__(self, database: Database, outbox: Outbox, deadline: float | None = None) -> None:
        self.database = database
        self.outbox = outbox
        self.deadline = deadline_for(database) if deadline is None else deadline
        self.last_uuid: str | None = None
        self._sending = threading.Lock()

    # ---------------------------------------------------------------- recording
    def record(self, request: SignpostRequest) -> RecordResult:
        """Record and wait (at most the deadline, plus a moment) for where it went."""
        done = threading.Event()
        answers: list[Answer] = []

        def keep(answer: Answer) -> None:
            answers.append(answer)
            done.set()

        self.record_in_background(request, keep)
        done.wait()
        answer = answers[0]
        if isinstance(answer, SignpostingError):
            raise answer
        return answer

    def record_in_background(
        self, request: SignpostRequest, on_done: Callable[[Answer], None]
    ) -> None:
        """Start recording; ``on_done`` is called exactly once, from another thread, with where
        the record went or why it was refused."""
        if request.uuid is None or request.recorded_at is None:
            raise ValueError("a desk's record carries its uuid and time")
        uuid = str(request.uuid)
        if self.outbox.has_work():
            self.outbox.add(request)
            self.last_uuid = uuid
            on_done(RecordResult(Kept.THIS_PC, uuid))
            return
        first = _FirstAnswer()

        def keep_on_this_pc() -> None:
            if first.claim(lambda: self.outbox.add(request)):
                self.last_uuid = uuid
                on_done(RecordResult(Kept.THIS_PC, uuid))

        def attempt() -> None:
            try:
                record_id = RecordSignpost(self.database, request).do()
            except _KEEP_LOCALLY as exc:
                log.warning("database unreachable, signpost queued: %s", exc)
                timer.cancel()
                keep_on_this_pc()
                return
            except Exception as exc:
                timer.cancel()
                refusal = _refusal(uuid, exc)
                # Too late to say no: the desk was told "saved on this PC", so set it aside.
                if first.claim(otherwise=lambda: self.outbox.set_aside(request, str(refusal))):
                    on_done(refusal)
                return
            timer.cancel()
            # Too late to say so: the outbox copy is not needed, the record is stored.
            if first.claim(otherwise=lambda: self.outbox.discard(uuid)):
                self.last_uuid = uuid
                on_done(RecordResult(Kept.DATABASE, uuid, record_id))

        def on_time() -> None:
            log.warning("no answer from the database in %.1f s: signpost queued", self.deadline)
            keep_on_this_pc()

        timer = ALARMS.after(self.deadline, on_time)
        WORKERS.run(attempt)

    # ---------------------------------------------------------------- taking back
    def undo_last(self) -> Undone:
        """Take back the last record made at this desk, wherever it is."""
        uuid, self.last_uuid = self.last_uuid, None
        if uuid is None:
            return Undone.NOTHING
        was_queued = self.outbox.discard(uuid)
        try:
            deleted = delete_by_uuid(self.database, uuid)
        except _KEEP_LOCALLY as exc:
            log.warning("database unreachable, withdrawal of %s queued: %s", uuid, exc)
            self.outbox.withdraw(uuid)
            return Undone.WHEN_DATABASE_ANSWERS
        return Undone.TAKEN_BACK if deleted or was_queued else Undone.NOTHING

    def undo_in_background(self, on_done: Callable[[Undone], None]) -> None:
        """``undo_last`` on a worker thread; if the database does not answer within the
        deadline, the withdrawal is kept on this PC and ``on_done`` hears so at once."""
        uuid = self.last_uuid
        decision = threading.Lock()
        decided: list[bool] = []

        def answer(result: Undone) -> None:
            with decision:
                if decided:
                    return
                decided.append(True)
            on_done(result)

        def on_time() -> None:
            if uuid is not None:
                self.outbox.withdraw(uuid)  # harmless if the slow delete also lands
            answer(Undone.WHEN_DATABASE_ANSWERS)

        def attempt() -> None:
            result = self.undo_last()
            timer.cancel()
            answer(result)

        timer = ALARMS.after(self.deadline, on_time)
        WORKERS.run(attempt)

    # ---------------------------------------------------------------- the outbox
    def send_queued(self) -> int:
        """Send what waits (one sender at a time); returns how many records went."""
        if not self.outbox.has_work() or not self._sending.acquire(blocking=False):
            return 0
        try:
            return self.outbox.send_all(self.database)
        except DBAPIError as exc:
            log.info("outbox not sent: %s", exc)
            return 0
        finally:
            self._sending.release()
