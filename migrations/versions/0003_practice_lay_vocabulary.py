"""Lay vocabulary groups a practice adds to the shared search vocabulary.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 18:15:47.766913
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "lay_term_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("terms", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lay_term_group")),
    )


def downgrade() -> None:
    op.drop_table("lay_term_group")
