"""Looking up services and red-flag protocols."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.db.models import RedFlagProtocol, Service
from signposting.domain import ServiceStatus, Urgency
from signposting.errors import NotFoundError

Entry = TypeVar("Entry", Service, RedFlagProtocol)


def services_state(session: Session) -> list[object]:
    """What the services look like in four numbers (count, highest id, latest change, version
    total): any edit, addition or removal changes at least one."""
    row = session.execute(
        sa.select(
            sa.func.count(Service.id),
            sa.func.max(Service.id),
            sa.func.max(Service.updated_at),
            sa.func.sum(Service.version),
        )
    ).one()
    return list(row)


def list_services(session: Session, *, include_retired: bool = True) -> Sequence[Service]:
    """Services in name order."""
    query = sa.select(Service).order_by(Service.name, Service.id)
    if not include_retired:
        query = query.where(Service.status != ServiceStatus.RETIRED)
    return session.scalars(query).all()


def list_red_flags(session: Session) -> list[RedFlagProtocol]:
    """Red-flag protocols, most urgent first, then by title."""
    protocols = session.scalars(sa.select(RedFlagProtocol)).all()
    return sorted(protocols, key=lambda p: (Urgency(p.urgency).rank, p.title.casefold()))


def get_service(session: Session, reference: str | int) -> Service:
    """A service by numeric id or by key; a clear error if there is none."""
    service = _by_reference(session, Service, reference)
    if service is None:
        raise NotFoundError(f"no service with id or key {reference!r}")
    return service


def get_red_flag(session: Session, reference: str | int) -> RedFlagProtocol:
    """A red-flag protocol by numeric id or by key; a clear error if there is none."""
    protocol = _by_reference(session, RedFlagProtocol, reference)
    if protocol is None:
        raise NotFoundError(f"no red-flag protocol with id or key {reference!r}")
    return protocol


def _by_reference(session: Session, model: type[Entry], reference: str | int) -> Entry | None:
    text = str(reference).strip()
    if text.isdigit():
        found = session.get(model, int(text))
        if found is not None:
            return found
    return session.scalars(sa.select(model).where(model.key == text)).one_or_none()
