"""Signposts turned into GP appointments avoided, time and money released, on stated assumptions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.accounts.permissions import Permission, require
from signposting.analysis.appointment_months import (
    AppointmentComparison,
    compare_with_appointments,
)
from signposting.analysis.assumptions import Assumptions
from signposting.analysis.reconcile import ReconcileRow, reconcile
from signposting.analysis.weeks import WeekSpan, week_spans
from signposting.db.models import (
    ImportedCount,
    Practice,
    RedFlagProtocol,
    Service,
    SignpostRecord,
    StaffMember,
)
from signposting.directory.opening import UK
from signposting.domain import Outcome
from signposting.recording.filters import RecordFilter
from signposting.training.database import refuse_training_records

GP_APPOINTMENTS = "gp_appointments"


@dataclass(frozen=True)
class Counts:
    """Records by outcome."""

    by_outcome: dict[Outcome, int] = field(default_factory=dict)

    @property
    def signposts(self) -> int:
        return sum(self.by_outcome.values())

    def __getitem__(self, outcome: Outcome) -> int:
        return self.by_outcome.get(outcome, 0)

    def plus(self, other: Counts) -> Counts:
        merged = dict(self.by_outcome)
        for outcome, count in other.by_outcome.items():
            merged[outcome] = merged.get(outcome, 0) + count
        return Counts(merged)


@dataclass(frozen=True)
class Figures:
    """The counts and what they are worth on the assumptions."""

    counts: Counts
    assumptions: Assumptions

    @property
    def signposts(self) -> int:
        return self.counts.signposts

    @property
    def accepted(self) -> int:
        return self.counts[Outcome.ACCEPTED]

    @property
    def declined(self) -> int:
        return self.counts[Outcome.DECLINED]

    @property
    def escalated(self) -> int:
        return self.counts[Outcome.RED_FLAG_ESCALATED]

    @property
    def appointments_avoided(self) -> float:
        return self.accepted * self.assumptions.share_avoided

    @property
    def minutes(self) -> float:
        return self.appointments_avoided * self.assumptions.minutes_per_appointment

    @property
    def hours(self) -> float:
        return self.minutes / 60

    @property
    def cost(self) -> float:
        return self.appointments_avoided * self.assumptions.cost_per_appointment

    def share(self, part: int) -> float | None:
        return part / self.signposts if self.signposts else None


@dataclass(frozen=True)
class Breakdown:
    label: str
    figures: Figures


@dataclass(frozen=True)
class WeekBreakdown(Breakdown):
    """One week's figures, and which of its days were counted (a part week says so)."""

    span: WeekSpan

    @property
    def partial(self) -> bool:
        return self.span.partial


@dataclass(frozen=True)
class SavingsAnalysis:
    """Everything the report and the dashboard show for one period and selection."""

    start: date
    end: date
    practices: list[str]
    assumptions: Assumptions
    total: Figures
    weeks: list[WeekBreakdown]
    services: list[Breakdown]
    staff: list[Breakdown]
    by_practice: list[Breakdown]
    categories: list[Breakdown]
    gp_appointments: int | None
    reconciliation: list[ReconcileRow] = field(default_factory=list)
    #: Signposts per month beside NHS England's published appointment counts.
    appointments: AppointmentComparison | None = None

    @property
    def share_of_gp_time(self) -> float | None:
        """GP consultation time released, as a share of the time in the GP appointments."""
        if not self.gp_appointments:
            return None
        return self.total.minutes / (
            self.gp_appointments * self.assumptions.minutes_per_appointment
        )


def _counts_by(session: Session, filters: RecordFilter, key: Any) -> dict[Any, Counts]:
    query = sa.select(
        key, sa.type_coerce(SignpostRecord.outcome, sa.String), sa.func.count()
    ).select_from(SignpostRecord)
    if getattr(key, "class_", None) is Service:
        query = query.join(Service, Service.id == SignpostRecord.service_id)
    rows = session.execute(query.where(*filters.where()).group_by(key, SignpostRecord.outcome))
    found: dict[Any, dict[Outcome, int]] = {}
    for group, outcome, count in rows:
        found.setdefault(group, {})[Outcome(outcome)] = int(count)
    return {group: Counts(by_outcome) for group, by_outcome in found.items()}


def _hour_bucket(session: Session) -> Any:
    """The UTC hour of each record; UK dates follow exactly, as offsets change on the hour."""
    if session.get_bind().dialect.name == "sqlite":
        return sa.func.substr(sa.type_coerce(SignpostRecord.recorded_at, sa.String), 1, 13)
    return sa.func.date_trunc("hour", SignpostRecord.recorded_at)


def _uk_day(bucket: Any) -> date:
    moment = datetime.fromisoformat(bucket + ":00") if isinstance(bucket, str) else bucket
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UK).date()


def records_began(session: Session, practice_ids: tuple[int, ...] = ()) -> date | None:
    """The UK day of the first record of these practices (of any, if none are named)."""
    first = session.scalar(
        sa.select(sa.func.min(SignpostRecord.recorded_at)).where(
            *RecordFilter(practice_ids=practice_ids).where()
        )
    )
    return None if first is None else _uk_day(first)


