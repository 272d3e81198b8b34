"""Finding the practice and the member of staff a record belongs to."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.db.models import Practice, StaffMember
from signposting.errors import NotFoundError, ValidationError


def resolve_practice(session: Session, ods_code: str | None = None) -> Practice:
    """The practice with this ODS code, or the only practice when none is named."""
    if ods_code:
        practice = session.scalars(
            sa.select(Practice).where(sa.func.upper(Practice.ods_code) == ods_code.strip().upper())
        ).first()
        if practice is None:
            raise NotFoundError(f"no practice with ODS code {ods_code!r}")
        return practice
    practices = session.scalars(sa.select(Practice).order_by(Practice.id).limit(2)).all()
    if not practices:
        raise ValidationError(
            "no practice is set up in this database yet: open the desk to set one up, or run "
            "`signposting practice create --name NAME --ods CODE`"
        )
    if len(practices) > 1:
        raise ValidationError("this database holds several practices; name one with --practice ODS")
    return practices[0]


def resolve_staff(session: Session, name: str, practice: Practice) -> StaffMember:
    """An active member of staff by name (case and spacing ignored)."""
    wanted = " ".join(name.split()).casefold()
    candidates = session.scalars(
        sa.select(StaffMember).where(
            StaffMember.active.is_(True),
            sa.or_(StaffMember.practice_id == practice.id, StaffMember.practice_id.is_(None)),
        )
    ).all()
    for member in candidates:
        if " ".join(member.name.split()).casefold() == wanted:
            return member
    known = ", ".join(sorted(member.name for member in candidates)) or "none"
    raise NotFoundError(f"no member of staff called {name!r} at {practice.name} (known: {known})")
