"""Live Open Referral feeds refreshed on a schedule, and the changes they offer, which wait in
the review queue for a manager.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-25 12:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "directory_feed",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("every_days", sa.Integer(), nullable=False),
        sa.Column("added_by_id", sa.Integer(), nullable=True),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_result", sa.Text(), nullable=False),
        sa.Column("last_failed", sa.Boolean(), nullable=False),
        sa.CheckConstraint("every_days > 0", name=op.f("ck_directory_feed_every_days_positive")),
        sa.ForeignKeyConstraint(
            ["added_by_id"],
            ["staff_member.id"],
            name=op.f("fk_directory_feed_added_by_id_staff_member"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_feed")),
        sa.UniqueConstraint("url", name=op.f("uq_directory_feed_url")),
    )
    op.create_table(
        "feed_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("feed_id", sa.Integer(), nullable=False),
        sa.Column("service_key", sa.String(length=80), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("flag_id", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "new",
                "changed",
                name="feed_change_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("fields", sa.JSON(), nullable=False),
        sa.Column("offered", sa.JSON(), nullable=False),
        sa.Column("found_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolved_by_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=60), nullable=False),
        sa.ForeignKeyConstraint(
            ["feed_id"],
            ["directory_feed.id"],
            name=op.f("fk_feed_change_feed_id_directory_feed"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["flag_id"],
            ["service_flag.id"],
            name=op.f("fk_feed_change_flag_id_service_flag"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["resolved_by_id"],
            ["staff_member.id"],
            name=op.f("fk_feed_change_resolved_by_id_staff_member"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"],
            ["service.id"],
            name=op.f("fk_feed_change_service_id_service"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feed_change")),
    )
    with op.batch_alter_table("feed_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_feed_change_feed_id"), ["feed_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("feed_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feed_change_feed_id"))
    op.drop_table("feed_change")
    op.drop_table("directory_feed")
