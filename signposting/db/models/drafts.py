"""Red-flag protocol changes waiting for a clinician's sign-off."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from signposting.db.base import Base, UTCDateTime, enum_type, utc_now
from signposting.db.models.directory import RedFlagProtocol
from signposting.db.models.organisation import StaffMember
from signposting.domain import Urgency


class RedFlagDraft(Base):
    """A proposed new protocol or change to one. The desk keeps using the signed-off protocol
    until a clinician signs this off; ``protocol_id`` is None for a new protocol."""

    __tablename__ = "red_flag_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    protocol_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("red_flag_protocol.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(sa.String(80))
    title: Mapped[str] = mapped_column(sa.String(200))
    symptoms: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    phrases: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    urgency: Mapped[Urgency] = mapped_column(enum_type(Urgency, "draft_urgency"))
    action: Mapped[str] = mapped_column(sa.String(300))
    script: Mapped[str] = mapped_column(sa.Text, default="")
    note: Mapped[str] = mapped_column(sa.Text, default="")
    drafted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_member.id"))
    drafted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    signed_off_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_member.id"))
    signed_off_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    rejected_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    protocol: Mapped[RedFlagProtocol | None] = relationship()
    drafted_by: Mapped[StaffMember | None] = relationship(foreign_keys=[drafted_by_id])
    signed_off_by: Mapped[StaffMember | None] = relationship(foreign_keys=[signed_off_by_id])

    @property
    def is_pending(self) -> bool:
        return self.signed_off_at is None and self.rejected_at is None
