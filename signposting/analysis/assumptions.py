"""The figures that turn signposts into GP time and money, each with its source."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.accounts.permissions import Permission, require
from signposting.db.models import SavingsAssumptions, StaffMember
from signposting.errors import ValidationError


@dataclass(frozen=True)
class Assumptions:
    """Editable by each practice; shown beside every figure they produce."""

    minutes_per_appointment: float = 10.0
    minutes_source: str = (
        "Time for Care counted 10-minute GP appointments (measured: 9.24 min face to face, "
        "5.32 min by phone; Stevens et al., BMJ Open 2017)"
    )
    share_avoided: float = 1.0
    share_source: str = (
        "Time for Care counted each accepted signpost as one GP appointment avoided "
        "(Wakefield: under 5% of pharmacy-navigated patients came back to the GP)"
    )
    cost_per_appointment: float = 30.0
    cost_source: str = "Time for Care costed a GP appointment at £30"

    def validate(self) -> Assumptions:
        if not self.minutes_per_appointment > 0:
            raise ValidationError("minutes per GP appointment must be more than 0")
        if not 0 <= self.share_avoided <= 1:
            raise ValidationError("the share of signposts that avoid an appointment is 0 to 1")
        if self.cost_per_appointment < 0:
            raise ValidationError("the cost per appointment cannot be negative")
        return self


def load_assumptions(session: Session, practice_id: int | None) -> Assumptions:
    """The practice's own figures, else the network default row, else the published defaults."""
    for candidate in (practice_id, None):
        row = session.scalars(
            sa.select(SavingsAssumptions).where(
                SavingsAssumptions.practice_id.is_(None)
                if candidate is None
                else SavingsAssumptions.practice_id == candidate
            )
        ).first()
        if row is not None:
            return Assumptions(
                row.minutes_per_appointment,
                row.minutes_source,
                row.share_avoided,
                row.share_source,
                row.cost_per_appointment,
                row.cost_source,
            )
    return Assumptions()


def save_assumptions(
    session: Session, actor: StaffMember | None, practice_id: int | None, values: Assumptions
) -> None:
    """Store a practice's figures (or the network default with ``practice_id`` None)."""
    require(actor, Permission.SET_SAVINGS_ASSUMPTIONS)
    values.validate()
    row = session.scalars(
        sa.select(SavingsAssumptions).where(
            SavingsAssumptions.practice_id.is_(None)
            if practice_id is None
            else SavingsAssumptions.practice_id == practice_id
        )
    ).first()
    if row is None:
        row = SavingsAssumptions(practice_id=practice_id)
        session.add(row)
    row.minutes_per_appointment = values.minutes_per_appointment
    row.minutes_source = values.minutes_source
    row.share_avoided = values.share_avoided
    row.share_source = values.share_source
    row.cost_per_appointment = values.cost_per_appointment
    row.cost_source = values.cost_source