def _weeks(
    session: Session, filters: RecordFilter, start: date, end: date, assumptions: Assumptions
) -> list[WeekBreakdown]:
    """Counts per week (Monday start), every week of the period present, empty or not, from
    the week the first record was made: a week before any record would read as a bad one."""
    spans = week_spans(start, end, records_began(session, filters.practice_ids))
    weeks: dict[date, Counts] = {span.monday: Counts() for span in spans}
    for bucket, counts in _counts_by(session, filters, _hour_bucket(session)).items():
        day = _uk_day(bucket)
        week = day - timedelta(days=day.weekday())
        weeks[week] = weeks.get(week, Counts()).plus(counts)
    return [
        WeekBreakdown(span.label, Figures(weeks[span.monday], assumptions), span) for span in spans
    ]


def gp_appointments(session: Session, start: date, end: date, ods_codes: list[str]) -> int | None:
    """GP appointments imported from the clinical system for periods inside the dates."""
    query = sa.select(sa.func.sum(ImportedCount.count)).where(
        ImportedCount.kind == GP_APPOINTMENTS,
        ImportedCount.period_start >= start,
        ImportedCount.period_end <= end,
    )
    if ods_codes:
        query = query.where(ImportedCount.ods_code.in_(ods_codes))
    total = session.scalar(query)
    return int(total) if total else None


def _grouped(session: Session, filters: RecordFilter) -> list[tuple[Any, ...]]:
    """One pass over the records: counts per service, red flag, staff, practice and outcome.
    Every breakdown but the weekly one is summed from these few thousand groups in Python."""
    keys = (
        SignpostRecord.service_id,
        SignpostRecord.red_flag_id,
        SignpostRecord.staff_id,
        SignpostRecord.practice_id,
        SignpostRecord.outcome,
    )
    query = sa.select(*keys, sa.func.count()).where(*filters.where()).group_by(*keys)
    return [tuple(row) for row in session.execute(query)]


def _sum_by(
    groups: list[tuple[Any, ...]], position: Any, names: dict[Any, str], assumptions: Assumptions
) -> list[Breakdown]:
    """Breakdowns keyed by one column of the groups (or a function of a group), named."""
    merged: dict[Any, dict[Outcome, int]] = {}
    for group in groups:
        key = position(group) if callable(position) else group[position]
        if key is None:
            continue
        by_outcome = merged.setdefault(key, {})
        by_outcome[group[4]] = by_outcome.get(group[4], 0) + group[5]
    rows = [
        Breakdown(names.get(key, str(key)), Figures(Counts(counts), assumptions))
        for key, counts in merged.items()
    ]
    return sorted(rows, key=lambda row: (-row.figures.signposts, row.label))


def analyse(
    session: Session,
    actor: StaffMember | None,
    start: date,
    end: date,
    assumptions: Assumptions,
    *,
    practice_ids: tuple[int, ...] = (),
) -> SavingsAnalysis:
    """The savings analysis for a period (inclusive UK dates) and, optionally, some practices.
    It names staff and services, so only roles that may read reports get it."""
    refuse_training_records(session)
    require(actor, Permission.READ_REPORTS)
    filters = RecordFilter(start=start, end=end, practice_ids=practice_ids)
    practices = {p.id: p for p in session.scalars(sa.select(Practice))}
    chosen = [practices[i] for i in practice_ids if i in practices] or list(practices.values())
    groups = _grouped(session, filters)
    total: dict[Outcome, int] = {}
    for group in groups:
        total[group[4]] = total.get(group[4], 0) + group[5]
    service_names = dict(session.execute(sa.select(Service.id, Service.name)).all())
    category_of = dict(session.execute(sa.select(Service.id, Service.category)).all())
    red_flags = dict(session.execute(sa.select(RedFlagProtocol.id, RedFlagProtocol.title)).all())
    staff_names = dict(session.execute(sa.select(StaffMember.id, StaffMember.name)).all())
    ods_codes = [p.ods_code for p in chosen]
    return SavingsAnalysis(
        start=start,
        end=end,
        practices=[p.name for p in chosen],
        assumptions=assumptions,
        total=Figures(Counts(total), assumptions),
        weeks=_weeks(session, filters, start, end, assumptions),
        services=_sum_by(groups, 0, service_names, assumptions)
        + _sum_by(groups, 1, red_flags, assumptions),
        staff=_sum_by(groups, 2, staff_names, assumptions),
        by_practice=_sum_by(groups, 3, {i: p.name for i, p in practices.items()}, assumptions),
        categories=_sum_by(groups, lambda g: category_of.get(g[0]), {}, assumptions),
        gp_appointments=gp_appointments(session, start, end, ods_codes),
        reconciliation=reconcile(session, start, end, ods_codes, groups),
        appointments=compare_with_appointments(
            session, actor, start, end, ods_codes=ods_codes, practice_ids=practice_ids
        ),
    )
