"""Red-flag protocol changes: drafts by managers or clinicians, in force only once a clinician
signs them off. The desk reads the protocol table, which holds only signed-off content (and the
demo's unsigned examples, which it marks as such)."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.accounts.permissions import Permission, require
from signposting.db.base import utc_now
from signposting.db.models import RedFlagDraft, RedFlagProtocol, StaffMember
from signposting.domain import Urgency
from signposting.errors import NotFoundError, ValidationError
from signposting.redflags.rules import RuleSet

CONTENT = (
    "key",
    "title",
    "symptoms",
    "rules",
    "modifiers",
    "examples",
    "urgency",
    "action",
    "script",
)


def _check(fields: dict[str, Any]) -> None:
    missing = [name for name in ("key", "title", "action") if not str(fields.get(name, "")).strip()]
    if missing:
        raise ValidationError(f"a red-flag protocol needs {', '.join(missing)}")
    try:
        Urgency(fields["urgency"])
    except ValueError:
        raise ValidationError(f"unknown urgency {fields['urgency']!r}") from None
    ruleset = RuleSet.from_json(fields.get("rules", []), fields.get("modifiers", []))
    if not ruleset.rules:
        raise ValidationError("give at least one rule, so the desk can recognise the red flag")
    fields["rules"] = [rule.to_json() for rule in ruleset.rules]
    fields["modifiers"] = [modifier.to_json() for modifier in ruleset.modifiers]
    fields["examples"] = [str(e).strip() for e in fields.get("examples", []) if str(e).strip()]


def draft(
    session: Session,
    actor: StaffMember | None,
    fields: dict[str, Any],
    protocol_id: int | None = None,
    note: str = "",
) -> RedFlagDraft:
    """Propose a new protocol, or a change to ``protocol_id``; the desk is unchanged for now."""
    require(actor, Permission.DRAFT_RED_FLAGS)
    if protocol_id is not None:
        current = session.get(RedFlagProtocol, protocol_id)
        if current is None:
            raise NotFoundError(f"no red-flag protocol with id {protocol_id}")
        fields = {name: getattr(current, name) for name in CONTENT} | fields
    fields = dict(fields)
    _check(fields)
    proposal = RedFlagDraft(
        protocol_id=protocol_id,
        **{name: fields[name] for name in CONTENT if name in fields},
        note=note,
        drafted_by_id=actor.id if actor else None,
    )
    session.add(proposal)
    session.flush()
    return proposal


def sign_off(
    session: Session, actor: StaffMember | None, draft_id: int, review_date: date
) -> RedFlagProtocol:
    """A clinician puts a draft in force; who and when is kept on the protocol and audited."""
    clinician = require(actor, Permission.SIGN_OFF_RED_FLAGS)
    proposal = session.get(RedFlagDraft, draft_id)
    if proposal is None or not proposal.is_pending:
        raise NotFoundError(f"no pending red-flag draft with id {draft_id}")
    protocol = proposal.protocol or RedFlagProtocol()
    for name in CONTENT:
        setattr(protocol, name, getattr(proposal, name))
    now = utc_now()
    protocol.signed_off_by_id = clinician.id
    protocol.signed_off_at = now
    protocol.review_date = review_date
    protocol.is_example = False
    session.add(protocol)
    proposal.signed_off_by_id = clinician.id
    proposal.signed_off_at = now
    session.flush()
    proposal.protocol_id = protocol.id
    return protocol


def sign_off_as_is(
    session: Session, actor: StaffMember | None, protocol_id: int, review_date: date
) -> RedFlagProtocol:
    """A clinician accepts a protocol as written (for example a reviewed demo protocol)."""
    clinician = require(actor, Permission.SIGN_OFF_RED_FLAGS)
    protocol = session.get(RedFlagProtocol, protocol_id)
    if protocol is None:
        raise NotFoundError(f"no red-flag protocol with id {protocol_id}")
    protocol.signed_off_by_id = clinician.id
    protocol.signed_off_at = utc_now()
    protocol.review_date = review_date
    session.flush()
    return protocol


def reject(session: Session, actor: StaffMember | None, draft_id: int) -> None:
    require(actor, Permission.SIGN_OFF_RED_FLAGS)
    proposal = session.get(RedFlagDraft, draft_id)
    if proposal is None or not proposal.is_pending:
        raise NotFoundError(f"no pending red-flag draft with id {draft_id}")
    proposal.rejected_at = utc_now()


def pending_drafts(session: Session) -> list[RedFlagDraft]:
    return list(
        session.scalars(
            sa.select(RedFlagDraft)
            .where(RedFlagDraft.signed_off_at.is_(None), RedFlagDraft.rejected_at.is_(None))
            .order_by(RedFlagDraft.drafted_at)
        )
    )
