"""A new installation's first run: the practice, its first manager and a starting directory.

Whatever the directory starts from, the shipped red-flag protocols are loaded as examples
awaiting the practice's clinician: a desk never runs without red flags.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.accounts.passwords import add_staff, check_password_rules, needs_first_manager
from signposting.accounts.permissions import Permission, require
from signposting.accounts.practices import (
    check_practice_name,
    check_practice_ods,
    create_practice,
)
from signposting.db.models import Practice, StaffMember
from signposting.directory.demo import (
    DemoLoadResult,
    load_example_red_flags,
    load_template_directory,
)
from signposting.domain import Role
from signposting.errors import ValidationError


class StartingDirectory(StrEnum):
    """Where a new practice's service directory comes from."""

    TEMPLATE = "template"  # the demo's services, marked as examples to localise
    IMPORT = "import"  # a file the manager imports next (the directory starts empty)
    EMPTY = "empty"


@dataclass(frozen=True)
class FirstRunDetails:
    """What the first-run wizard asks for."""

    practice_name: str
    ods_code: str
    manager_name: str
    manager_password: str
    directory: StartingDirectory


@dataclass(frozen=True)
class FirstRunResult:
    """What was set up, for the wizard's last page."""

    practice_id: int
    manager_id: int
    services_added: int
    red_flags_added: int


def needs_first_run(session: Session) -> bool:
    """True until a practice exists and a manager can sign in."""
    has_practice = session.scalar(sa.select(sa.func.count()).select_from(Practice))
    return not has_practice or needs_first_manager(session)


def existing_practice(session: Session) -> Practice | None:
    """The practice already set up (by ``practice create``), if exactly one is."""
    practices = session.scalars(sa.select(Practice).order_by(Practice.id).limit(2)).all()
    return practices[0] if len(practices) == 1 else None


def check_details(details: FirstRunDetails) -> None:
    """Refuse details that would fail, before anything is written."""
    check_practice_name(details.practice_name)
    check_practice_ods(details.ods_code)
    if not " ".join(details.manager_name.split()):
        raise ValidationError("the manager needs a name")
    check_password_rules(details.manager_password)


def complete_first_run(session: Session, details: FirstRunDetails) -> FirstRunResult:
    """Create the practice (unless it exists), the first manager and the starting directory,
    all in the caller's unit of work."""
    if not needs_first_run(session):
        raise ValidationError("this database is already set up; sign in as a manager")
    check_details(details)
    practice = _practice(session, details)
    manager: StaffMember = add_staff(
        session,
        None,
        details.manager_name,
        Role.MANAGER,
        practice=practice,
        password=details.manager_password,
    )
    services_added = 0
    if details.directory is StartingDirectory.TEMPLATE:
        loaded = load_template_directory(session)
        services_added, red_flags_added = loaded.services_added, loaded.red_flags_added
    else:
        red_flags_added = load_example_red_flags(session)
    session.flush()
    return FirstRunResult(practice.id, manager.id, services_added, red_flags_added)


def load_template(session: Session, actor: StaffMember | None) -> DemoLoadResult:
    """A manager starts (or tops up) the directory from the demo template: its services,
    red-flag protocols and training scenarios, all marked as examples to localise."""
    require(actor, Permission.EDIT_DIRECTORY)
    return load_template_directory(session)


def _practice(session: Session, details: FirstRunDetails) -> Practice:
    code = check_practice_ods(details.ods_code)
    found = session.scalars(sa.select(Practice).where(Practice.ods_code == code)).first()
    if found is not None:
        return found
    return create_practice(session, None, details.practice_name, code)
