"""Reading the audit log: who changed what and when. Only roles that answer for the directory
and the red flags may read it."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.accounts.permissions import Permission, require
from signposting.db.models import AuditEntry, StaffMember

#: The most entries one read returns, newest first.
READ_LIMIT = 2000


def read_audit_log(
    session: Session,
    actor: StaffMember | None,
    *,
    entity_type: str | None = None,
    limit: int = READ_LIMIT,
) -> list[AuditEntry]:
    """The newest entries (of one kind of thing, if given), newest first."""
    require(actor, Permission.READ_AUDIT_LOG)
    query = sa.select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    if entity_type:
        query = query.where(AuditEntry.entity_type == entity_type)
    return list(session.scalars(query.limit(max(1, min(limit, READ_LIMIT)))))
