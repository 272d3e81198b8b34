"""Every model stores and reads back what it was given, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, StatementError

from signposting.db.engine import Database
from signposting.db.models import (
    RedFlagProtocol,
    Service,
    ServiceFlag,
    SignpostRecord,
    StaffMember,
)
from signposting.domain import AgeBand, Channel, Outcome, Role, ServiceStatus, Urgency
from tests.factories import make_practice, make_red_flag, make_service, make_staff


def test_service_round_trips_every_field(database: Database) -> None:
    with database.unit_of_work() as session:
        service_id = make_service(
            session,
            key="uti",
            name="Pharmacy First: UTI",
            description="Assessment by the pharmacist",
            keywords=["water infection", "burning when I wee"],
            access_methods=["walk_in", "practice_referral"],
            min_age=16,
            max_age=64,
            eligibility_notes="Women 16-64",
            exclusions=["Men", "Pregnant"],
            email="pharmacy@example.org",
            website="https://pharmacy.example",
            address="12 High Street",
            status=ServiceStatus.TEMPORARILY_CLOSED,
            alert="Closed for refit",
            patient_script="The pharmacist can help today.",
            snomed_code="306098008",
            snomed_term="Self-referral",
            review_interval_days=90,
            is_example=True,
        ).id
    with database.unit_of_work() as session:
        service = session.get_one(Service, service_id)
        assert service.keywords == ["water infection", "burning when I wee"]
        assert service.access_methods == ["walk_in", "practice_referral"]
        assert (service.min_age, service.max_age) == (16, 64)
        assert service.exclusions == ["Men", "Pregnant"]
        assert service.status is ServiceStatus.TEMPORARILY_CLOSED
        assert service.opening_sessions == [{"day": "mon", "opens": "09:00", "closes": "12:30"}]
        assert service.closures[0]["reason"] == "Christmas"
        assert service.last_verified == date(2026, 11, 1)
        assert service.snomed_code == "306098008"
        assert service.review_interval_days == 90
        assert service.is_example is True
        assert service.updated_at.tzinfo is not None
        assert service.version == 1


def test_timestamps_come_back_in_utc(database: Database) -> None:
    local = datetime(2026, 7, 1, 10, 30, tzinfo=timezone(timedelta(hours=1)))
    with database.unit_of_work() as session:
        practice = make_practice(session)
        record = SignpostRecord(
            practice=practice, outcome=Outcome.NO_SUITABLE_SERVICE, recorded_at=local
        )
        session.add(record)
        session.flush()
        record_id = record.id
    with database.unit_of_work() as session:
        stored = session.get_one(SignpostRecord, record_id)
        assert stored.recorded_at == datetime(2026, 7, 1, 9, 30, tzinfo=UTC)
        assert stored.recorded_at.utcoffset() == timedelta(0)


def test_naive_timestamps_are_refused(database: Database) -> None:
    with pytest.raises(StatementError, match="naive"), database.unit_of_work() as session:
        practice = make_practice(session)
        session.add(
            SignpostRecord(
                practice=practice,
                outcome=Outcome.NO_SUITABLE_SERVICE,
                recorded_at=datetime(2026, 1, 1),
            )
        )


def test_signpost_record_round_trips(database: Database) -> None:
    with database.unit_of_work() as session:
        practice = make_practice(session, network="Riverside PCN")
        staff = make_staff(session, practice)
        service = make_service(session)
        record = SignpostRecord(
            practice=practice,
            staff=staff,
            service=service,
            outcome=Outcome.ACCEPTED,
            channel=Channel.IN_PERSON,
            age_band=AgeBand.AGE_25_44,
        )
        session.add(record)
        session.flush()
        record_id = record.id
    with database.unit_of_work() as session:
        stored = session.get_one(SignpostRecord, record_id)
        assert stored.outcome is Outcome.ACCEPTED
        assert stored.channel is Channel.IN_PERSON
        assert stored.age_band is AgeBand.AGE_25_44
        assert stored.staff is not None and stored.staff.role is Role.RECEPTIONIST
        assert stored.practice.network is not None
        assert stored.practice.network.name == "Riverside PCN"
        assert len(stored.uuid) == 36


def test_red_flag_round_trips_with_sign_off(database: Database) -> None:
    signed_at = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
    with database.unit_of_work() as session:
        practice = make_practice(session)
        clinician = make_staff(session, practice, "Dr Shah", Role.CLINICIAN)
        protocol = make_red_flag(
            session,
            urgency=Urgency.URGENT_SAME_DAY,
            rules=[{"slots": [["numb"], ["down below"]], "window": 5}],
            examples=["numb down below", "wet myself"],
            signed_off_by=clinician,
            signed_off_at=signed_at,
            review_date=date(2027, 11, 1),
        )
        protocol_id = protocol.id
    with database.unit_of_work() as session:
        stored = session.get_one(RedFlagProtocol, protocol_id)
        assert stored.urgency is Urgency.URGENT_SAME_DAY
        assert stored.examples == ["numb down below", "wet myself"]
        assert stored.rules == [{"slots": [["numb"], ["down below"]], "window": 5}]
        assert stored.is_signed_off
        assert stored.signed_off_at == signed_at
        assert stored.signed_off_by is not None and stored.signed_off_by.name == "Dr Shah"
        assert stored.review_date == date(2027, 11, 1)


def test_service_flag_round_trips(database: Database) -> None:
    with database.unit_of_work() as session:
        practice = make_practice(session)
        flag = ServiceFlag(
            service=make_service(session),
            raised_by=make_staff(session, practice),
            comment="Phone number rings out",
        )
        session.add(flag)
        session.flush()
        flag_id = flag.id
    with database.unit_of_work() as session:
        stored = session.get_one(ServiceFlag, flag_id)
        assert stored.is_open
        assert stored.comment == "Phone number rings out"
        assert stored.raised_by is not None and stored.raised_by.name == "Alex Morgan"


def test_enum_columns_reject_unknown_values_in_the_database(database: Database) -> None:
    with database.unit_of_work() as session:
        practice_id = make_practice(session).id
    insert = sa.text(
        "INSERT INTO signpost_record (uuid, recorded_at, practice_id, outcome, channel) "
        "VALUES ('u-1', :at, :practice, 'maybe', 'phone')"
    )
    with pytest.raises(IntegrityError), database.engine.begin() as connection:
        connection.execute(insert, {"at": datetime.now(UTC), "practice": practice_id})


def test_age_band_order_is_enforced(database: Database) -> None:
    with pytest.raises(IntegrityError), database.unit_of_work() as session:
        make_service(session, min_age=65, max_age=16)


def test_red_flag_outcome_needs_a_protocol_in_the_database(database: Database) -> None:
    with pytest.raises(IntegrityError), database.unit_of_work() as session:
        practice = make_practice(session)
        session.add(SignpostRecord(practice=practice, outcome=Outcome.RED_FLAG_ESCALATED))


def test_foreign_keys_are_enforced(database: Database) -> None:
    with pytest.raises(IntegrityError), database.unit_of_work() as session:
        session.add(SignpostRecord(practice_id=9999, outcome=Outcome.NO_SUITABLE_SERVICE))


def test_stale_service_edit_is_refused_by_version_check(database: Database) -> None:
    with database.unit_of_work() as session:
        service_id = make_service(session).id
    first = database.session_factory()
    second = database.session_factory()
    try:
        first.get_one(Service, service_id).name = "First edit"
        second.get_one(Service, service_id).name = "Second edit"
        first.commit()
        with pytest.raises(sa.orm.exc.StaleDataError):
            second.commit()
    finally:
        first.close()
        second.close()
    with database.unit_of_work() as session:
        assert session.get_one(Service, service_id).name == "First edit"


def test_staff_roles_are_stored(database: Database) -> None:
    with database.unit_of_work() as session:
        practice = make_practice(session)
        for role in Role:
            make_staff(session, practice, f"Person {role.value}", role)
    with database.unit_of_work() as session:
        roles = {member.role for member in session.scalars(sa.select(StaffMember))}
        assert roles == set(Role)
