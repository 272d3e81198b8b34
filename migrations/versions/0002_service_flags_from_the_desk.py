"""Service flags: desk staff mark a service card as possibly out of date.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 18:06:12.035515
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "service_flag",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("raised_by_id", sa.Integer(), nullable=True),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["raised_by_id"],
            ["staff_member.id"],
            name=op.f("fk_service_flag_raised_by_id_staff_member"),
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"],
            ["staff_member.id"],
            name=op.f("fk_service_flag_resolved_by_id_staff_member"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_service_flag_service_id_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_flag")),
    )
    with op.batch_alter_table("service_flag", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_service_flag_service_id"), ["service_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("service_flag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_flag_service_id"))

    op.drop_table("service_flag")
