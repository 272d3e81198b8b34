"""Practice changes to the red-flag thesaurus: drafted by managers or clinicians, in force at
the desk only once a clinician signs them off (they change what every protocol recognises)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.accounts.permissions import Permission, require
from signposting.db.base import utc_now
from signposting.db.models import StaffMember, ThesaurusChange
from signposting.domain import ThesaurusChangeKind
from signposting.errors import NotFoundError, ValidationError
from signposting.redflags.thesaurus import (
    Change,
    Thesaurus,
    apply_change,
    check_term,
    shipped_thesaurus,
    with_changes,
)


def signed_off_changes(session: Session) -> list[Change]:
    """The practice's thesaurus changes in force, in the order they were signed off."""
    rows = session.scalars(
        sa.select(ThesaurusChange)
        .where(ThesaurusChange.signed_off_at.is_not(None))
        .order_by(ThesaurusChange.signed_off_at, ThesaurusChange.id)
    )
    return [as_change(row) for row in rows]


def as_change(row: ThesaurusChange) -> Change:
    return Change(row.kind.value, row.concept, tuple(row.terms))


def in_force(session: Session) -> Thesaurus:
    """The thesaurus the desk uses: shipped, plus the practice's signed-off changes."""
    return with_changes(shipped_thesaurus(), signed_off_changes(session))


def draft(
    session: Session,
    actor: StaffMember | None,
    kind: ThesaurusChangeKind,
    terms: list[str],
    *,
    concept: str | None = None,
    note: str = "",
) -> ThesaurusChange:
    """Propose a thesaurus change; checked against the thesaurus in force, unused until signed."""
    require(actor, Permission.DRAFT_RED_FLAGS)
    cleaned = [check_term(term) for term in terms]
    if not cleaned:
        raise ValidationError("give at least one word or phrase")
    if kind is not ThesaurusChangeKind.SYNONYMS and not concept:
        raise ValidationError("say which concept the words belong to")
    apply_change(in_force(session), Change(kind.value, concept, tuple(cleaned)))
    change = ThesaurusChange(
        kind=kind,
        concept=concept if kind is not ThesaurusChangeKind.SYNONYMS else None,
        terms=cleaned,
        note=note,
        drafted_by_id=actor.id if actor else None,
    )
    session.add(change)
    session.flush()
    return change


def _pending(session: Session, change_id: int) -> ThesaurusChange:
    change = session.get(ThesaurusChange, change_id)
    if change is None or not change.is_pending:
        raise NotFoundError(f"no pending thesaurus change with id {change_id}")
    return change


def sign_off(session: Session, actor: StaffMember | None, change_id: int) -> ThesaurusChange:
    """A clinician puts a thesaurus change in force at every desk."""
    clinician = require(actor, Permission.SIGN_OFF_RED_FLAGS)
    change = _pending(session, change_id)
    apply_change(in_force(session), as_change(change))
    change.signed_off_by_id = clinician.id
    change.signed_off_at = utc_now()
    session.flush()
    return change


def reject(session: Session, actor: StaffMember | None, change_id: int) -> None:
    require(actor, Permission.SIGN_OFF_RED_FLAGS)
    _pending(session, change_id).rejected_at = utc_now()


def pending(session: Session) -> list[ThesaurusChange]:
    return list(
        session.scalars(
            sa.select(ThesaurusChange)
            .where(ThesaurusChange.signed_off_at.is_(None), ThesaurusChange.rejected_at.is_(None))
            .order_by(ThesaurusChange.drafted_at, ThesaurusChange.id)
        )
    )
