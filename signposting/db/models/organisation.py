"""Practices, the Primary Care Networks that group them, and their staff."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from signposting.db.base import Base, UTCDateTime, enum_type, utc_now
from signposting.domain import Role


class Network(Base):
    """A Primary Care Network: practices that share a directory and figures."""

    __tablename__ = "network"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    code: Mapped[str | None] = mapped_column(sa.String(12), unique=True)

    practices: Mapped[list[Practice]] = relationship(back_populates="network")


class Practice(Base):
    """A GP practice, identified by its ODS code."""

    __tablename__ = "practice"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    ods_code: Mapped[str] = mapped_column(sa.String(12), unique=True)
    network_id: Mapped[int | None] = mapped_column(sa.ForeignKey("network.id"), index=True)

    network: Mapped[Network | None] = relationship(back_populates="practices")


class StaffMember(Base):
    """Someone who records signposts, edits the directory or signs off protocols."""

    __tablename__ = "staff_member"
    __table_args__ = (
        sa.UniqueConstraint("practice_id", "name", name="uq_staff_member_practice_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    role: Mapped[Role] = mapped_column(enum_type(Role, "role"))
    practice_id: Mapped[int | None] = mapped_column(sa.ForeignKey("practice.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    #: Argon2 hash; None for receptionists, who pick their name at the desk without a password.
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))

    practice: Mapped[Practice | None] = relationship()


class SignInThrottle(Base):
    """Failed sign-ins in a row for one name, known or not, and until when it is locked."""

    __tablename__ = "sign_in_throttle"

    #: The name as typed, spacing tidied and case folded (unknown names are throttled alike).
    name_key: Mapped[str] = mapped_column(sa.String(120), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    last_failure_at: Mapped[datetime] = mapped_column(UTCDateTime())
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
