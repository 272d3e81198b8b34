"""Desk staff flag a service card as possibly out of date, for the manager to check."""

from __future__ import annotations

import sqlalchemy as sa

from signposting.db.engine import Database
from signposting.db.models import Service, ServiceFlag
from signposting.errors import NotFoundError, ValidationError

MAX_COMMENT = 2000


def flag_service(database: Database, service_id: int, staff_id: int | None, comment: str) -> int:
    """Record the flag in its own transaction; returns its id."""
    text = comment.strip()
    if not text:
        raise ValidationError("say what looks out of date, so the manager can check it")
    if len(text) > MAX_COMMENT:
        raise ValidationError(f"keep the comment under {MAX_COMMENT} characters")
    with database.unit_of_work() as session:
        if session.get(Service, service_id) is None:
            raise NotFoundError(f"no service with id {service_id}")
        flag = ServiceFlag(service_id=service_id, raised_by_id=staff_id, comment=text)
        session.add(flag)
        session.flush()
        return flag.id


def open_flags(database: Database, service_id: int) -> list[ServiceFlag]:
    """Flags on a service that no manager has resolved yet, oldest first."""
    with database.unit_of_work() as session:
        return list(
            session.scalars(
                sa.select(ServiceFlag)
                .where(ServiceFlag.service_id == service_id, ServiceFlag.resolved_at.is_(None))
                .order_by(ServiceFlag.raised_at)
            )
        )
