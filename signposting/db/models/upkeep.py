"""Directory upkeep: services flagged by desk staff as possibly out of date."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from signposting.db.base import Base, UTCDateTime, utc_now
from signposting.db.models.directory import Service
from signposting.db.models.organisation import StaffMember


class ServiceFlag(Base):
    """A note from the desk that a service card may be wrong, waiting for a manager to verify."""

    __tablename__ = "service_flag"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(
        sa.ForeignKey("service.id", ondelete="CASCADE"), index=True
    )
    raised_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_member.id"))
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    comment: Mapped[str] = mapped_column(sa.Text)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_member.id"))

    service: Mapped[Service] = relationship()
    raised_by: Mapped[StaffMember | None] = relationship(foreign_keys=[raised_by_id])
    resolved_by: Mapped[StaffMember | None] = relationship(foreign_keys=[resolved_by_id])

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class PracticeServiceSetting(Base):
    """One practice's view of a shared service: hidden at its desks, and its own local notes.
    The service itself, as the other practices see it, is unchanged."""

    __tablename__ = "practice_service_setting"
    __table_args__ = (
        sa.UniqueConstraint("practice_id", "service_id", name="uq_practice_service_setting_pair"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(sa.ForeignKey("practice.id"))
    service_id: Mapped[int] = mapped_column(sa.ForeignKey("service.id", ondelete="CASCADE"))
    hidden: Mapped[bool] = mapped_column(default=False)
    local_notes: Mapped[str] = mapped_column(sa.Text, default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now, onupdate=utc_now)
