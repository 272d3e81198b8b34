"""Directory change notifications: on PostgreSQL, changes to services, red-flag protocols,
practice settings and vocabulary send NOTIFY signposting_directory so every desk updates.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 19:35:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("service", "red_flag_protocol", "practice_service_setting", "lay_term_group")
FUNCTION = """
CREATE OR REPLACE FUNCTION signposting_notify_directory() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify(
        'signposting_directory',
        json_build_object('table', TG_TABLE_NAME, 'id', COALESCE(NEW.id, OLD.id))::text
    );
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite desks poll for changes instead
    op.execute(FUNCTION)
    for table in TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_notify_directory AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION signposting_notify_directory()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_notify_directory ON {table}")
    op.execute("DROP FUNCTION IF EXISTS signposting_notify_directory()")
