"""Choosing signpost records by date, practice, staff member, service and outcome."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from signposting.db.models import SignpostRecord
from signposting.directory.opening import UK
from signposting.domain import Outcome


@dataclass(frozen=True)
class RecordFilter:
    """Which records: dates are inclusive UK dates; empty tuples mean all."""

    start: date | None = None
    end: date | None = None
    practice_ids: tuple[int, ...] = ()
    staff_ids: tuple[int, ...] = ()
    service_ids: tuple[int, ...] = ()
    outcomes: tuple[Outcome, ...] = ()

    def where(self) -> list[sa.ColumnElement[bool]]:
        clauses: list[sa.ColumnElement[bool]] = []
        if self.start is not None:
            clauses.append(SignpostRecord.recorded_at >= _uk_midnight(self.start))
        if self.end is not None:
            clauses.append(SignpostRecord.recorded_at < _uk_midnight(self.end + timedelta(days=1)))
        for column, values in (
            (SignpostRecord.practice_id, self.practice_ids),
            (SignpostRecord.staff_id, self.staff_ids),
            (SignpostRecord.service_id, self.service_ids),
        ):
            if values:
                clauses.append(column.in_(values))
        if self.outcomes:
            clauses.append(SignpostRecord.outcome.in_(self.outcomes))
        return clauses


def _uk_midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, UK)
