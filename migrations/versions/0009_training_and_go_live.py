"""Training scenarios, rehearsals and their scored calls, go-live readiness, training marks.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 20:30:16.694650
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "training_copy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.Column("copied_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("copied_by", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_copy")),
    )
    op.create_table(
        "training_scenario",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "common",
                "eligibility",
                "red_flag",
                name="scenario_category",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("persona_name", sa.String(length=120), nullable=False),
        sa.Column("persona_age", sa.Integer(), nullable=True),
        sa.Column("persona_manner", sa.Text(), nullable=False),
        sa.Column("opening_line", sa.Text(), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("expected_services", sa.JSON(), nullable=False),
        sa.Column("expected_outcomes", sa.JSON(), nullable=False),
        sa.Column("expected_red_flags", sa.JSON(), nullable=False),
        sa.Column(
            "expected_urgency",
            sa.Enum(
                "emergency_999",
                "emergency_department",
                "urgent_same_day",
                "urgent_111",
                name="urgency",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("hidden_red_flag", sa.Boolean(), nullable=False),
        sa.Column("teaching_points", sa.JSON(), nullable=False),
        sa.Column("is_example", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_scenario")),
        sa.UniqueConstraint("key", name=op.f("uq_training_scenario_key")),
    )
    op.create_table(
        "go_live_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("go_live_date", sa.Date(), nullable=True),
        sa.Column("senior_gp", sa.String(length=120), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practice.id"], name=op.f("fk_go_live_plan_practice_id_practice")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_go_live_plan")),
        sa.UniqueConstraint("practice_id", name=op.f("uq_go_live_plan_practice_id")),
    )
    op.create_table(
        "readiness_tick",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=40), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("ticked_by", sa.String(length=120), nullable=False),
        sa.Column("ticked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practice.id"], name=op.f("fk_readiness_tick_practice_id_practice")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_readiness_tick")),
        sa.UniqueConstraint("practice_id", "item", name="uq_readiness_tick_item"),
    )
    op.create_table(
        "rehearsal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("trainer_id", sa.Integer(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("shuffled", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practice.id"], name=op.f("fk_rehearsal_practice_id_practice")
        ),
        sa.ForeignKeyConstraint(
            ["trainer_id"], ["staff_member.id"], name=op.f("fk_rehearsal_trainer_id_staff_member")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rehearsal")),
    )
    with op.batch_alter_table("rehearsal", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rehearsal_practice_id"), ["practice_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_rehearsal_started_at"), ["started_at"], unique=False)

    op.create_table(
        "rehearsal_call",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rehearsal_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("trainee_id", sa.Integer(), nullable=False),
        sa.Column("scenario_id", sa.Integer(), nullable=True),
        sa.Column("scenario_key", sa.String(length=80), nullable=False),
        sa.Column("scenario_title", sa.String(length=200), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "common",
                "eligibility",
                "red_flag",
                name="scenario_category",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("scenario_copy", sa.JSON(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("scored_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum(
                "accepted",
                "declined",
                "red_flag_escalated",
                "no_suitable_service",
                "booked_clinician",
                name="outcome",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("service_key", sa.String(length=80), nullable=True),
        sa.Column("red_flag_key", sa.String(length=80), nullable=True),
        sa.Column(
            "urgency",
            sa.Enum(
                "emergency_999",
                "emergency_department",
                "urgent_same_day",
                "urgent_111",
                name="urgency",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("seconds", sa.Double(), nullable=True),
        sa.Column("decision_right", sa.Boolean(), nullable=True),
        sa.Column("urgency_right", sa.Boolean(), nullable=True),
        sa.Column("missed_red_flag", sa.Boolean(), nullable=True),
        sa.Column("points", sa.Integer(), nullable=True),
        sa.Column("verdict", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["rehearsal_id"],
            ["rehearsal.id"],
            name=op.f("fk_rehearsal_call_rehearsal_id_rehearsal"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["scenario_id"],
            ["training_scenario.id"],
            name=op.f("fk_rehearsal_call_scenario_id_training_scenario"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["trainee_id"],
            ["staff_member.id"],
            name=op.f("fk_rehearsal_call_trainee_id_staff_member"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rehearsal_call")),
        sa.UniqueConstraint("rehearsal_id", "position", name="uq_rehearsal_call_position"),
    )
    with op.batch_alter_table("rehearsal_call", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rehearsal_call_rehearsal_id"), ["rehearsal_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_rehearsal_call_trainee_id"), ["trainee_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("rehearsal_call", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rehearsal_call_trainee_id"))
        batch_op.drop_index(batch_op.f("ix_rehearsal_call_rehearsal_id"))

    op.drop_table("rehearsal_call")
    with op.batch_alter_table("rehearsal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rehearsal_started_at"))
        batch_op.drop_index(batch_op.f("ix_rehearsal_practice_id"))

    op.drop_table("rehearsal")
    op.drop_table("readiness_tick")
    op.drop_table("go_live_plan")
    op.drop_table("training_scenario")
    op.drop_table("training_copy")
