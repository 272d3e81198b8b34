"""The go-live checklist counts the services it checks over the same services the review queue
covers: a temporarily closed service is checked and counted, never "43 of 42"."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from signposting.db.engine import Database
from signposting.db.models import Practice, Service
from signposting.directory.demo import load_demo
from signposting.directory.editing import review_queue
from signposting.domain import ServiceStatus
from signposting.training.readiness import readiness

TODAY = date(2026, 11, 23)


def _directory_details(database: Database) -> list[str]:
    with database.unit_of_work() as session:
        practice_id = session.scalars(sa.select(Practice.id)).first()
        assert practice_id is not None
        state = readiness(session, practice_id, TODAY)
    (item,) = [item for item in state.items if item.key == "services_verified"]
    return item.details


def _statuses(database: Database) -> dict[ServiceStatus, int]:
    with database.unit_of_work() as session:
        rows = session.execute(sa.select(Service.status, sa.func.count()).group_by(Service.status))
        return dict(rows.all())


def test_a_closed_service_is_counted_with_those_it_checks(database: Database) -> None:
    with database.unit_of_work() as session:
        load_demo(session)
        queued = len(review_queue(session, TODAY))
    statuses = _statuses(database)
    active, closed = statuses[ServiceStatus.ACTIVE], statuses[ServiceStatus.TEMPORARILY_CLOSED]
    assert closed >= 1 and queued == active + closed  # the demo: nothing verified yet
    assert _directory_details(database)[0] == (
        f"{queued} of {active + closed} service(s) in use "
        f"({active} active, {closed} closed for now) need checking"
    )


def test_retired_services_are_neither_checked_nor_counted(database: Database) -> None:
    with database.unit_of_work() as session:
        load_demo(session)
        services = list(session.scalars(sa.select(Service).order_by(Service.name)))
        for service in services:
            service.status = ServiceStatus.ACTIVE
            service.last_verified = TODAY
        services[0].status = ServiceStatus.RETIRED
        services[0].last_verified = None
        services[1].last_verified = None
    assert _directory_details(database)[:2] == [
        f"1 of {len(services) - 1} service(s) in use need checking",
        f"{services[1].name}: never verified",
    ]
