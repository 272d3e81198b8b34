"""Building the search engine from the database."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.db.models import LayTermGroup, RedFlagProtocol, Service
from signposting.domain import ServiceStatus
from signposting.search.engine import SearchEngine
from signposting.search.entries import RedFlagEntry, ServiceEntry
from signposting.search.vocabulary import shipped_vocabulary


def service_entries(session: Session) -> list[ServiceEntry]:
    query = sa.select(Service).where(Service.status != ServiceStatus.RETIRED)
    return [ServiceEntry.from_model(service) for service in session.scalars(query)]


def red_flag_entries(session: Session) -> list[RedFlagEntry]:
    return [RedFlagEntry.from_model(p) for p in session.scalars(sa.select(RedFlagProtocol))]


def practice_vocabulary(session: Session) -> list[list[str]]:
    """The lay-term groups the practice added."""
    return [list(group.terms) for group in session.scalars(sa.select(LayTermGroup))]


def load_engine(session: Session) -> SearchEngine:
    """An engine over every current service and red-flag protocol, with the lay vocabulary."""
    vocabulary = shipped_vocabulary(practice_vocabulary(session))
    return SearchEngine.build(service_entries(session), red_flag_entries(session), vocabulary)
