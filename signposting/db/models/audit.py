"""The audit log: every change to services and red-flag protocols, with before and after."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from signposting.db.base import Base, UTCDateTime, enum_type, utc_now
from signposting.db.models.organisation import StaffMember
from signposting.domain import AuditAction


class AuditEntry(Base):
    """One change to one audited row; ``before``/``after`` hold the changed fields' values."""

    __tablename__ = "audit_entry"
    __table_args__ = (sa.Index("ix_audit_entry_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now, index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_member.id"))
    actor_label: Mapped[str] = mapped_column(sa.String(120), default="")
    entity_type: Mapped[str] = mapped_column(sa.String(40))
    entity_id: Mapped[int]
    action: Mapped[AuditAction] = mapped_column(enum_type(AuditAction, "audit_action"))
    before: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)

    actor: Mapped[StaffMember | None] = relationship()
