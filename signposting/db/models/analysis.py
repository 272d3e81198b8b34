"""Codes, savings assumptions and figures imported from the clinical system."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from signposting.db.base import Base, UTCDateTime, utc_now
from signposting.db.models.directory import Service
from signposting.db.models.organisation import Practice


class ServiceCode(Base):
    """The code a practice's own EMIS or SystmOne template uses for a service."""

    __tablename__ = "service_code"
    __table_args__ = (
        sa.UniqueConstraint("practice_id", "service_id", name="uq_service_code_practice_service"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(sa.ForeignKey("practice.id"))
    service_id: Mapped[int] = mapped_column(sa.ForeignKey("service.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(sa.String(20))
    term: Mapped[str] = mapped_column(sa.String(255))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now, onupdate=utc_now)

    practice: Mapped[Practice] = relationship()
    service: Mapped[Service] = relationship()


class SavingsAssumptions(Base):
    """A practice's figures for turning signposts into GP time and money (None: the default)."""

    __tablename__ = "savings_assumptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int | None] = mapped_column(sa.ForeignKey("practice.id"), unique=True)
    minutes_per_appointment: Mapped[float]
    minutes_source: Mapped[str] = mapped_column(sa.String(300))
    share_avoided: Mapped[float]
    share_source: Mapped[str] = mapped_column(sa.String(300))
    cost_per_appointment: Mapped[float]
    cost_source: Mapped[str] = mapped_column(sa.String(300))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now, onupdate=utc_now)

    __table_args__ = (
        sa.CheckConstraint("minutes_per_appointment > 0", name="minutes_positive"),
        sa.CheckConstraint("share_avoided >= 0 AND share_avoided <= 1", name="share_in_range"),
        sa.CheckConstraint("cost_per_appointment >= 0", name="cost_not_negative"),
    )


class ImportedCount(Base):
    """A count read from a clinical-system report: GP appointments, or a code's uses."""

    __tablename__ = "imported_count"
    __table_args__ = (sa.Index("ix_imported_count_kind_period", "kind", "period_start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(32))
    ods_code: Mapped[str] = mapped_column(sa.String(12))
    period_start: Mapped[date]
    period_end: Mapped[date]
    code: Mapped[str | None] = mapped_column(sa.String(20))
    term: Mapped[str] = mapped_column(sa.String(255), default="")
    count: Mapped[int]
    source_file: Mapped[str] = mapped_column(sa.String(255))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


class NationalAppointmentCount(Base):
    """Appointments one practice had in one month, from NHS England's practice-level
    "Appointments in General Practice" file, summed by professional, status and mode."""

    __tablename__ = "national_appointment_count"
    __table_args__ = (
        sa.UniqueConstraint(
            "ods_code", "month", "hcp_type", "status", "mode", name="uq_national_appointment_cell"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ods_code: Mapped[str] = mapped_column(sa.String(12))
    #: The first day of the month the appointments were in.
    month: Mapped[date]
    hcp_type: Mapped[str] = mapped_column(sa.String(24))
    status: Mapped[str] = mapped_column(sa.String(24))
    mode: Mapped[str] = mapped_column(sa.String(24))
    count: Mapped[int]
    source_file: Mapped[str] = mapped_column(sa.String(255))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
