"""National appointment counts kept per practice and month, and signposts set against them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.accounts.permissions import Permission, require
from signposting.analysis.national_appointments import LABELS, NationalAppointments
from signposting.db.base import utc_now
from signposting.db.models import NationalAppointmentCount, SignpostRecord, StaffMember
from signposting.domain import Outcome
from signposting.recording.filters import RecordFilter

SOURCE = "NHS England, Appointments in General Practice (practice-level data)"


@dataclass(frozen=True)
class StoredAppointments:
    """What an import kept: practice-months, of which some replaced earlier imports."""

    practice_months: int
    replaced: int
    appointments: int


def store_national_appointments(
    session: Session, actor: StaffMember | None, found: NationalAppointments
) -> StoredAppointments:
    """Keep the counts. A practice-month imported before is replaced whole, so importing a file
    again (or a later release revising a month) never counts twice."""
    require(actor, Permission.IMPORT_CLINICAL_COUNTS)
    practice_months = sorted({(key[0], key[1]) for key in found.counts})
    replaced = 0
    for ods_code, month in practice_months:
        deleted = session.execute(
            sa.delete(NationalAppointmentCount).where(
                NationalAppointmentCount.ods_code == ods_code,
                NationalAppointmentCount.month == month,
            )
        )
        replaced += 1 if getattr(deleted, "rowcount", 0) else 0
    now = utc_now()
    session.execute(
        sa.insert(NationalAppointmentCount),
        [
            {
                "ods_code": ods_code,
                "month": month,
                "hcp_type": hcp_type,
                "status": status,
                "mode": mode,
                "count": count,
                "source_file": found.file[:255],
                "imported_at": now,
            }
            for (ods_code, month, hcp_type, status, mode), count in sorted(found.counts.items())
        ],
    )
    return StoredAppointments(len(practice_months), replaced, found.total)


@dataclass(frozen=True)
class MonthAgainstAppointments:
    """One calendar month: signposts recorded (in the period) beside the national counts."""

    month: date
    first_day: date
    last_day: date
    signposts: int
    accepted: int
    #: None when no selected practice has national data for the month.
    gp_appointments: int | None
    gp_attended: int | None
    all_appointments: int | None
    #: Selected practices with no national data for the month.
    without_data: tuple[str, ...]

    @property
    def whole_month(self) -> bool:
        return self.first_day == self.month and self.last_day == _month_end(self.month)

    @property
    def complete(self) -> bool:
        """National data for every selected practice, over the whole month."""
        return self.whole_month and self.gp_appointments is not None and not self.without_data

    def per_thousand(self, count: int) -> float | None:
        if not self.complete or not self.gp_appointments:
            return None
        return 1000 * count / self.gp_appointments


@dataclass(frozen=True)
class AppointmentComparison:
    """The months of a period, each with its signposts and national appointment counts."""

    months: list[MonthAgainstAppointments]
    ods_codes: list[str]
    #: The first and last month of national data held for these practices, if any.
    held_from: date | None
    held_to: date | None
    sources: list[str]
    last_imported: datetime | None

    @property
    def has_data(self) -> bool:
        return any(row.gp_appointments is not None for row in self.months)

    @property
    def complete_months(self) -> list[MonthAgainstAppointments]:
        return [row for row in self.months if row.complete]

    @property
    def missing_months(self) -> list[MonthAgainstAppointments]:
        return [row for row in self.months if row.gp_appointments is None]

    @property
    def signposts_per_thousand(self) -> float | None:
        """Over the months with complete data: signposts per 1,000 GP appointments."""
        rows = self.complete_months
        appointments = sum(row.gp_appointments or 0 for row in rows)
        if not appointments:
            return None
        return 1000 * sum(row.signposts for row in rows) / appointments


def _month_end(month: date) -> date:
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following - timedelta(days=1)


def _months(start: date, end: date) -> list[date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = _month_end(month) + timedelta(days=1)
    return months


def _signposts(
    session: Session, first: date, last: date, practice_ids: tuple[int, ...]
) -> tuple[int, int]:
    """Records, and accepted signposts, between two UK dates."""
    filters = RecordFilter(start=first, end=last, practice_ids=practice_ids)
    rows = session.execute(
        sa.select(sa.type_coerce(SignpostRecord.outcome, sa.String), sa.func.count())
        .where(*filters.where())
        .group_by(SignpostRecord.outcome)
    )
    counts = {Outcome(outcome): int(count) for outcome, count in rows}
    return sum(counts.values()), counts.get(Outcome.ACCEPTED, 0)


def compare_with_appointments(
    session: Session,
    actor: StaffMember | None,
    start: date,
    end: date,
    *,
    ods_codes: list[str],
    practice_ids: tuple[int, ...] = (),
) -> AppointmentComparison:
    """Every month the period touches, with signposts (of ``practice_ids``, or every practice
    when empty) beside the national counts of the practices with ``ods_codes``. It counts
    records, so only roles that may read reports get it."""
    require(actor, Permission.READ_REPORTS)
    months = _months(start, end)
    table = NationalAppointmentCount
    national: dict[date, dict[str, dict[tuple[str, str], int]]] = {}
    query = (
        sa.select(
            table.month, table.ods_code, table.hcp_type, table.status, sa.func.sum(table.count)
        )
        .where(table.ods_code.in_(ods_codes), table.month.between(months[0], months[-1]))
        .group_by(table.month, table.ods_code, table.hcp_type, table.status)
    )
    for month, ods_code, hcp_type, status, total in session.execute(query):
        cells = national.setdefault(month, {}).setdefault(ods_code, {})
        cells[(hcp_type, status)] = int(total)
    rows = []
    for month in months:
        first, last = max(month, start), min(_month_end(month), end)
        signposts, accepted = _signposts(session, first, last, practice_ids)
        held = national.get(month, {})
        totals = _totals(held)
        rows.append(
            MonthAgainstAppointments(
                month=month,
                first_day=first,
                last_day=last,
                signposts=signposts,
                accepted=accepted,
                gp_appointments=totals[0] if held else None,
                gp_attended=totals[1] if held else None,
                all_appointments=totals[2] if held else None,
                without_data=tuple(code for code in sorted(ods_codes) if code not in held),
            )
        )
    held_from, held_to, last_imported = session.execute(
        sa.select(
            sa.func.min(table.month), sa.func.max(table.month), sa.func.max(table.imported_at)
        ).where(table.ods_code.in_(ods_codes))
    ).one()
    sources = session.scalars(
        sa.select(table.source_file)
        .where(table.ods_code.in_(ods_codes), table.month.between(months[0], months[-1]))
        .group_by(table.source_file)
        .order_by(sa.func.max(table.imported_at).desc())
    ).all()
    return AppointmentComparison(
        months=rows,
        ods_codes=sorted(ods_codes),
        held_from=held_from,
        held_to=held_to,
        sources=list(sources),
        last_imported=last_imported,
    )


def _totals(held: dict[str, dict[tuple[str, str], int]]) -> tuple[int, int, int]:
    """GP appointments, GP appointments attended, and all appointments, over the practices."""
    gp = attended = every = 0
    for cells in held.values():
        for (hcp_type, status), count in cells.items():
            every += count
            if hcp_type == "gp":
                gp += count
                attended += count if status == "attended" else 0
    return gp, attended, every


def preview_lines(found: NationalAppointments) -> list[str]:
    """What an import would keep, practice by practice and month by month, in plain words."""
    kept = sum(found.rows_kept.values())
    lines = [
        f"{found.file}: NHS England practice-level appointments; {found.rows_read:,} rows read, "
        f"{kept:,} for the practices set up here"
    ]
    for code in found.practices:
        lines.append(f"  {code} {found.names.get(code, '')}".rstrip() + ":")
        for month in sorted({key[1] for key in found.counts if key[0] == code}):
            hcp = found.breakdown(code, month, "hcp_type")
            gp_status: dict[str, int] = {}
            for (ods, when, hcp_type, status, _mode), count in found.counts.items():
                if (ods, when, hcp_type) == (code, month, "gp"):
                    gp_status[status] = gp_status.get(status, 0) + count
            statuses = ", ".join(
                f"{LABELS[status]} {gp_status.get(status, 0):,}"
                for status in ("attended", "dna", "unknown")
            )
            lines.append(
                f"    {month:%b %Y}: {found.month_total(code, month):,} appointments; "
                f"GP {hcp.get('gp', 0):,} ({statuses}); "
                f"other practice staff {hcp.get('other', 0):,}; unknown {hcp.get('unknown', 0):,}"
            )
    if found.missing:
        lines.append(f"  no rows for {', '.join(found.missing)}: not in this file")
    return lines
