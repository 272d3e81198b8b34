"""Initial schema: practices, networks, staff, directory, red flags, records, audit log.

Revision ID: 0001
Revises:
Create Date: 2026-11-23 18:02:20.090239
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "network",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_network")),
        sa.UniqueConstraint("code", name=op.f("uq_network_code")),
    )
    op.create_table(
        "service",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=80), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=80), nullable=False),
        sa.Column("conditions", sa.JSON(), nullable=False),
        sa.Column("keywords", sa.JSON(), nullable=False),
        sa.Column("access_methods", sa.JSON(), nullable=False),
        sa.Column("min_age", sa.Integer(), nullable=True),
        sa.Column("max_age", sa.Integer(), nullable=True),
        sa.Column("eligibility_notes", sa.Text(), nullable=False),
        sa.Column("exclusions", sa.JSON(), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("website", sa.String(length=500), nullable=True),
        sa.Column("address", sa.Text(), nullable=False),
        sa.Column("opening_sessions", sa.JSON(), nullable=False),
        sa.Column("closures", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "active",
                "temporarily_closed",
                "retired",
                name="service_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("alert", sa.String(length=500), nullable=False),
        sa.Column("patient_script", sa.Text(), nullable=False),
        sa.Column("snomed_code", sa.String(length=20), nullable=True),
        sa.Column("snomed_term", sa.String(length=255), nullable=True),
        sa.Column("last_verified", sa.Date(), nullable=True),
        sa.Column("review_interval_days", sa.Integer(), nullable=False),
        sa.Column("is_example", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "min_age IS NULL OR max_age IS NULL OR min_age <= max_age",
            name=op.f("ck_service_age_band_order"),
        ),
        sa.CheckConstraint(
            "review_interval_days > 0", name=op.f("ck_service_review_interval_positive")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service")),
        sa.UniqueConstraint("key", name=op.f("uq_service_key")),
    )
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_service_category"), ["category"], unique=False)

    op.create_table(
        "practice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("ods_code", sa.String(length=12), nullable=False),
        sa.Column("network_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["network_id"], ["network.id"], name=op.f("fk_practice_network_id_network")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_practice")),
        sa.UniqueConstraint("ods_code", name=op.f("uq_practice_ods_code")),
    )
    with op.batch_alter_table("practice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_practice_network_id"), ["network_id"], unique=False)

    op.create_table(
        "staff_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "receptionist",
                "manager",
                "clinician",
                "trainer",
                name="role",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("practice_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practice.id"], name=op.f("fk_staff_member_practice_id_practice")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_member")),
        sa.UniqueConstraint("practice_id", "name", name="uq_staff_member_practice_name"),
    )
    with op.batch_alter_table("staff_member", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_staff_member_practice_id"), ["practice_id"], unique=False
        )

    op.create_table(
        "audit_entry",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_label", sa.String(length=120), nullable=False),
        sa.Column("entity_type", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column(
            "action",
            sa.Enum(
                "created",
                "updated",
                "deleted",
                name="audit_action",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["staff_member.id"], name=op.f("fk_audit_entry_actor_id_staff_member")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entry")),
    )
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entry_at"), ["at"], unique=False)
        batch_op.create_index("ix_audit_entry_entity", ["entity_type", "entity_id"], unique=False)

    op.create_table(
        "red_flag_protocol",
        sa.Column("id", sa.Integer(), nullable=False),
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
                name="urgency",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("action", sa.String(length=300), nullable=False),
        sa.Column("script", sa.Text(), nullable=False),
        sa.Column("signed_off_by_id", sa.Integer(), nullable=True),
        sa.Column("signed_off_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("review_date", sa.Date(), nullable=True),
        sa.Column("is_example", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["signed_off_by_id"],
            ["staff_member.id"],
            name=op.f("fk_red_flag_protocol_signed_off_by_id_staff_member"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_red_flag_protocol")),
        sa.UniqueConstraint("key", name=op.f("uq_red_flag_protocol_key")),
    )
    with op.batch_alter_table("red_flag_protocol", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_red_flag_protocol_urgency"), ["urgency"], unique=False)

    op.create_table(
        "signpost_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("practice_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("red_flag_id", sa.Integer(), nullable=True),
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
            nullable=False,
        ),
        sa.Column(
            "channel",
            sa.Enum(
                "phone",
                "in_person",
                "online",
                name="channel",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "age_band",
            sa.Enum(
                "under-1",
                "1-4",
                "5-11",
                "12-15",
                "16-17",
                "18-24",
                "25-44",
                "45-64",
                "65-74",
                "75+",
                name="age_band",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.CheckConstraint(
            "(outcome = 'red_flag_escalated') = (red_flag_id IS NOT NULL)",
            name=op.f("ck_signpost_record_red_flag_matches_outcome"),
        ),
        sa.CheckConstraint(
            "service_id IS NULL OR red_flag_id IS NULL",
            name=op.f("ck_signpost_record_service_or_red_flag"),
        ),
        sa.ForeignKeyConstraint(
            ["practice_id"], ["practice.id"], name=op.f("fk_signpost_record_practice_id_practice")
        ),
        sa.ForeignKeyConstraint(
            ["red_flag_id"],
            ["red_flag_protocol.id"],
            name=op.f("fk_signpost_record_red_flag_id_red_flag_protocol"),
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["service.id"], name=op.f("fk_signpost_record_service_id_service")
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff_member.id"], name=op.f("fk_signpost_record_staff_id_staff_member")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_signpost_record")),
        sa.UniqueConstraint("uuid", name=op.f("uq_signpost_record_uuid")),
    )
    with op.batch_alter_table("signpost_record", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_signpost_record_practice_id"), ["practice_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_signpost_record_recorded_at"), ["recorded_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_signpost_record_service_id"), ["service_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_signpost_record_staff_id"), ["staff_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("signpost_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signpost_record_staff_id"))
        batch_op.drop_index(batch_op.f("ix_signpost_record_service_id"))
        batch_op.drop_index(batch_op.f("ix_signpost_record_recorded_at"))
        batch_op.drop_index(batch_op.f("ix_signpost_record_practice_id"))

    op.drop_table("signpost_record")
    with op.batch_alter_table("red_flag_protocol", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_red_flag_protocol_urgency"))

    op.drop_table("red_flag_protocol")
    with op.batch_alter_table("audit_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_entry_entity")
        batch_op.drop_index(batch_op.f("ix_audit_entry_at"))

    op.drop_table("audit_entry")
    with op.batch_alter_table("staff_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_member_practice_id"))

    op.drop_table("staff_member")
    with op.batch_alter_table("practice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_practice_network_id"))

    op.drop_table("practice")
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_category"))

    op.drop_table("service")
    op.drop_table("network")
