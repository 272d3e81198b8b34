"""Changing the directory: managers only, checked here, with a version check against overwrites."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from signposting.accounts.permissions import Permission, require
from signposting.db.base import utc_now
from signposting.db.models import Service, ServiceFlag, StaffMember
from signposting.directory.io.model import FIELDS
from signposting.domain import ServiceStatus
from signposting.errors import ConflictError, NotFoundError, ValidationError

#: Fields a manager edits: every field a directory file carries, but the key and the date the
#: entry was last verified (which verifying sets).
EDITABLE = frozenset(FIELDS) - {"key", "last_verified"}


def _check(fields: dict[str, Any]) -> None:
    unknown = set(fields) - EDITABLE - {"key"}
    if unknown:
        raise ValidationError(f"not a service field: {', '.join(sorted(unknown))}")
    if "name" in fields and not str(fields["name"]).strip():
        raise ValidationError("a service needs a name")
    low, high = fields.get("min_age"), fields.get("max_age")
    for value in (low, high):
        if value is not None and not 0 <= int(value) <= 130:
            raise ValidationError("ages are whole years from 0 to 130")
    if low is not None and high is not None and low > high:
        raise ValidationError(f"the minimum age {low} is above the maximum {high}")
    if "status" in fields:
        ServiceStatus(fields["status"])


def create_service(session: Session, actor: StaffMember | None, fields: dict[str, Any]) -> Service:
    require(actor, Permission.EDIT_DIRECTORY)
    _check(fields)
    if not fields.get("key") or not fields.get("name") or not fields.get("category"):
        raise ValidationError("a new service needs a key, a name and a category")
    service = Service(**fields)
    session.add(service)
    session.flush()
    return service


def update_service(
    session: Session,
    actor: StaffMember | None,
    service_id: int,
    expected_version: int,
    changes: dict[str, Any],
) -> Service:
    """Apply changes to the version the editor loaded; a newer version is a clear conflict."""
    require(actor, Permission.EDIT_DIRECTORY)
    _check(changes)
    service = session.get(Service, service_id)
    if service is None:
        raise NotFoundError(f"no service with id {service_id}")
    if service.version != expected_version:
        raise ConflictError(
            f"{service.name!r} was changed by someone else since you opened it "
            f"(version {expected_version}, now {service.version}): reload it and try again"
        )
    merged = {"min_age": service.min_age, "max_age": service.max_age, **changes}
    _check({k: merged[k] for k in ("min_age", "max_age")})
    for field, value in changes.items():
        setattr(service, field, value)
    try:
        session.flush()
    except StaleDataError as exc:
        raise ConflictError(
            f"{service.name!r} was changed by someone else while you saved: reload it"
        ) from exc
    return service


def set_status(
    session: Session,
    actor: StaffMember | None,
    service_id: int,
    expected_version: int,
    status: ServiceStatus,
    *,
    alert: str = "",
) -> Service:
    """Temporarily close (with an alert saying why), reopen or retire a service."""
    if status is ServiceStatus.TEMPORARILY_CLOSED and not alert.strip():
        raise ValidationError("say why the service is closed, and until when if known")
    changes: dict[str, Any] = {"status": status}
    if status is not ServiceStatus.RETIRED:
        changes["alert"] = alert.strip()
    return update_service(session, actor, service_id, expected_version, changes)


def verify_service(
    session: Session, actor: StaffMember | None, service_id: int, today: date
) -> Service:
    """Stamp the service as checked today and resolve the desk's out-of-date flags on it."""
    require(actor, Permission.EDIT_DIRECTORY)
    service = session.get(Service, service_id)
    if service is None:
        raise NotFoundError(f"no service with id {service_id}")
    service.last_verified = today
    for flag in session.scalars(
        sa.select(ServiceFlag).where(
            ServiceFlag.service_id == service_id, ServiceFlag.resolved_at.is_(None)
        )
    ):
        flag.resolved_at = utc_now()
        flag.resolved_by_id = actor.id if actor else None
    session.flush()
    return service


def under_review() -> sa.ColumnElement[bool]:
    """Which services the review queue covers: every one still in use, closed ones included
    (a temporarily closed service's alert and reopening date need checking too)."""
    return Service.status != ServiceStatus.RETIRED


def review_queue(session: Session, today: date) -> list[tuple[Service, list[str]]]:
    """Services needing a manager's check, with why: past their review date, or flagged."""
    flagged: dict[int, list[str]] = {}
    for flag in session.scalars(sa.select(ServiceFlag).where(ServiceFlag.resolved_at.is_(None))):
        flagged.setdefault(flag.service_id, []).append(f"flagged: {flag.comment}")
    queue = []
    services = session.scalars(sa.select(Service).where(under_review()).order_by(Service.name))
    for service in services:
        reasons = list(flagged.get(service.id, []))
        if service.last_verified is None:
            reasons.insert(0, "never verified")
        elif service.last_verified + timedelta(days=service.review_interval_days) < today:
            reasons.insert(0, f"last verified {service.last_verified:%d/%m/%Y}, review overdue")
        if reasons:
            queue.append((service, reasons))
    return queue
