"""Service codes per practice, savings assumptions, counts imported from clinical systems.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 18:33:02.278473
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "imported_count",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("ods_code", sa.String(length=12), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=True),
        sa.Column("term", sa.String(length=255), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("source_file", sa.String(length=255), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imported_count")),
    )
    with op.batch_alter_table("imported_count", schema=None) as batch_op:
        batch_op.create_index(
            "ix_imported_count_kind_period", ["kind", "period_start"], unique=False
        )

    op.create_table(
        "savings_assumptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=True),
        sa.Column("minutes_per_appointment", sa.Double(), nullable=False),
        sa.Column("minutes_source", sa.String(length=300), nullable=False),
        sa.Column("share_avoided", sa.Double(), nullable=False),
        sa.Column("share_source", sa.String(length=300), nullable=False),
        sa.Column("cost_per_appointment", sa.Double(), nullable=False),
        sa.Column("cost_source", sa.String(length=300), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "cost_per_appointment >= 0", name=op.f("ck_savings_assumptions_cost_not_negative")
        ),
        sa.CheckConstraint(
            "minutes_per_appointment > 0", name=op.f("ck_savings_assumptions_minutes_positive")
        ),
        sa.CheckConstraint(
            "share_avoided >= 0 AND share_avoided <= 1",
            name=op.f("ck_savings_assumptions_share_in_range"),
        ),
        sa.ForeignKeyConstraint(
            ["practice_id"],
            ["practice.id"],
            name=op.f("fk_savings_assumptions_practice_id_practice"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_savings_assumptions")),
        sa.UniqueConstraint("practice_id", name=op.f("uq_savings_assumptions_practice_id")),
    )
    op.create_table(
        "service_code",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("term", sa.String(length=255), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practice.id"], name=op.f("fk_service_code_practice_id_practice")
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_service_code_service_id_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_code")),
        sa.UniqueConstraint("practice_id", "service_id", name="uq_service_code_practice_service"),
    )


def downgrade() -> None:
    op.drop_table("service_code")
    op.drop_table("savings_assumptions")
    with op.batch_alter_table("imported_count", schema=None) as batch_op:
        batch_op.drop_index("ix_imported_count_kind_period")

    op.drop_table("imported_count")
