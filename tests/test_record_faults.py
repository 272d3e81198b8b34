"""Recording through faults: a record the database refuses is set aside and the rest still go; a
link that drops silently keeps the record on this PC within the deadline and stores it once;
taking a record back says truthfully what happened."""

from __future__ import annotations

import sqlite3
import time

import pytest
import sqlalchemy as sa

from signposting.db.base import utc_now
from signposting.db.engine import Database
from signposting.directory.demo import load_demo
from signposting.domain import Outcome
from signposting.reception.desk_recorder import DeskRecorder, Kept, Undone
from signposting.reception.session import DeskSession
from signposting.recording.outbox import Outbox, outbox_path
from signposting.recording.recorder import SignpostRequest
from tests.support.proxy import TcpProxy
from tests.test_outage import proxied
from tests.test_outage import uuids as stored_uuids

__all__ = ["proxied"]  # the fixture, shared with the outage tests

NO_SUCH_SERVICE = 987_654


def request(practice_id: int, service_id: int | None, number: int) -> SignpostRequest:
    return SignpostRequest(
        practice_id,
        Outcome.ACCEPTED if service_id is not None else Outcome.NO_SUITABLE_SERVICE,
        service_id=service_id,
        recorded_at=utc_now(),
        uuid=f"7b0e2a52-0000-4000-8000-{number:012d}",
    )


def desk_recorder(url: str, deadline: float) -> tuple[Database, Outbox, DeskRecorder, int]:
    """A desk's recorder with its own outbox and deadline, and the practice it records for."""
    database = Database(url)
    outbox = Outbox(outbox_path(database))
    with database.unit_of_work() as session:
        practice_id = int(session.scalar(sa.text("SELECT min(id) FROM practice")))
    return database, outbox, DeskRecorder(database, outbox, deadline=deadline), practice_id


def test_a_refused_record_is_set_aside_and_the_rest_are_sent(database: Database) -> None:
    with database.unit_of_work() as session:
        load_demo(session)
    desk = DeskSession(database)
    service_id = desk.search("bad back").services[0].entry.id
    outbox = Outbox(outbox_path(database))
    outbox.add(request(desk.practice_id, service_id, 1))
    outbox.add(request(desk.practice_id, NO_SUCH_SERVICE, 2))  # deleted meanwhile
    outbox.add(request(desk.practice_id, service_id, 3))
    assert outbox.send_all(database) == 2
    assert sorted(stored_uuids(database.url.render_as_string(hide_password=False))) == [
        "7b0e2a52-0000-4000-8000-000000000001",
        "7b0e2a52-0000-4000-8000-000000000003",
    ]
    assert len(outbox) == 0 and not outbox.has_work()
    (refused,) = outbox.set_aside_records()
    assert refused.request.service_id == NO_SUCH_SERVICE
    assert "foreign key" in refused.reason.lower()
    # Put right (here: sent to an existing service is not possible, so it stays refused).
    assert outbox.retry_set_aside() == 1
    assert len(outbox) == 1 and outbox.set_aside_records() == []
    assert outbox.send_all(database) == 0
    assert len(outbox.set_aside_records()) == 1  # refused again, still kept
    outbox.close()


def test_an_undo_the_database_cannot_hear_is_applied_when_it_answers(
    proxied: tuple[str, TcpProxy], database_url: str
) -> None:
    proxied_url, proxy = proxied
    database = Database(proxied_url)
    desk = DeskSession(database)
    assert desk.record(Outcome.NO_SUITABLE_SERVICE) is not None
    assert len(stored_uuids(database_url)) == 1
    proxy.cut()
    assert desk.undo_last() is Undone.WHEN_DATABASE_ANSWERS  # not "taken back": it is stored
    assert len(stored_uuids(database_url)) == 1
    assert desk.recorder.outbox.withdrawn()
    proxy.restore()
    assert desk.send_queued() == 0
    assert stored_uuids(database_url) == []
    assert not desk.recorder.outbox.has_work()
    database.dispose()


def test_a_silently_dropped_link_keeps_the_record_on_this_pc_and_stores_it_once(
    proxied: tuple[str, TcpProxy], database_url: str
) -> None:
    proxied_url, proxy = proxied
    database, outbox, recorder, practice_id = desk_recorder(proxied_url, deadline=1.0)
    assert recorder.record(request(practice_id, None, 11)).kept is Kept.DATABASE
    proxy.stall()
    # The attempt itself cannot finish while the link is stalled: only the deadline answers.
    result = recorder.record(request(practice_id, None, 12))
    assert result.kept is Kept.THIS_PC and result.record_id is None
    assert len(outbox) == 1
    # Behind a queue, the next record joins it at once without trying the database.
    assert recorder.record(request(practice_id, None, 13)).kept is Kept.THIS_PC
    proxy.restore()
    deadline = time.monotonic() + 30
    while outbox.has_work() and time.monotonic() < deadline:
        recorder.send_queued()
        time.sleep(0.2)
    assert not outbox.has_work()
    stored = stored_uuids(database_url)
    assert sorted(stored) == [
        "7b0e2a52-0000-4000-8000-000000000011",
        "7b0e2a52-0000-4000-8000-000000000012",
        "7b0e2a52-0000-4000-8000-000000000013",
    ]
    outbox.close()
    database.dispose()


