"""Running a change as the signed-in member of staff, reporting the outcome in a label."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from PySide6.QtWidgets import QLabel

from signposting.accounts.permissions import Permission, allowed
from signposting.db.engine import Database
from signposting.db.models import StaffMember
from signposting.errors import SignpostingError

Action = Callable[[Session, StaffMember | None], object]


def red_flag_powers(database: Database, actor_id: int) -> tuple[bool, bool]:
    """Whether the actor may draft red-flag content, and whether they may sign it off."""
    with database.unit_of_work() as session:
        actor = session.get(StaffMember, actor_id)
        return (
            allowed(actor, Permission.DRAFT_RED_FLAGS),
            allowed(actor, Permission.SIGN_OFF_RED_FLAGS),
        )


def run_as(
    database: Database,
    actor_id: int,
    action: Action,
    *,
    message: QLabel,
    done: str,
    refresh: Callable[[], None],
) -> bool:
    """One unit of work as the actor (audited in their name); the outcome in ``message``."""
    try:
        with database.unit_of_work() as session:
            actor = session.get(StaffMember, actor_id)
            session.info["actor"] = actor
            action(session, actor)
    except SignpostingError as exc:
        message.setText(f"Not done: {exc}.")
        return False
    message.setText(done)
    refresh()
    return True
