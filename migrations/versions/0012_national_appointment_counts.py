"""Monthly appointment counts per practice from NHS England's practice-level
"Appointments in General Practice" files, by professional, status and mode.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-25 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "national_appointment_count",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ods_code", sa.String(length=12), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("hcp_type", sa.String(length=24), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("mode", sa.String(length=24), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("source_file", sa.String(length=255), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_national_appointment_count")),
        sa.UniqueConstraint(
            "ods_code", "month", "hcp_type", "status", "mode", name="uq_national_appointment_cell"
        ),
    )


def downgrade() -> None:
    op.drop_table("national_appointment_count")
