"""Suggested clinical codes that say what happened: the demo directory's self-referral services
stop suggesting "Referral to ..." concepts (a referral the practice never made) and suggest
306098008 "Self-referral" instead.

Only a service still holding the exact code and term an earlier release shipped for it is
changed; a service whose code a manager edited, and every practice's own mapping (the
service_code table), are left as they are.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-26 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written out here rather than imported, so this revision does the same whatever later code
# says: service key, the code and term earlier releases shipped, the verified replacement.
SELF_REFERRAL = ("306098008", "Self-referral")
REPLACED = {
    "msk-physio-self-referral": ("308447003", "Referral to physiotherapist"),
    "mecs-optometrist": ("308465004", "Referral to optometrist"),
    "talking-therapies": ("390866009", "Referral to mental health team"),
}

_UPDATE = sa.text(
    "UPDATE service SET snomed_code = :new_code, snomed_term = :new_term, "
    "version = version + 1 "
    "WHERE key = :key AND snomed_code = :old_code AND snomed_term = :old_term"
)


def _swap(to_new: bool) -> None:
    connection = op.get_bind()
    for key, old in REPLACED.items():
        before, after = (old, SELF_REFERRAL) if to_new else (SELF_REFERRAL, old)
        connection.execute(
            _UPDATE,
            {
                "key": key,
                "old_code": before[0],
                "old_term": before[1],
                "new_code": after[0],
                "new_term": after[1],
            },
        )


def upgrade() -> None:
    _swap(to_new=True)


def downgrade() -> None:
    _swap(to_new=False)
