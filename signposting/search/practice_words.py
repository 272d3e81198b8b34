"""The practice's own lay words for the search: groups of words and phrases that mean the same,
the first being the one searched for. Adding one changes every desk's search, so it is a
manager's change."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.accounts.permissions import Permission, require
from signposting.db.models import LayTermGroup, StaffMember
from signposting.errors import ValidationError
from signposting.search.text import normalise

#: Longer than any word or phrase a caller uses; keeps the search's work bounded.
MAX_TERM_LENGTH = 80
MAX_TERMS = 20


def list_vocabulary_groups(session: Session) -> list[LayTermGroup]:
    """Every group the practice added, oldest first."""
    return list(session.scalars(sa.select(LayTermGroup).order_by(LayTermGroup.id)))


def add_vocabulary_group(
    session: Session, actor: StaffMember | None, terms: list[str]
) -> LayTermGroup:
    """A new group of words that mean the same; at least two, each with something searchable."""
    require(actor, Permission.EDIT_SEARCH_VOCABULARY)
    clean = [" ".join(term.split()) for term in terms if normalise(term)]
    if len(clean) < 2:
        raise ValidationError("give at least two words or phrases that mean the same thing")
    if len(clean) > MAX_TERMS:
        raise ValidationError(f"a group holds at most {MAX_TERMS} words or phrases")
    too_long = next((term for term in clean if len(term) > MAX_TERM_LENGTH), None)
    if too_long is not None:
        raise ValidationError(
            f"{too_long[:40]!r}… is longer than {MAX_TERM_LENGTH} characters; "
            "give the words a caller would say"
        )
    group = LayTermGroup(terms=clean)
    session.add(group)
    session.flush()
    return group
