"""Training: caller scenarios, rehearsals and their scored calls, go-live readiness.

These live in the live database (they are about staff, never about patients). The signposts a
trainee records go to the separate training database, marked by its ``training_copy`` row.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from signposting.db.base import Base, UTCDateTime, enum_type, utc_now
from signposting.db.models.organisation import Practice, StaffMember
from signposting.domain import Outcome, ScenarioCategory, Urgency


class TrainingScenario(Base):
    """A caller for a rehearsal: who they are, what they say, and what the right result is."""

    __tablename__ = "training_scenario"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(80), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    category: Mapped[ScenarioCategory] = mapped_column(
        enum_type(ScenarioCategory, "scenario_category")
    )
    persona_name: Mapped[str] = mapped_column(sa.String(120))
    persona_age: Mapped[int | None]
    persona_manner: Mapped[str] = mapped_column(sa.Text, default="")
    opening_line: Mapped[str] = mapped_column(sa.Text)
    #: ``[{"question": ..., "answer": ...}]``: what the caller says when asked.
    answers: Mapped[list[dict[str, str]]] = mapped_column(sa.JSON, default=list)
    expected_services: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    expected_outcomes: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    expected_red_flags: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    expected_urgency: Mapped[Urgency | None] = mapped_column(enum_type(Urgency, "urgency"))
    hidden_red_flag: Mapped[bool] = mapped_column(default=False)
    teaching_points: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    is_example: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now, onupdate=utc_now)


class Rehearsal(Base):
    """One go-live rehearsal: a trainer dealing scenarios to one or more trainees."""

    __tablename__ = "rehearsal"

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(sa.ForeignKey("practice.id"), index=True)
    trainer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_member.id"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    shuffled: Mapped[bool] = mapped_column(default=False)

    practice: Mapped[Practice] = relationship()
    trainer: Mapped[StaffMember | None] = relationship()
    calls: Mapped[list[RehearsalCall]] = relationship(
        back_populates="rehearsal", order_by="RehearsalCall.position", cascade="all"
    )


class RehearsalCall(Base):
    """One dealt call and, once played, how the trainee handled it.

    The whole scenario is copied in (``scenario_copy``), so later edits to it, or its removal,
    never change a rehearsal's script or a past score.
    """

    __tablename__ = "rehearsal_call"
    __table_args__ = (
        sa.UniqueConstraint("rehearsal_id", "position", name="uq_rehearsal_call_position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rehearsal_id: Mapped[int] = mapped_column(
        sa.ForeignKey("rehearsal.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    trainee_id: Mapped[int] = mapped_column(sa.ForeignKey("staff_member.id"), index=True)
    scenario_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("training_scenario.id", ondelete="SET NULL")
    )
    scenario_key: Mapped[str] = mapped_column(sa.String(80))
    scenario_title: Mapped[str] = mapped_column(sa.String(200))
    category: Mapped[ScenarioCategory] = mapped_column(
        enum_type(ScenarioCategory, "scenario_category")
    )
    scenario_copy: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    scored_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome: Mapped[Outcome | None] = mapped_column(enum_type(Outcome, "outcome"))
    service_key: Mapped[str | None] = mapped_column(sa.String(80))
    red_flag_key: Mapped[str | None] = mapped_column(sa.String(80))
    urgency: Mapped[Urgency | None] = mapped_column(enum_type(Urgency, "urgency"))
    seconds: Mapped[float | None]
    decision_right: Mapped[bool | None]
    urgency_right: Mapped[bool | None]
    missed_red_flag: Mapped[bool | None]
    points: Mapped[int | None]
    verdict: Mapped[str] = mapped_column(sa.Text, default="")

    rehearsal: Mapped[Rehearsal] = relationship(back_populates="calls")
    trainee: Mapped[StaffMember] = relationship()


class ReadinessTick(Base):
    """A go-live checklist item that only a person can confirm (services consulted, say)."""

    __tablename__ = "readiness_tick"
    __table_args__ = (sa.UniqueConstraint("practice_id", "item", name="uq_readiness_tick_item"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(sa.ForeignKey("practice.id"))
    item: Mapped[str] = mapped_column(sa.String(40))
    done: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    ticked_by: Mapped[str] = mapped_column(sa.String(120), default="")
    ticked_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now, onupdate=utc_now)


class GoLivePlan(Base):
    """The practice's go-live date and who records the phone message."""

    __tablename__ = "go_live_plan"

    id: Mapped[int] = mapped_column(primary_key=True)
    practice_id: Mapped[int] = mapped_column(sa.ForeignKey("practice.id"), unique=True)
    go_live_date: Mapped[date | None]
    senior_gp: Mapped[str] = mapped_column(sa.String(120), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now, onupdate=utc_now)


class TrainingCopy(Base):
    """Present only in a training database: where its directory was copied from, and when."""

    __tablename__ = "training_copy"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(sa.String(300))
    copied_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    copied_by: Mapped[str] = mapped_column(sa.String(120), default="")
