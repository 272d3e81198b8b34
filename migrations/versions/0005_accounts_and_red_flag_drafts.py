"""Password hashes for staff who sign in, and red-flag protocol drafts awaiting sign-off.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 19:04:00.357233
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "red_flag_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("protocol_id", sa.Integer(), nullable=True),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("symptoms", sa.JSON(), nullable=False),
        sa.Column("phrases", sa.JSON(), nullable=False),
        sa.Column(
            "urgency",
            sa.Enum(
                "emergency_999",
                "emergency_department",
                "urgent_same_day",
                "urgent_111",
                name="draft_urgency",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("action", sa.String(length=300), nullable=False),
        sa.Column("script", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("drafted_by_id", sa.Integer(), nullable=True),
        sa.Column("drafted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signed_off_by_id", sa.Integer(), nullable=True),
        sa.Column("signed_off_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rejected_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["drafted_by_id"],
            ["staff_member.id"],
            name=op.f("fk_red_flag_draft_drafted_by_id_staff_member"),
        ),
        sa.ForeignKeyConstraint(
            ["protocol_id"],
            ["red_flag_protocol.id"],
            name=op.f("fk_red_flag_draft_protocol_id_red_flag_protocol"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["signed_off_by_id"],
            ["staff_member.id"],
            name=op.f("fk_red_flag_draft_signed_off_by_id_staff_member"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_red_flag_draft")),
    )
    with op.batch_alter_table("red_flag_draft", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_red_flag_draft_protocol_id"), ["protocol_id"], unique=False
        )

    with op.batch_alter_table("staff_member", schema=None) as batch_op:
        batch_op.add_column(sa.Column("password_hash", sa.String(length=255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("staff_member", schema=None) as batch_op:
        batch_op.drop_column("password_hash")

    with op.batch_alter_table("red_flag_draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_red_flag_draft_protocol_id"))

    op.drop_table("red_flag_draft")
