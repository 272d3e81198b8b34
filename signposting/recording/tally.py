"""A member of staff's figures for today, with the assumption behind the minutes saved."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.db.models import SignpostRecord
from signposting.directory.opening import UK
from signposting.domain import Outcome

#: Time for Care counted each avoided GP appointment as 10 minutes (see docs and DOMAIN notes).
DEFAULT_MINUTES_PER_APPOINTMENT = 10.0
ASSUMPTION = "each accepted signpost counted as one 10-minute GP appointment (Time for Care)"


@dataclass(frozen=True)
class Tally:
    """Signposts made, accepted, and the GP minutes that may have been saved."""

    signposts: int
    accepted: int
    escalated: int
    minutes_per_appointment: float = DEFAULT_MINUTES_PER_APPOINTMENT

    @property
    def minutes_saved(self) -> float:
        return self.accepted * self.minutes_per_appointment


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """Midnight to midnight, London time, as UTC-comparable moments."""
    start = datetime.combine(day, time.min, UK)
    return start, start + timedelta(days=1)


def staff_tally(session: Session, staff_id: int, day: date) -> Tally:
    """What this member of staff recorded on ``day`` (London time)."""
    start, end = day_bounds(day)
    rows = session.execute(
        sa.select(SignpostRecord.outcome, sa.func.count())
        .where(
            SignpostRecord.staff_id == staff_id,
            SignpostRecord.recorded_at >= start,
            SignpostRecord.recorded_at < end,
        )
        .group_by(SignpostRecord.outcome)
    ).all()
    counts = {Outcome(outcome): int(count) for outcome, count in rows}
    return Tally(
        signposts=sum(counts.values()),
        accepted=counts.get(Outcome.ACCEPTED, 0),
        escalated=counts.get(Outcome.RED_FLAG_ESCALATED, 0),
    )
