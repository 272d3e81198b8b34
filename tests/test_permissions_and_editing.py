"""Roles enforced in the core, edits without silent overwrites, drafts in force only when signed."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from signposting.accounts.passwords import add_staff, authenticate, needs_first_manager
from signposting.db.engine import Database
from signposting.db.models import AuditEntry, RedFlagProtocol, Service, ServiceFlag, StaffMember
from signposting.directory import red_flags
from signposting.directory.editing import (
    review_queue,
    set_status,
    update_service,
    verify_service,
)
from signposting.domain import Role, ServiceStatus, Urgency
from signposting.errors import ConflictError, PermissionDeniedError, ValidationError
from signposting.search.loader import load_engine
from tests.factories import make_practice, make_red_flag, make_service

PASSWORD = "correct horse battery"


@pytest.fixture
def people(database: Database) -> dict[str, int]:
    with database.unit_of_work() as session:
        practice = make_practice(session)
        assert needs_first_manager(session)
        manager = add_staff(
            session, None, "Chris Taylor", Role.MANAGER, practice=practice, password=PASSWORD
        )
        ids = {"practice": practice.id, "manager": manager.id}
        ids["second_manager"] = add_staff(
            session, manager, "Pat Lee", Role.MANAGER, practice=practice, password=PASSWORD
        ).id
        ids["clinician"] = add_staff(
            session, manager, "Dr Priya Shah", Role.CLINICIAN, practice=practice, password=PASSWORD
        ).id
        ids["receptionist"] = add_staff(
            session, manager, "Alex Morgan", Role.RECEPTIONIST, practice=practice
        ).id
        ids["service"] = make_service(session).id
        ids["protocol"] = make_red_flag(session).id
    return ids


def who(session: sa.orm.Session, ids: dict[str, int], name: str) -> StaffMember:
    return session.get_one(StaffMember, ids[name])


def test_passwords_are_argon2_and_checked(database: Database, people: dict[str, int]) -> None:
    with database.unit_of_work() as session:
        manager = authenticate(session, "  chris TAYLOR ", PASSWORD)
        assert manager.id == people["manager"]
        assert (manager.password_hash or "").startswith("$argon2id$")
        assert not needs_first_manager(session)
        with pytest.raises(PermissionDeniedError, match="not recognised"):
            authenticate(session, "Chris Taylor", "wrong password")
        with pytest.raises(PermissionDeniedError, match="not recognised"):
            authenticate(session, "Alex Morgan", "")  # receptionists have no password


def test_only_managers_add_staff(database: Database, people: dict[str, int]) -> None:
    with database.unit_of_work() as session:
        receptionist = who(session, people, "receptionist")
        with pytest.raises(PermissionDeniedError, match="may not manage staff accounts"):
            add_staff(
                session, receptionist, "Sneaky", Role.MANAGER, practice=None, password=PASSWORD
            )
        with pytest.raises(ValidationError, match="at least 10 characters"):
            add_staff(
                session,
                who(session, people, "manager"),
                "Short",
                Role.CLINICIAN,
                practice=None,
                password="short",
            )


def test_a_receptionist_cannot_change_a_service_even_through_the_core(
    database: Database, people: dict[str, int]
) -> None:
    with pytest.raises(PermissionDeniedError), database.unit_of_work() as session:
        update_service(
            session,
            who(session, people, "receptionist"),
            people["service"],
            1,
            {"phone": "0800 000 000"},
        )
    with pytest.raises(PermissionDeniedError), database.unit_of_work() as session:
        update_service(session, None, people["service"], 1, {"phone": "0800 000 000"})
    with database.unit_of_work() as session:
        assert session.get_one(Service, people["service"]).phone == "01632 960201"
        updates = session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "updated")).all()
        assert updates == []


def test_manager_edit_is_audited_and_versioned(database: Database, people: dict[str, int]) -> None:
    with database.unit_of_work() as session:
        manager = who(session, people, "manager")
        session.info["actor"] = manager
        service = update_service(session, manager, people["service"], 1, {"phone": "01632 960999"})
        assert service.version == 2
    with database.unit_of_work() as session:
        entry = session.scalars(sa.select(AuditEntry).where(AuditEntry.action == "updated")).one()
        assert (entry.actor_label, entry.before, entry.after) == (
            "Chris Taylor",
            {"phone": "01632 960201"},
            {"phone": "01632 960999"},
        )


def test_two_managers_cannot_overwrite_each_other(
    database: Database, people: dict[str, int]
) -> None:
    with database.unit_of_work() as session:
        loaded_version = session.get_one(Service, people["service"]).version
    with database.unit_of_work() as session:
        update_service(
            session,
            who(session, people, "manager"),
            people["service"],
            loaded_version,
            {"alert": "First manager's alert"},
        )
    with (
        pytest.raises(ConflictError, match=r"changed by someone else.*reload"),
        database.unit_of_work() as session,
    ):
        update_service(
            session,
            who(session, people, "second_manager"),
            people["service"],
            loaded_version,
            {"alert": "Second manager's alert"},
        )
    with database.unit_of_work() as session:
        assert session.get_one(Service, people["service"]).alert == "First manager's alert"


def test_closing_needs_a_reason(database: Database, people: dict[str, int]) -> None:
    with pytest.raises(ValidationError, match="say why"), database.unit_of_work() as session:
        set_status(
            session,
            who(session, people, "manager"),
            people["service"],
            1,
            ServiceStatus.TEMPORARILY_CLOSED,
        )
    with database.unit_of_work() as session:
        closed = set_status(
            session,
            who(session, people, "manager"),
            people["service"],
            1,
            ServiceStatus.TEMPORARILY_CLOSED,
            alert="Refit until 1 March",
        )
        assert (closed.status, closed.alert) == (
            ServiceStatus.TEMPORARILY_CLOSED,
            "Refit until 1 March",
        )


def test_review_queue_and_verification(database: Database, people: dict[str, int]) -> None:
    with database.unit_of_work() as session:
        session.add(ServiceFlag(service_id=people["service"], comment="Number rings out"))
        make_service(session, key="fresh", last_verified=date(2026, 11, 1))
        make_service(session, key="never", last_verified=None)
    with database.unit_of_work() as session:
        queue = {s.key: reasons for s, reasons in review_queue(session, date(2026, 11, 23))}
    assert queue["msk"] == ["flagged: Number rings out"]
    assert queue["never"] == ["never verified"]
    assert "fresh" not in queue
    with database.unit_of_work() as session:
        queue = {s.key: r for s, r in review_queue(session, date(2027, 6, 1))}
        assert queue["fresh"] == ["last verified 01/11/2026, review overdue"]
        verify_service(
            session, who(session, people, "manager"), people["service"], date(2027, 6, 1)
        )
    with database.unit_of_work() as session:
        service = session.get_one(Service, people["service"])
        assert service.last_verified == date(2027, 6, 1)
        flag = session.scalars(sa.select(ServiceFlag)).one()
        assert flag.resolved_at is not None and flag.resolved_by_id == people["manager"]


def _desk_action(database: Database, key: str) -> str:
    with database.unit_of_work() as session:
        return next(e.action for e in load_engine(session).red_flags.entries if e.key == key)


def test_red_flag_change_is_a_draft_until_a_clinician_signs_it_off(
    database: Database, people: dict[str, int]
) -> None:
    with database.unit_of_work() as session:
        proposal = red_flags.draft(
            session,
            who(session, people, "manager"),
            {"action": "Call 999 now: possible stroke (revised)"},
            protocol_id=people["protocol"],
            note="clearer wording",
        )
        draft_id = proposal.id
    assert _desk_action(database, "stroke") == "Call 999 now"  # the desk keeps the signed version
    with (
        pytest.raises(PermissionDeniedError, match="may not sign off"),
        database.unit_of_work() as session,
    ):
        red_flags.sign_off(session, who(session, people, "manager"), draft_id, date(2027, 11, 1))
    with database.unit_of_work() as session:
        clinician = who(session, people, "clinician")
        session.info["actor"] = clinician
        protocol = red_flags.sign_off(session, clinician, draft_id, date(2027, 11, 1))
        assert protocol.signed_off_by_id == people["clinician"]
        assert protocol.signed_off_at is not None
        assert protocol.review_date == date(2027, 11, 1)
    assert _desk_action(database, "stroke") == "Call 999 now: possible stroke (revised)"
    with database.unit_of_work() as session:
        audit = session.scalars(
            sa.select(AuditEntry).where(
                AuditEntry.entity_type == "red_flag_protocol", AuditEntry.action == "updated"
            )
        ).one()
        assert audit.actor_label == "Dr Priya Shah"
        assert audit.after is not None and audit.after["action"].endswith("(revised)")


def test_new_protocol_reaches_the_desk_only_when_signed(
    database: Database, people: dict[str, int]
) -> None:
    fields = {
        "key": "new-flag",
        "title": "New flag",
        "urgency": Urgency.URGENT_SAME_DAY,
        "action": "Urgent: same-day clinician",
        "rules": [{"slots": [["ate"], ["battery"]]}],
        "examples": ["ate a battery"],
        "symptoms": [],
    }
    with database.unit_of_work() as session:
        draft_id = red_flags.draft(session, who(session, people, "clinician"), fields).id
        assert [d.id for d in red_flags.pending_drafts(session)] == [draft_id]
    with database.unit_of_work() as session:
        assert (
            session.scalars(
                sa.select(RedFlagProtocol).where(RedFlagProtocol.key == "new-flag")
            ).first()
            is None
        )
        red_flags.sign_off(session, who(session, people, "clinician"), draft_id, date(2027, 1, 1))
    assert _desk_action(database, "new-flag") == "Urgent: same-day clinician"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"key": "x", "title": "X", "action": "", "urgency": "urgent_111", "rules": []},
            "needs action",
        ),
        (
            {"key": "x", "title": "X", "action": "Go", "urgency": "urgent_111", "rules": []},
            "at least one rule",
        ),
        (
            {
                "key": "x",
                "title": "X",
                "action": "Go",
                "urgency": "urgent_111",
                "rules": [{"slots": [["A_CONCEPT"]], "window": 500}],
            },
            "'window' must be from 1 to 60",
        ),
    ],
)
def test_bad_drafts_are_refused(
    database: Database, people: dict[str, int], fields: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message), database.unit_of_work() as session:
        red_flags.draft(session, who(session, people, "manager"), dict(fields))


def test_receptionist_cannot_draft_and_rejected_drafts_stay_out(
    database: Database, people: dict[str, int]
) -> None:
    with pytest.raises(PermissionDeniedError), database.unit_of_work() as session:
        red_flags.draft(
            session,
            who(session, people, "receptionist"),
            {"action": "x"},
            protocol_id=people["protocol"],
        )
    with database.unit_of_work() as session:
        draft_id = red_flags.draft(
            session,
            who(session, people, "manager"),
            {"action": "Worse"},
            protocol_id=people["protocol"],
        ).id
        red_flags.reject(session, who(session, people, "clinician"), draft_id)
        assert red_flags.pending_drafts(session) == []
    assert _desk_action(database, "stroke") == "Call 999 now"
