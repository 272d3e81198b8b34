"""Made-up signpost records for the demo practice, so reports and dashboards have data to show."""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.db.models import Practice, Service, SignpostRecord, StaffMember
from signposting.directory.demo import DEMO_PRACTICE
from signposting.directory.opening import UK
from signposting.domain import AgeBand, Channel, Outcome, Role
from signposting.errors import ValidationError

OUTCOME_WEIGHTS = {
    Outcome.ACCEPTED: 78,
    Outcome.DECLINED: 8,
    Outcome.NO_SUITABLE_SERVICE: 7,
    Outcome.BOOKED_CLINICIAN: 5,
    Outcome.RED_FLAG_ESCALATED: 2,
}
CATEGORY_WEIGHTS = {"Community pharmacy": 30, "Musculoskeletal": 15, "Practice admin": 12}


def add_demo_records(session: Session, days: int, today: date, seed: int = 2026) -> int:
    """Add ``days`` of weekday records ending ``today``, only where the demo practice is."""
    practice = session.scalars(
        sa.select(Practice).where(Practice.ods_code == DEMO_PRACTICE[1])
    ).first()
    if practice is None:
        raise ValidationError(
            "made-up records go only into the demo database: `signposting --demo demo records`"
        )
    rng = random.Random(seed)
    staff = list(
        session.scalars(sa.select(StaffMember.id).where(StaffMember.role == Role.RECEPTIONIST))
    )
    services = list(session.execute(sa.select(Service.id, Service.category)))
    weights = [CATEGORY_WEIGHTS.get(category, 3) for _, category in services]
    red_flags = [row[0] for row in session.execute(sa.text("SELECT id FROM red_flag_protocol"))]
    outcomes, outcome_weights = list(OUTCOME_WEIGHTS), list(OUTCOME_WEIGHTS.values())
    rows = []
    for offset in range(days):
        day = today - timedelta(days=offset)
        if day.weekday() >= 5:
            continue
        for _ in range(rng.randint(20, 45)):
            moment = datetime.combine(day, time(8), UK) + timedelta(minutes=rng.randint(0, 630))
            outcome = rng.choices(outcomes, outcome_weights)[0]
            service_id = None
            red_flag_id = None
            if outcome is Outcome.RED_FLAG_ESCALATED:
                red_flag_id = rng.choice(red_flags)
            elif outcome is not Outcome.NO_SUITABLE_SERVICE:
                service_id = rng.choices(services, weights)[0][0]
            rows.append(
                {
                    "uuid": str(uuid.UUID(int=rng.getrandbits(128))),
                    "recorded_at": moment,
                    "practice_id": practice.id,
                    "staff_id": rng.choice(staff) if staff else None,
                    "service_id": service_id,
                    "red_flag_id": red_flag_id,
                    "outcome": outcome,
                    "channel": rng.choices(list(Channel), [85, 12, 3])[0],
                    "age_band": rng.choice([None, *AgeBand]),
                }
            )
    if rows:
        session.execute(sa.insert(SignpostRecord), rows)
    return len(rows)
