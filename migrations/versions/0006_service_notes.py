"""Notes on a service: what an import had that the data model has no place for.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 19:08:08.435311
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Existing rows get an empty note; the default is then dropped, as the model has none.
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notes", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.alter_column("notes", server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.drop_column("notes")
