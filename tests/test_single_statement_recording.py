"""Recording is one statement: no ping before it, no BEGIN or COMMIT around it on a server, the
record's uuid keeping it stored once; a dead connection is replaced and the record still stored,
and every other use of the database still checks its connection first."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from signposting.db.base import utc_now
from signposting.db.engine import Database
from signposting.db.models import Service, SignpostRecord
from signposting.domain import Outcome, ServiceStatus
from signposting.errors import ValidationError
from signposting.recording.recorder import SignpostRequest, record_signpost
from tests.factories import make_practice, make_red_flag, make_service
from tests.support.proxy import TcpProxy

UUID = "5d1c7f0e-0000-4000-8000-000000000001"


@pytest.fixture
def ids(database: Database) -> dict[str, int]:
    with database.unit_of_work() as session:
        return {
            "practice": make_practice(session).id,
            "service": make_service(session).id,
            "red_flag": make_red_flag(session).id,
        }


class Watch:
    """The statements an engine runs, whether each ran in autocommit, and the pings."""

    def __init__(self, database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
        self.statements: list[str] = []
        self.autocommit: list[bool] = []
        self.pings = 0
        dialect = database.engine.dialect
        ping = dialect.do_ping

        def counted_ping(dbapi_connection: Any) -> bool:
            self.pings += 1
            return bool(ping(dbapi_connection))

        monkeypatch.setattr(dialect, "do_ping", counted_ping)
        sa.event.listen(database.engine, "before_cursor_execute", self._executed)

    def _executed(self, connection: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        self.statements.append(statement.split(maxsplit=1)[0].upper())
        dbapi_connection = connection.connection.dbapi_connection
        self.autocommit.append(bool(getattr(dbapi_connection, "autocommit", False)))


def _stored(database: Database) -> list[tuple[int, str]]:
    with database.unit_of_work() as session:
        rows = session.execute(sa.select(SignpostRecord.id, SignpostRecord.uuid))
        return [(record_id, uuid) for record_id, uuid in rows]


def test_a_record_is_one_statement_without_a_ping(
    database: Database, backend: str, ids: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    watch = Watch(database, monkeypatch)
    with database.unit_of_work() as session:  # any other use checks its connection first
        session.execute(sa.select(Service.id)).all()
    assert watch.pings == (1 if backend == "postgresql" else 0)
    watch.statements.clear()
    watch.autocommit.clear()
    watch.pings = 0
    for request in (
        SignpostRequest(ids["practice"], Outcome.ACCEPTED, service_id=ids["service"]),
        SignpostRequest(ids["practice"], Outcome.RED_FLAG_ESCALATED, red_flag_id=ids["red_flag"]),
        SignpostRequest(ids["practice"], Outcome.NO_SUITABLE_SERVICE),
    ):
        record_signpost(database, request)
    assert watch.statements == ["INSERT"] * 3
    assert watch.pings == 0
    if backend == "postgresql":  # each commits by itself: no BEGIN before, no COMMIT after
        assert watch.autocommit == [True] * 3
    assert len(_stored(database)) == 3


def test_a_record_sent_twice_is_stored_once_under_its_first_id(
    database: Database, ids: dict[str, int]
) -> None:
    request = SignpostRequest(
        ids["practice"],
        Outcome.ACCEPTED,
        service_id=ids["service"],
        recorded_at=utc_now(),
        uuid=UUID,
    )
    first = record_signpost(database, request)
    with database.unit_of_work() as session:  # retired since: the record stands all the same
        session.get_one(Service, ids["service"]).status = ServiceStatus.RETIRED
    again = record_signpost(database, request)
    assert again.id == first.id
    assert _stored(database) == [(first.id, UUID)]
    fresh = SignpostRequest(ids["practice"], Outcome.ACCEPTED, service_id=ids["service"])
    with pytest.raises(ValidationError, match="is retired"):
        record_signpost(database, fresh)


def test_an_unknown_practice_is_refused_by_the_database(
    database: Database, ids: dict[str, int]
) -> None:
    with pytest.raises(ValidationError, match="practice 9999 or member of staff"):
        record_signpost(database, SignpostRequest(9999, Outcome.NO_SUITABLE_SERVICE))
    assert _stored(database) == []


def test_without_returning_the_id_comes_from_the_cursor(
    database: Database, backend: str, ids: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite before 3.35 has no RETURNING."""
    if backend != "sqlite":
        pytest.skip("an SQLite matter")
    monkeypatch.setattr(database.engine.dialect, "insert_returning", False)
    record = record_signpost(
        database, SignpostRequest(ids["practice"], Outcome.ACCEPTED, service_id=ids["service"])
    )
    assert _stored(database) == [(record.id, record.uuid)]
    with pytest.raises(ValidationError, match="no service with id 9999"):
        record_signpost(database, SignpostRequest(ids["practice"], Outcome.DECLINED, 9999))


@pytest.fixture
def proxied(database_url: str, backend: str) -> Iterator[tuple[Database, TcpProxy]]:
    """The test database through a proxy the test can reset (PostgreSQL only)."""
    if backend != "postgresql":
        pytest.skip("a connection to lose exists only for the PostgreSQL server")
    url = sa.make_url(database_url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    database = Database(url.set(port=proxy.port).render_as_string(hide_password=False))
    yield database, proxy
    database.dispose()
    proxy.close()


def test_a_record_on_a_dead_connection_is_sent_again_on_a_new_one(
    proxied: tuple[Database, TcpProxy], ids: dict[str, int]
) -> None:
    database, proxy = proxied
    record_signpost(database, SignpostRequest(ids["practice"], Outcome.NO_SUITABLE_SERVICE))
    proxy.reset()  # as a server restart: the pooled connection is dead, new ones are fine
    proxy.restore()
    record = record_signpost(
        database, SignpostRequest(ids["practice"], Outcome.NO_SUITABLE_SERVICE)
    )
    assert record.id in [stored_id for stored_id, _uuid in _stored(database)]
    assert len(_stored(database)) == 2


def test_other_work_replaces_a_dead_connection_before_using_it(
    proxied: tuple[Database, TcpProxy],
) -> None:
    database, proxy = proxied
    with database.unit_of_work() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Service)) is not None
    proxy.reset()
    proxy.restore()
    with database.unit_of_work() as session:  # no error: the ping found it dead first
        assert session.scalar(sa.select(sa.func.count()).select_from(Service)) is not None
