"""Live Open Referral feeds the directory refreshes from, and the changes they offer, which wait
in the review queue for a manager rather than being applied unseen."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from signposting.db.base import Base, UTCDateTime, enum_type, utc_now
from signposting.db.models.organisation import StaffMember
from signposting.db.models.upkeep import ServiceFlag


class FeedChangeKind(StrEnum):
    NEW = "new"
    CHANGED = "changed"


class DirectoryFeed(Base):
    """An ORUK API (its ``/services`` address) refreshed every ``every_days`` days, on behalf
    of the manager who added it unless another signs in to refresh it."""

    __tablename__ = "directory_feed"
    __table_args__ = (sa.CheckConstraint("every_days > 0", name="every_days_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(sa.String(2000), unique=True)
    every_days: Mapped[int]
    added_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_member.id"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    #: When the feed was last read and compared; None until the first refresh.
    last_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: What the last refresh found, or why it failed (a failed one leaves the feed due).
    last_result: Mapped[str] = mapped_column(sa.Text, default="")
    last_failed: Mapped[bool] = mapped_column(default=False)

    added_by: Mapped[StaffMember | None] = relationship()


class FeedChange(Base):
    """What a feed offers for one service (new, or changed fields), waiting for a manager to
    accept or dismiss it. A changed service is also flagged, so it shows in the review queue."""

    __tablename__ = "feed_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    feed_id: Mapped[int] = mapped_column(
        sa.ForeignKey("directory_feed.id", ondelete="CASCADE"), index=True
    )
    service_key: Mapped[str] = mapped_column(sa.String(80))
    service_id: Mapped[int | None] = mapped_column(sa.ForeignKey("service.id", ondelete="CASCADE"))
    flag_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("service_flag.id", ondelete="SET NULL")
    )
    kind: Mapped[FeedChangeKind] = mapped_column(enum_type(FeedChangeKind, "feed_change_kind"))
    #: The fields that differ from the directory when the change was found.
    fields: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    #: The service as the feed offers it, checked, as plain values keyed by field name.
    offered: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    found_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    resolved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_member.id"))
    #: How it was settled: accepted, dismissed, kept as verified, superseded, …
    outcome: Mapped[str] = mapped_column(sa.String(60), default="")

    feed: Mapped[DirectoryFeed] = relationship()
    flag: Mapped[ServiceFlag | None] = relationship()
