"""Signpost records: one row per call outcome, with no patient-identifiable data."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from signposting.db.base import Base, UTCDateTime, enum_type, utc_now
from signposting.db.models.directory import RedFlagProtocol, Service
from signposting.db.models.organisation import Practice, StaffMember
from signposting.domain import AgeBand, Channel, Outcome


def _new_uuid() -> str:
    return str(uuid.uuid4())


class SignpostRecord(Base):
    """Who signposted a caller to what, when, by which channel, and whether it was accepted.

    ``uuid`` is made where the record is made, so a record queued offline and sent twice is
    stored once.
    """

    __tablename__ = "signpost_record"

    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(sa.String(36), unique=True, default=_new_uuid)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now, index=True)
    practice_id: Mapped[int] = mapped_column(sa.ForeignKey("practice.id"), index=True)
    staff_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_member.id"), index=True)
    service_id: Mapped[int | None] = mapped_column(sa.ForeignKey("service.id"), index=True)
    red_flag_id: Mapped[int | None] = mapped_column(sa.ForeignKey("red_flag_protocol.id"))
    outcome: Mapped[Outcome] = mapped_column(enum_type(Outcome, "outcome"))
    channel: Mapped[Channel] = mapped_column(enum_type(Channel, "channel"), default=Channel.PHONE)
    age_band: Mapped[AgeBand | None] = mapped_column(enum_type(AgeBand, "age_band"))

    practice: Mapped[Practice] = relationship()
    staff: Mapped[StaffMember | None] = relationship()
    service: Mapped[Service | None] = relationship()
    red_flag: Mapped[RedFlagProtocol | None] = relationship()

    __table_args__ = (
        sa.CheckConstraint("service_id IS NULL OR red_flag_id IS NULL", name="service_or_red_flag"),
        sa.CheckConstraint(
            "(outcome = 'red_flag_escalated') = (red_flag_id IS NOT NULL)",
            name="red_flag_matches_outcome",
        ),
    )
