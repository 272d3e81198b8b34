"""The service directory and the red-flag protocols."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from signposting.db.base import Base, UTCDateTime, enum_type, utc_now
from signposting.db.models.organisation import StaffMember
from signposting.domain import ServiceStatus, Urgency


class Service(Base):
    """A directory entry: somewhere a receptionist can send a patient instead of a GP appointment.

    List fields hold JSON: ``conditions`` and ``keywords`` are lists of strings;
    ``opening_sessions`` is a list of ``{"day", "opens", "closes"}`` (several a day allowed);
    ``closures`` is a list of ``{"start", "end", "reason"}`` with ISO dates.
    """

    __tablename__ = "service"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(80), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    category: Mapped[str] = mapped_column(sa.String(80), index=True)
    conditions: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    keywords: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    access_methods: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    min_age: Mapped[int | None]
    max_age: Mapped[int | None]
    eligibility_notes: Mapped[str] = mapped_column(sa.Text, default="")
    exclusions: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    website: Mapped[str | None] = mapped_column(sa.String(500))
    address: Mapped[str] = mapped_column(sa.Text, default="")
    opening_sessions: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    closures: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    status: Mapped[ServiceStatus] = mapped_column(
        enum_type(ServiceStatus, "service_status"), default=ServiceStatus.ACTIVE
    )
    alert: Mapped[str] = mapped_column(sa.String(500), default="")
    patient_script: Mapped[str] = mapped_column(sa.Text, default="")
    snomed_code: Mapped[str | None] = mapped_column(sa.String(20))
    snomed_term: Mapped[str | None] = mapped_column(sa.String(255))
    last_verified: Mapped[date | None]
    #: What an import had that the data model has no place for, kept rather than dropped.
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    review_interval_days: Mapped[int] = mapped_column(default=180)
    is_example: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now, onupdate=utc_now)
    version: Mapped[int] = mapped_column(default=1)

    __table_args__ = (
        sa.CheckConstraint(
            "min_age IS NULL OR max_age IS NULL OR min_age <= max_age", name="age_band_order"
        ),
        sa.CheckConstraint("review_interval_days > 0", name="review_interval_positive"),
    )
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    def accepts_age(self, years: int) -> bool:
        """Whether a patient of this age falls inside the service's age band."""
        if self.min_age is not None and years < self.min_age:
            return False
        return self.max_age is None or years <= self.max_age


class RedFlagProtocol(Base):
    """A GP-approved red flag: how it is recognised, how urgent it is, what the receptionist does.

    ``symptoms`` are the clinical signs; ``rules`` and ``modifiers`` (JSON, see
    ``signposting.redflags.rules``) recognise them in callers' words through the thesaurus;
    ``examples`` are calls the protocol must raise, run against every change before sign-off.
    """

    __tablename__ = "red_flag_protocol"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(80), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    symptoms: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    rules: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    modifiers: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    examples: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    urgency: Mapped[Urgency] = mapped_column(enum_type(Urgency, "urgency"), index=True)
    action: Mapped[str] = mapped_column(sa.String(300))
    script: Mapped[str] = mapped_column(sa.Text, default="")
    signed_off_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_member.id"))
    signed_off_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    review_date: Mapped[date | None]
    is_example: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now, onupdate=utc_now)
    version: Mapped[int] = mapped_column(default=1)

    signed_off_by: Mapped[StaffMember | None] = relationship()

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    @property
    def is_signed_off(self) -> bool:
        return self.signed_off_at is not None