def test_a_late_answer_from_the_database_stores_the_record_once(
    proxied: tuple[str, TcpProxy], database_url: str
) -> None:
    """The slow attempt commits after the desk was told "kept on this PC": the outbox copy is
    dropped, and were both to arrive the uuid would keep one."""
    proxied_url, proxy = proxied
    database, outbox, recorder, practice_id = desk_recorder(proxied_url, deadline=0.5)
    proxy.stall()
    assert recorder.record(request(practice_id, None, 21)).kept is Kept.THIS_PC
    proxy.restore()  # the held statement now reaches the server and commits
    deadline = time.monotonic() + 30
    while len(stored_uuids(database_url)) == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    while len(outbox) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(outbox) == 0  # dropped by the late success
    recorder.send_queued()
    assert stored_uuids(database_url) == ["7b0e2a52-0000-4000-8000-000000000021"]
    outbox.close()
    database.dispose()


def test_a_record_behind_a_long_sqlite_write_is_kept_then_stored_when_the_lock_frees(
    database: Database, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import holding SQLite's write lock does not hold the desk: the record is kept on this
    PC at the deadline, and the attempt still waiting stores it once the lock is free."""
    if backend != "sqlite":
        pytest.skip("the write lock is an SQLite matter")
    from signposting.db import engine as engine_module  # noqa: PLC0415

    with database.unit_of_work() as session:
        load_demo(session)
    # Longer than the test: only the desk's deadline can answer while the lock is held.
    monkeypatch.setattr(engine_module, "SQLITE_BUSY_TIMEOUT_MS", 120_000)
    locked = Database(database.describe())
    desk = DeskSession(locked)
    service_id = desk.search("bad back").services[0].entry.id
    holder = sqlite3.connect(str(database.sqlite_path), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert desk.record(Outcome.ACCEPTED, service_id=service_id) is None
        assert desk.queued == 1
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    url = database.url.render_as_string(hide_password=False)
    give_up = time.monotonic() + 60
    while (desk.queued or not stored_uuids(url)) and time.monotonic() < give_up:
        time.sleep(0.1)
    assert desk.queued == 0  # the late success dropped the outbox copy
    assert desk.send_queued() == 0
    assert len(stored_uuids(url)) == 1
    locked.dispose()


def test_a_lost_commit_reply_stores_the_record_once(
    proxied: tuple[str, TcpProxy], database_url: str
) -> None:
    proxied_url, proxy = proxied
    database = Database(proxied_url)
    desk = DeskSession(database)
    proxy.lose_the_next_commit_reply()
    assert desk.record(Outcome.NO_SUITABLE_SERVICE) is None  # no reply: kept on this PC
    assert len(stored_uuids(database_url)) == 1  # but the server did commit it
    assert desk.queued == 1
    proxy.restore()
    assert desk.send_queued() == 1
    assert len(stored_uuids(database_url)) == 1  # its uuid kept it from being stored twice
    database.dispose()


def test_undo_after_a_lost_commit_reply_takes_the_stored_record_back(
    proxied: tuple[str, TcpProxy], database_url: str
) -> None:
    proxied_url, proxy = proxied
    database = Database(proxied_url)
    desk = DeskSession(database)
    proxy.lose_the_next_commit_reply()
    assert desk.record(Outcome.NO_SUITABLE_SERVICE) is None
    proxy.restore()
    assert desk.undo_last() is Undone.TAKEN_BACK
    assert stored_uuids(database_url) == []  # "taken back" is true: the row is gone
    assert desk.queued == 0 and desk.send_queued() == 0
    assert stored_uuids(database_url) == []
    database.dispose()


@pytest.mark.parametrize("fault", ["reset", "cut"])
def test_records_made_through_a_broken_link_arrive_exactly_once(
    proxied: tuple[str, TcpProxy], database_url: str, fault: str
) -> None:
    proxied_url, proxy = proxied
    database = Database(proxied_url)
    desk = DeskSession(database)
    assert desk.record(Outcome.NO_SUITABLE_SERVICE) is not None
    getattr(proxy, fault)()
    assert [desk.record(Outcome.NO_SUITABLE_SERVICE) for _ in range(3)] == [None] * 3
    proxy.restore()
    assert desk.send_queued() == 3
    stored = stored_uuids(database_url)
    assert len(stored) == 4 and len(set(stored)) == 4
    database.dispose()


def test_a_slow_link_past_the_deadline_stores_each_record_once(
    proxied: tuple[str, TcpProxy], database_url: str
) -> None:
    proxied_url, proxy = proxied
    database, outbox, recorder, practice_id = desk_recorder(proxied_url, deadline=0.3)
    proxy.delay(0.4)  # every message held longer than the whole deadline
    results = [recorder.record(request(practice_id, None, 30 + n)) for n in range(3)]
    assert results[0].kept is Kept.THIS_PC
    proxy.restore()
    give_up = time.monotonic() + 60
    while outbox.has_work() and time.monotonic() < give_up:
        recorder.send_queued()
        time.sleep(0.2)
    stored = stored_uuids(database_url)
    assert sorted(stored) == [f"7b0e2a52-0000-4000-8000-{30 + n:012d}" for n in range(3)]
    outbox.close()
    database.dispose()
