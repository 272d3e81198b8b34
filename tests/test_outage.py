"""Working through an outage: the desk keeps recording into a local outbox, and every queued
record reaches the database exactly once when it is back, even across a killed process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from signposting.db.engine import Database
from signposting.db.models import Service, SignpostRecord
from signposting.directory.demo import load_demo
from signposting.domain import Outcome
from signposting.reception.session import DeskSession
from signposting.recording.outbox import Outbox, deliver, outbox_path
from tests.support.proxy import TcpProxy


def uuids(url: str) -> list[str]:
    database = Database(url)
    try:
        with database.unit_of_work() as session:
            return list(session.scalars(sa.select(SignpostRecord.uuid)))
    finally:
        database.dispose()


@pytest.fixture
def proxied(database_url: str, backend: str) -> Iterator[tuple[str, TcpProxy]]:
    """The test database reached through a proxy the test can cut (PostgreSQL only)."""
    if backend != "postgresql":
        pytest.skip("a network link to cut exists only for the PostgreSQL server")
    database = Database(database_url)
    with database.unit_of_work() as session:
        load_demo(session)
    database.dispose()
    url = sa.make_url(database_url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    yield url.set(port=proxy.port).render_as_string(hide_password=False), proxy
    proxy.close()


def test_records_during_an_outage_arrive_exactly_once(
    proxied: tuple[str, TcpProxy], database_url: str
) -> None:
    proxied_url, proxy = proxied
    database = Database(proxied_url)
    desk = DeskSession(database)
    desk.choose_staff(desk.staff_choices()[0].id)
    uti = next(e.id for e in desk.engine.services.entries.values() if "urinary" in e.name)
    online = [desk.record(Outcome.ACCEPTED, service_id=uti) for _ in range(3)]
    assert all(record_id is not None for record_id in online)
    proxy.cut()
    offline = [desk.record(Outcome.ACCEPTED, service_id=uti) for _ in range(5)]
    assert offline == [None] * 5
    assert desk.queued == 5
    assert desk.search("water infection").services  # the desk still searches its last copy
    assert desk.send_queued() == 0  # still down: nothing sent, nothing lost
    assert desk.queued == 5
    proxy.restore()
    assert desk.send_queued() == 5
    assert desk.queued == 0
    assert desk.send_queued() == 0
    stored = uuids(database_url)
    assert len(stored) == 8 and len(set(stored)) == 8
    database.dispose()


def test_undo_takes_a_queued_record_back(proxied: tuple[str, TcpProxy], database_url: str) -> None:
    proxied_url, proxy = proxied
    database = Database(proxied_url)
    desk = DeskSession(database)
    proxy.cut()
    assert desk.record(Outcome.NO_SUITABLE_SERVICE) is None
    assert desk.undo_last()
    assert desk.queued == 0
    proxy.restore()
    assert desk.send_queued() == 0
    assert uuids(database_url) == []
    database.dispose()


def test_a_record_sent_twice_is_stored_once(database: Database) -> None:
    """As if the desk died after the database stored a record but before the outbox let go."""
    with database.unit_of_work() as session:
        load_demo(session)
    desk = DeskSession(database)
    service_id = desk.search("bad back").services[0].entry.id
    from signposting.db.base import utc_now  # noqa: PLC0415
    from signposting.recording.recorder import SignpostRequest  # noqa: PLC0415

    request = SignpostRequest(
        desk.practice_id,
        Outcome.ACCEPTED,
        service_id=service_id,
        recorded_at=utc_now(),
        uuid="7b0e2a52-0000-4000-8000-000000000001",
    )
    outbox = Outbox(outbox_path(database))
    outbox.add(request)
    deliver(database, request)  # stored, but the outbox still holds it
    assert outbox.send_all(database) == 1
    with database.unit_of_work() as session:
        count = session.scalar(sa.select(sa.func.count()).select_from(SignpostRecord))
    assert count == 1
    assert len(outbox) == 0
    outbox.close()


def test_locked_sqlite_queues_instead_of_failing(
    database: Database, backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if backend != "sqlite":
        pytest.skip("a locked file is an SQLite matter")
    import sqlite3  # noqa: PLC0415

    from signposting.db import engine as engine_module  # noqa: PLC0415

    with database.unit_of_work() as session:
        load_demo(session)
        service_id = session.scalars(sa.select(Service.id)).first()
    monkeypatch.setattr(engine_module, "SQLITE_BUSY_TIMEOUT_MS", 100)
    locked = Database(database.describe())
    desk = DeskSession(locked)
    holder = sqlite3.connect(str(database.sqlite_path), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert desk.record(Outcome.ACCEPTED, service_id=service_id) is None
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert desk.send_queued() == 1
    with database.unit_of_work() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(SignpostRecord)) == 1
    locked.dispose()


DESK_PROCESS = textwrap.dedent(
    """
    import sys
    from signposting.db.engine import Database
    from signposting.domain import Outcome
    from signposting.reception.session import DeskSession
    desk = DeskSession(Database(sys.argv[1]))
    print("ready", flush=True)
    sys.stdin.readline()  # the test cuts the link, then says go
    for _ in range(4):
        assert desk.record(Outcome.NO_SUITABLE_SERVICE) is None
    print(desk.queued, flush=True)
    sys.stdin.readline()  # killed while waiting here
    """
)


@pytest.mark.slow
def test_queued_records_survive_a_killed_desk(
    proxied: tuple[str, TcpProxy], database_url: str
) -> None:
    proxied_url, proxy = proxied
    with subprocess.Popen(
        [sys.executable, "-c", DESK_PROCESS, proxied_url],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as process:
        assert process.stdout is not None and process.stdin is not None
        assert process.stdout.readline().strip() == "ready"
        proxy.cut()
        process.stdin.write("go\n")
        process.stdin.flush()
        assert process.stdout.readline().strip() == "4"
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
    proxy.restore()
    database = Database(proxied_url)
    restarted = DeskSession(database)  # the same desk, started again: same outbox
    assert restarted.queued == 4
    assert restarted.send_queued() == 4
    assert len(uuids(database_url)) == 4
    database.dispose()


def test_a_desk_opens_on_its_saved_copy_during_an_outage(
    proxied: tuple[str, TcpProxy], database_url: str
) -> None:
    from signposting.errors import DatabaseUnavailableError  # noqa: PLC0415

    proxied_url, proxy = proxied
    proxy.cut()
    with pytest.raises(DatabaseUnavailableError, match="no saved copy"):
        DeskSession(Database(proxied_url))
    proxy.restore()
    online = DeskSession(Database(proxied_url))
    online.start_loading(save_copy=True)  # as a desk starts: the index, then the copy
    assert online.search("bad back").services
    online.finish_copy()  # written in the background, once searching could start
    online.database.dispose()
    proxy.cut()
    offline = DeskSession(Database(proxied_url))
    assert offline.saved_copy is not None
    assert offline.practice_name.startswith("Riverside Medical Practice")
    [alex] = [c for c in offline.staff_choices() if c.name == "Alex Morgan"]
    offline.choose_staff(alex.id)
    result = offline.search("water infection")
    assert result.services[0].entry.name.startswith("Pharmacy First: urinary")
    assert offline.search("face gone droopy").red_flags
    assert "01632 960101" in offline.card_html(result.services[0].entry.id)
    assert offline.record(Outcome.ACCEPTED, service_id=result.services[0].entry.id) is None
    proxy.restore()
    assert offline.send_queued() == 1
    assert len(uuids(database_url)) == 1
    offline.database.dispose()
