"""One directory shared across a Primary Care Network: each practice may hide a shared service
at its own desks, or add local notes, without changing it for the other practices."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.accounts.permissions import Permission, require
from signposting.db.models import PracticeServiceSetting, Service, StaffMember
from signposting.errors import NotFoundError, PermissionDeniedError

MAX_NOTES = 2000


def set_practice_view(
    session: Session,
    actor: StaffMember | None,
    practice_id: int,
    service_id: int,
    *,
    hidden: bool,
    local_notes: str,
) -> PracticeServiceSetting:
    """A manager sets how their own practice sees a service; network managers (no practice)
    may set it for any practice."""
    manager = require(actor, Permission.EDIT_DIRECTORY)
    if manager.practice_id is not None and manager.practice_id != practice_id:
        raise PermissionDeniedError(f"{manager.name} manages another practice")
    if session.get(Service, service_id) is None:
        raise NotFoundError(f"no service with id {service_id}")
    setting = session.scalars(
        sa.select(PracticeServiceSetting).where(
            PracticeServiceSetting.practice_id == practice_id,
            PracticeServiceSetting.service_id == service_id,
        )
    ).first()
    if setting is None:
        setting = PracticeServiceSetting(practice_id=practice_id, service_id=service_id)
        session.add(setting)
    setting.hidden = hidden
    setting.local_notes = local_notes.strip()[:MAX_NOTES]
    session.flush()
    return setting


def hidden_services(session: Session, practice_id: int | None) -> set[int]:
    if practice_id is None:
        return set()
    return set(
        session.scalars(
            sa.select(PracticeServiceSetting.service_id).where(
                PracticeServiceSetting.practice_id == practice_id,
                PracticeServiceSetting.hidden.is_(True),
            )
        )
    )


def local_notes(session: Session, practice_id: int | None, service_id: int) -> str:
    if practice_id is None:
        return ""
    notes = session.scalar(
        sa.select(PracticeServiceSetting.local_notes).where(
            PracticeServiceSetting.practice_id == practice_id,
            PracticeServiceSetting.service_id == service_id,
        )
    )
    return notes or ""
