"""Every change to services and red-flag protocols leaves an audit entry with before and after."""

from __future__ import annotations

import sqlalchemy as sa

from signposting.db.engine import Database
from signposting.db.models import AuditEntry, Service
from signposting.domain import AuditAction, Role, ServiceStatus, Urgency
from tests.factories import make_practice, make_red_flag, make_service, make_staff


def _entries(database: Database) -> list[AuditEntry]:
    with database.unit_of_work() as session:
        return list(session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)))


def test_create_update_delete_are_audited_with_the_actor(database: Database) -> None:
    with database.unit_of_work() as session:
        manager = make_staff(session, make_practice(session), "Chris Taylor", Role.MANAGER)
    with database.unit_of_work(actor=manager) as session:
        service_id = make_service(session, key="physio").id
    with database.unit_of_work(actor=manager) as session:
        service = session.get_one(Service, service_id)
        service.status = ServiceStatus.TEMPORARILY_CLOSED
        service.keywords = [*service.keywords, "sciatica"]
    with database.unit_of_work(actor=manager) as session:
        session.delete(session.get_one(Service, service_id))

    created, updated, deleted = _entries(database)
    assert created.action is AuditAction.CREATED
    assert created.before is None
    assert created.after is not None and created.after["key"] == "physio"
    assert updated.action is AuditAction.UPDATED
    assert updated.before == {"status": "active", "keywords": ["bad back", "sore back"]}
    assert updated.after == {
        "status": "temporarily_closed",
        "keywords": ["bad back", "sore back", "sciatica"],
    }
    assert deleted.action is AuditAction.DELETED and deleted.after is None
    for entry in (created, updated, deleted):
        assert entry.actor_id == manager.id
        assert entry.actor_label == "Chris Taylor"
        assert entry.entity_type == "service"
        assert entry.entity_id == service_id


def test_red_flag_changes_are_audited(database: Database) -> None:
    with database.unit_of_work(actor="import") as session:
        protocol = make_red_flag(session)
        protocol.urgency = Urgency.EMERGENCY_DEPARTMENT
        session.flush()
    entries = _entries(database)
    assert [entry.action for entry in entries] == [AuditAction.CREATED, AuditAction.UPDATED]
    assert entries[1].before == {"urgency": "emergency_999"}
    assert entries[1].after == {"urgency": "emergency_department"}
    assert entries[0].actor_label == "import" and entries[0].actor_id is None


def test_a_rolled_back_change_leaves_no_entry(database: Database) -> None:
    session = database.session_factory()
    try:
        make_service(session)
        session.rollback()
    finally:
        session.close()
    assert _entries(database) == []


def test_an_unchanged_assignment_is_not_audited(database: Database) -> None:
    with database.unit_of_work() as session:
        service_id = make_service(session).id
    with database.unit_of_work() as session:
        service = session.get_one(Service, service_id)
        service.name = service.name
        service.keywords = list(service.keywords)
    assert [entry.action for entry in _entries(database)] == [AuditAction.CREATED]
