"""Recording a signpost: the rules, and that it is committed when the call returns."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from signposting.db.engine import Database
from signposting.db.models import SignpostRecord
from signposting.domain import AgeBand, Channel, Outcome, ServiceStatus
from signposting.errors import NotFoundError, ValidationError
from signposting.recording.organisation import resolve_practice, resolve_staff
from signposting.recording.recorder import SignpostRequest, record_signpost
from tests.factories import make_practice, make_red_flag, make_service, make_staff


@pytest.fixture
def ids(database: Database) -> dict[str, int]:
    with database.unit_of_work() as session:
        practice = make_practice(session)
        return {
            "practice": practice.id,
            "staff": make_staff(session, practice).id,
            "service": make_service(session).id,
            "retired": make_service(session, key="old", status=ServiceStatus.RETIRED).id,
            "red_flag": make_red_flag(session).id,
        }


def _stored(database: Database) -> list[SignpostRecord]:
    with database.unit_of_work() as session:
        return list(session.scalars(sa.select(SignpostRecord)))


def test_record_is_visible_to_a_new_connection_once_returned(
    database: Database, database_url: str, ids: dict[str, int]
) -> None:
    record = record_signpost(
        database,
        SignpostRequest(
            practice_id=ids["practice"],
            staff_id=ids["staff"],
            service_id=ids["service"],
            outcome=Outcome.ACCEPTED,
            age_band=AgeBand.AGE_18_24,
        ),
    )
    other = Database(database_url)
    try:
        with other.unit_of_work() as session:
            stored = session.get_one(SignpostRecord, record.id)
            assert stored.outcome is Outcome.ACCEPTED
            assert stored.channel is Channel.PHONE
            assert stored.age_band is AgeBand.AGE_18_24
    finally:
        other.dispose()


def test_escalation_records_the_protocol(database: Database, ids: dict[str, int]) -> None:
    record = record_signpost(
        database,
        SignpostRequest(
            practice_id=ids["practice"],
            red_flag_id=ids["red_flag"],
            outcome=Outcome.RED_FLAG_ESCALATED,
        ),
    )
    assert record.red_flag_id == ids["red_flag"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"outcome": Outcome.RED_FLAG_ESCALATED}, "needs the red-flag protocol"),
        ({"outcome": Outcome.ACCEPTED}, "needs the service"),
        ({"outcome": Outcome.ACCEPTED, "red_flag": True}, "recorded with outcome"),
        ({"outcome": Outcome.ACCEPTED, "service": "retired"}, "retired"),
        ({"outcome": Outcome.ACCEPTED, "service": "missing"}, "no service with id"),
    ],
)
def test_invalid_requests_change_nothing(
    database: Database, ids: dict[str, int], fields: dict[str, object], message: str
) -> None:
    service = fields.get("service")
    request = SignpostRequest(
        practice_id=ids["practice"],
        outcome=Outcome(str(fields["outcome"])),
        service_id={"retired": ids["retired"], "missing": 9999}.get(str(service)),
        red_flag_id=ids["red_flag"] if fields.get("red_flag") else None,
    )
    with pytest.raises(ValidationError, match=message):
        record_signpost(database, request)
    assert _stored(database) == []


def test_resolving_practice_and_staff(database: Database, ids: dict[str, int]) -> None:
    with database.unit_of_work() as session:
        practice = resolve_practice(session)
        assert practice.id == ids["practice"]
        assert resolve_practice(session, "a12345").id == ids["practice"]
        assert resolve_staff(session, "  alex   MORGAN ", practice).id == ids["staff"]
        with pytest.raises(NotFoundError, match="known: Alex Morgan"):
            resolve_staff(session, "Nobody", practice)
        with pytest.raises(NotFoundError):
            resolve_practice(session, "Z00000")
        make_practice(session, "B22222")
        with pytest.raises(ValidationError, match="several practices"):
            resolve_practice(session)


def test_age_bands() -> None:
    assert AgeBand.for_age(0) is AgeBand.UNDER_1
    assert AgeBand.for_age(16) is AgeBand.AGE_16_17
    assert AgeBand.for_age(64) is AgeBand.AGE_45_64
    assert AgeBand.for_age(101) is AgeBand.AGE_75_PLUS
    with pytest.raises(ValueError, match="negative"):
        AgeBand.for_age(-1)
