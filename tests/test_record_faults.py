"""Recording through faults: a record the database refuses is set aside and the rest still go; a
link that drops silently keeps the record on this PC within the deadline and stores it once;
taking a record back says truthfully what happened."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from signposting.db.base import utc_now
from signposting.db.engine import Database
from signposting.db.models import SignpostRecord
from signposting.directory.demo import load_demo
from signposting.domain import Outcome
from signposting.reception.desk_recorder import DeskRecorder, Kept, Undone
from signposting.reception.session import DeskSession
from signposting.recording.outbox import Outbox, outbox_path
from signposting.recording.recorder import SignpostRequest
from tests.support.proxy import TcpProxy

NO_SUCH_SERVICE = 987_654


def stored_uuids(url: str) -> list[str]:
    database = Database(url)
    try:
        with database.unit_of_work() as session:
            return list(session.scalars(sa.select(SignpostRecord.uuid)))
    finally:
        database.dispose()


def request(practice_id: int, service_id: int | None, number: int) -> SignpostRequest:
    return SignpostRequest(
        practice_id,
        Outcome.ACCEPTED if service_id is not None else Outcome.NO_SUITABLE_SERVICE,
        service_id=service_id,
        recorded_at=utc_now(),
        uuid=f"7b0e2a52-0000-4000-8000-{number:012d}",
    )


@pytest.fixture
def proxied(database_url: str, backend: str) -> Iterator[tuple[str, TcpProxy]]:
    """The test database reached through a proxy the test can stall (PostgreSQL only)."""
    if backend != "postgresql":
        pytest.skip("a network link to stall exists only for the PostgreSQL server")
    database = Database(database_url)
    with database.unit_of_work() as session:
        load_demo(session)
    database.dispose()
    url = sa.make_url(database_url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    yield url.set(port=proxy.port).render_as_string(hide_password=False), proxy
    proxy.close()


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
    database = Database(proxied_url)
    outbox = Outbox(outbox_path(database))
    recorder = DeskRecorder(database, outbox, deadline=1.0)
    with database.unit_of_work() as session:
        practice_id = session.scalar(sa.text("SELECT min(id) FROM practice"))
    assert recorder.record(request(practice_id, None, 11)).kept is Kept.DATABASE
    proxy.stall()
    started = time.monotonic()
    result = recorder.record(request(practice_id, None, 12))
    waited = time.monotonic() - started
    assert result.kept is Kept.THIS_PC and result.record_id is None
    assert waited < 10  # the deadline, not the network's minutes
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
    database = Database(proxied_url)
    outbox = Outbox(outbox_path(database))
    recorder = DeskRecorder(database, outbox, deadline=0.5)
    with database.unit_of_work() as session:
        practice_id = session.scalar(sa.text("SELECT min(id) FROM practice"))
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
