"""Building the search engine from the database."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.db.models import LayTermGroup, RedFlagProtocol, Service
from signposting.domain import ServiceStatus
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
    Service.status,
    Service.alert,
    Service.opening_sessions,
    Service.closures,
    Service.access_methods,
)


def service_entries(session: Session) -> list[ServiceEntry]:
    """Every current service, read as plain rows (no ORM objects: directories can be large)."""
    query = sa.select(*_ENTRY_COLUMNS).where(Service.status != ServiceStatus.RETIRED)
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
            status=row.status,
            alert=row.alert,
            opening_sessions=tuple(row.opening_sessions),
            closures=tuple(row.closures),
            access_methods=tuple(row.access_methods),
        )
        for row in session.execute(query)
    ]


def red_flag_entries(session: Session) -> list[RedFlagEntry]:
    return [RedFlagEntry.from_model(p) for p in session.scalars(sa.select(RedFlagProtocol))]


def practice_vocabulary(session: Session) -> list[list[str]]:
    """The lay-term groups the practice added."""
    return [list(group.terms) for group in session.scalars(sa.select(LayTermGroup))]


def load_engine(session: Session) -> SearchEngine:
    """An engine over every current service and red-flag protocol, with the lay vocabulary."""
    vocabulary = shipped_vocabulary(practice_vocabulary(session))
    return SearchEngine.build(service_entries(session), red_flag_entries(session), vocabulary)
