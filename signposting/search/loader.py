"""Building the search engine from the database."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.db.models import LayTermGroup, RedFlagProtocol, Service
from signposting.directory.opening import usable_closures
from signposting.directory.sharing import hidden_services
from signposting.domain import ServiceStatus
from signposting.redflags import changes
from signposting.search.engine import SearchEngine
from signposting.search.entries import RedFlagEntry, ServiceEntry
from signposting.search.index_cache import IndexKeys, index_keys, read_index
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


@dataclass(frozen=True)
class LoadedEngine:
    """An engine and the keys of what it was built from."""

    engine: SearchEngine
    keys: IndexKeys
    #: Its services came from a saved index older than the directory: rebuild them soon.
    services_stale: bool = False
    #: It was built or changed here: save it for the next start.
    worth_saving: bool = True


def load_engine_saved(
    session: Session, practice_id: int | None, saved_at: Path | None
) -> LoadedEngine:
    """The engine from the index saved at ``saved_at`` where it can be trusted, else built.

    The red-flag part is always current: a saved one that does not match the protocols and
    thesaurus in force is recompiled here. A services part that does not match is returned
    as ``services_stale``; with ``saved_at`` None the engine is always built."""
    vocabulary = practice_vocabulary(session)
    red_flags = red_flag_entries(session)
    keys = index_keys(session, practice_id, vocabulary, red_flags)
    saved = read_index(saved_at) if saved_at is not None else None
    if saved is None:
        services = service_entries(session, practice_id)
        engine = SearchEngine.build(
            services, red_flags, shipped_vocabulary(vocabulary), changes.in_force(session)
        )
        return LoadedEngine(engine, keys)
    engine = saved.engine
    red_flags_changed = saved.keys.red_flags != keys.red_flags
    if red_flags_changed:
        engine.set_red_flags(red_flags, changes.in_force(session))
    stale = saved.keys.services != keys.services
    return LoadedEngine(
        engine, keys, services_stale=stale, worth_saving=red_flags_changed and not stale
    )
