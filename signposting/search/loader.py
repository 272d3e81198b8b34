"""Building the search engine from the database."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.db.models import LayTermGroup, RedFlagProtocol, Service
from signposting.directory.opening import usable_closures
from signposting.directory.sharing import hidden_services
from signposting.domain import ServiceStatus
from signposting.redflags import changes
from signposting.search.engine import SearchEngine
from signposting.search.entries import RedFlagEntry, ServiceEntry
from signposting.search.vocabulary import shipped_vocabulary

_ENTRY_COLUMNS = (
    Service.id,
    Service.name,
    Service.category,
    Service.keywords,
    Service.conditions,
    Service.description,
    Service.min_age,
    Service.max_age,
    Service.exclusions,
    Service.eligibility_notes,
    Service.status,
    Service.alert,
    Service.opening_sessions,
    Service.closures,
    Service.access_methods,
)


def service_entries(
    session: Session, practice_id: int | None = None, only: int | None = None
) -> list[ServiceEntry]:
    """Every current service (less those the practice hides), read as plain rows (no ORM
    objects: directories can be large)."""
    query = sa.select(*_ENTRY_COLUMNS).where(Service.status != ServiceStatus.RETIRED)
    if only is not None:
        query = query.where(Service.id == only)
    hidden = hidden_services(session, practice_id)
    if hidden:
        query = query.where(Service.id.not_in(hidden))
    return [
        ServiceEntry(
            id=row.id,
            name=row.name,
            category=row.category,
            keywords=tuple(row.keywords),
            conditions=tuple(row.conditions),
            description=row.description,
            min_age=row.min_age,
            max_age=row.max_age,
            exclusions=tuple(row.exclusions),
            eligibility_notes=row.eligibility_notes or "",
            status=row.status,
            alert=row.alert,
            opening_sessions=tuple(row.opening_sessions),
            closures=tuple(usable_closures(row.closures)),
            access_methods=tuple(row.access_methods),
        )
        for row in session.execute(query)
    ]


def red_flag_entries(session: Session) -> list[RedFlagEntry]:
    """Every protocol in force, in a stable order."""
    query = sa.select(RedFlagProtocol).order_by(RedFlagProtocol.id)
    return [RedFlagEntry.from_model(p) for p in session.scalars(query)]


def practice_vocabulary(session: Session) -> list[list[str]]:
    """The lay-term groups the practice added."""
    return [list(group.terms) for group in session.scalars(sa.select(LayTermGroup))]


def load_engine(session: Session, practice_id: int | None = None) -> SearchEngine:
    """An engine over every current service a practice's desks see, and every red-flag
    protocol with the thesaurus in force, with the lay vocabulary."""
    vocabulary = shipped_vocabulary(practice_vocabulary(session))
    services = service_entries(session, practice_id)
    thesaurus = changes.in_force(session)
    return SearchEngine.build(services, red_flag_entries(session), vocabulary, thesaurus)
