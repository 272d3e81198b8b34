"""Savings arithmetic, checked against examples worked by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from signposting.analysis.assumptions import Assumptions, load_assumptions, save_assumptions
from signposting.analysis.savings import GP_APPOINTMENTS, analyse
from signposting.db.engine import Database
from signposting.db.models import ImportedCount
from signposting.domain import Outcome, Role
from signposting.errors import ValidationError
from signposting.recording.recorder import SignpostRequest, record_signpost
from tests.factories import (
    acting_manager,
    make_member,
    make_practice,
    make_red_flag,
    make_service,
    make_staff,
)

JANUARY = (date(2026, 1, 1), date(2026, 1, 31))


@pytest.fixture
def ids(database: Database) -> dict[str, int]:
    with database.unit_of_work() as session:
        practice = make_practice(session, "A81001")
        other = make_practice(session, "B82002")
        ids = {
            "practice": practice.id,
            "other": other.id,
            "alex": make_staff(session, practice, "Alex").id,
            "sam": make_staff(session, practice, "Sam").id,
            "physio": make_service(session, key="msk", name="MSK physio").id,
            "pharmacy": make_service(
                session, key="uti", name="Pharmacy UTI", category="Community pharmacy"
            ).id,
            "stroke": make_red_flag(session, title="Possible stroke").id,
        }

    def add(outcome: Outcome, when: datetime, **fields: int) -> None:
        record_signpost(
            database,
            SignpostRequest(
                fields.pop("practice", ids["practice"]), outcome, recorded_at=when, **fields
            ),
        )

    # In January: 10 accepted (6 physio by Alex, 4 pharmacy by Sam), 2 declined, 1 escalated,
    # 1 no suitable service. Outside January: 3 more.
    for day in range(5, 11):
        add(
            Outcome.ACCEPTED,
            datetime(2026, 1, day, 10, tzinfo=UTC),
            service_id=ids["physio"],
            staff_id=ids["alex"],
        )
    for day in (12, 13, 14, 15):
        add(
            Outcome.ACCEPTED,
            datetime(2026, 1, day, 10, tzinfo=UTC),
            service_id=ids["pharmacy"],
            staff_id=ids["sam"],
        )
    add(Outcome.DECLINED, datetime(2026, 1, 20, 9, tzinfo=UTC), service_id=ids["physio"])
    add(
        Outcome.DECLINED,
        datetime(2026, 1, 20, 9, 5, tzinfo=UTC),
        service_id=ids["pharmacy"],
        practice=ids["other"],
    )
    add(Outcome.RED_FLAG_ESCALATED, datetime(2026, 1, 21, 9, tzinfo=UTC), red_flag_id=ids["stroke"])
    add(Outcome.NO_SUITABLE_SERVICE, datetime(2026, 1, 31, 23, 59, tzinfo=UTC))
    add(Outcome.ACCEPTED, datetime(2025, 12, 31, 23, 59, tzinfo=UTC), service_id=ids["physio"])
    add(Outcome.ACCEPTED, datetime(2026, 2, 1, 0, 1, tzinfo=UTC), service_id=ids["physio"])
    add(Outcome.ACCEPTED, datetime(2026, 3, 1, 12, tzinfo=UTC), service_id=ids["physio"])
    return ids


def test_default_assumptions_time_for_care(database: Database, ids: dict[str, int]) -> None:
    with database.unit_of_work() as session:
        result = analyse(session, acting_manager(session), *JANUARY, Assumptions())
    total = result.total
    assert (total.signposts, total.accepted, total.declined, total.escalated) == (14, 10, 2, 1)
    assert total.appointments_avoided == 10
    assert total.minutes == 100
    assert total.hours == pytest.approx(100 / 60)
    assert total.cost == 300
    assert result.gp_appointments is None
    assert result.share_of_gp_time is None


def test_practice_assumptions_change_every_figure(database: Database, ids: dict[str, int]) -> None:
    mine = Assumptions(minutes_per_appointment=9.24, share_avoided=0.8, cost_per_appointment=36.0)
    with database.unit_of_work() as session:
        save_assumptions(session, make_member(session, Role.MANAGER), ids["practice"], mine)
    with database.unit_of_work() as session:
        loaded = load_assumptions(session, ids["practice"])
        assert loaded == mine
        assert load_assumptions(session, ids["other"]) == Assumptions()
        total = analyse(session, acting_manager(session), *JANUARY, loaded).total
    assert total.appointments_avoided == pytest.approx(8.0)
    assert total.minutes == pytest.approx(73.92)
    assert total.cost == pytest.approx(288.0)


def test_share_of_gp_time_when_appointments_are_known(
    database: Database, ids: dict[str, int]
) -> None:
    with database.unit_of_work() as session:
        for ods, count in (("A81001", 400), ("B82002", 100)):
            session.add(
                ImportedCount(
                    kind=GP_APPOINTMENTS,
                    ods_code=ods,
                    period_start=date(2026, 1, 1),
                    period_end=date(2026, 1, 31),
                    count=count,
                    source_file="x.csv",
                )
            )
    with database.unit_of_work() as session:
        result = analyse(session, acting_manager(session), *JANUARY, Assumptions())
        only_first = analyse(
            session,
            acting_manager(session),
            *JANUARY,
            Assumptions(),
            practice_ids=(ids["practice"],),
        )
    assert result.gp_appointments == 500
    assert result.share_of_gp_time == pytest.approx(100 / (500 * 10))  # 2%
    assert only_first.gp_appointments == 400
    assert only_first.total.signposts == 13


def test_breakdowns(database: Database, ids: dict[str, int]) -> None:
    with database.unit_of_work() as session:
        result = analyse(session, acting_manager(session), *JANUARY, Assumptions())
    services = {row.label: row.figures for row in result.services}
    assert services["MSK physio"].accepted == 6
    assert services["MSK physio"].declined == 1
    assert services["Pharmacy UTI"].signposts == 5
    assert services["Possible stroke"].escalated == 1
    staff = {row.label: row.figures.accepted for row in result.staff}
    assert staff["Alex"] == 6 and staff["Sam"] == 4
    practices = {row.label: row.figures.signposts for row in result.by_practice}
    assert practices == {"Practice A81001": 13, "Practice B82002": 1}
    categories = {row.label: row.figures.signposts for row in result.categories}
    assert categories == {"Musculoskeletal": 7, "Community pharmacy": 5}


def test_weeks_cover_the_period_in_uk_time(database: Database, ids: dict[str, int]) -> None:
    with database.unit_of_work() as session:
        result = analyse(session, acting_manager(session), *JANUARY, Assumptions())
    weeks = {row.label: row.figures.signposts for row in result.weeks}
    # Mondays from 29/12/2025 to 26/01/2026; 31 Jan 23:59 UTC is still 31 Jan in GMT.
    assert weeks == {
        "w/c 29/12/2025": 0,
        "w/c 05/01/2026": 6,
        "w/c 12/01/2026": 4,
        "w/c 19/01/2026": 3,
        "w/c 26/01/2026": 1,
    }


def test_part_weeks_at_either_end_of_the_period_say_so(
    database: Database, ids: dict[str, int]
) -> None:
    with database.unit_of_work() as session:
        result = analyse(session, acting_manager(session), *JANUARY, Assumptions())
    # January 2026 runs Thursday 1st to Saturday 31st: its first and last weeks are part weeks.
    parts = {row.label: (row.partial, row.span.counted) for row in result.weeks}
    assert parts == {
        "w/c 29/12/2025": (True, "Thu 01/01 to Sun 04/01"),
        "w/c 05/01/2026": (False, "Mon 05/01 to Sun 11/01"),
        "w/c 12/01/2026": (False, "Mon 12/01 to Sun 18/01"),
        "w/c 19/01/2026": (False, "Mon 19/01 to Sun 25/01"),
        "w/c 26/01/2026": (True, "Mon 26/01 to Sat 31/01"),
    }


def test_no_weeks_before_the_chosen_practices_first_record(
    database: Database, ids: dict[str, int]
) -> None:
    with database.unit_of_work() as session:
        other_only = analyse(
            session,
            acting_manager(session),
            *JANUARY,
            Assumptions(),
            practice_ids=(ids["other"],),
        )
        nothing_yet = analyse(
            session, acting_manager(session), date(2025, 11, 1), date(2025, 11, 30), Assumptions()
        )
    # The other practice's first record is on Tuesday 20 January: its week counts from then.
    assert [(row.label, row.figures.signposts) for row in other_only.weeks] == [
        ("w/c 19/01/2026", 1),
        ("w/c 26/01/2026", 0),
    ]
    assert other_only.weeks[0].partial and other_only.weeks[0].span.counted == (
        "Tue 20/01 to Sun 25/01"
    )
    assert nothing_yet.weeks == []


def test_summer_time_moves_late_evening_records_to_the_next_day(database: Database) -> None:
    with database.unit_of_work() as session:
        practice_id = make_practice(session).id
    # Sunday 5 July 2026 23:30 UTC is Monday 6 July 00:30 in London (BST).
    record_signpost(
        database,
        SignpostRequest(
            practice_id,
            Outcome.NO_SUITABLE_SERVICE,
            recorded_at=datetime(2026, 7, 5, 23, 30, tzinfo=UTC),
        ),
    )
    with database.unit_of_work() as session:
        sunday_only = analyse(
            session, acting_manager(session), date(2026, 7, 5), date(2026, 7, 5), Assumptions()
        )
        week = analyse(
            session, acting_manager(session), date(2026, 6, 29), date(2026, 7, 12), Assumptions()
        )
    assert sunday_only.total.signposts == 0
    # The week of 29/06 was before the first record: not shown as a week of none.
    assert {r.label: r.figures.signposts for r in week.weeks} == {"w/c 06/07/2026": 1}


@pytest.mark.parametrize(
    "bad",
    [
        Assumptions(minutes_per_appointment=0),
        Assumptions(share_avoided=1.5),
        Assumptions(cost_per_appointment=-1),
    ],
)
def test_bad_assumptions_are_refused(database: Database, bad: Assumptions) -> None:
    with pytest.raises(ValidationError), database.unit_of_work() as session:
        save_assumptions(session, make_member(session, Role.MANAGER), None, bad)


def test_reconciliation_against_coded_activity(database: Database, ids: dict[str, int]) -> None:
    from signposting.db.models import Service, ServiceCode  # noqa: PLC0415

    with database.unit_of_work() as session:
        session.get_one(Service, ids["physio"]).snomed_code = "308447003"
        session.get_one(Service, ids["physio"]).snomed_term = "Referral to physiotherapist"
        session.add(
            ServiceCode(
                practice_id=ids["practice"],
                service_id=ids["pharmacy"],
                code="EMISLOC1",
                term="Signposted to pharmacy",
            )
        )
        for code, count in (("308447003", 5), ("390866009", 2)):
            session.add(
                ImportedCount(
                    kind="coded_signposts",
                    ods_code="A81001",
                    code=code,
                    term="from EMIS",
                    count=count,
                    source_file="c.csv",
                    period_start=date(2026, 1, 1),
                    period_end=date(2026, 1, 31),
                )
            )
    with database.unit_of_work() as session:
        rows = {
            r.code: (r.desk, r.coded, r.difference)
            for r in analyse(
                session, acting_manager(session), *JANUARY, Assumptions()
            ).reconciliation
        }
    assert rows == {
        "308447003": (6, 5, -1),
        "390866009": (0, 2, 2),
        "EMISLOC1": (4, 0, -4),
    }
