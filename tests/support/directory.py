"""Shared by the directory import and export tests: the directory as plain values, and a fresh
database to import into."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.accounts.passwords import add_staff
from signposting.db.engine import Database
from signposting.db.migrate import upgrade
from signposting.db.models import Service, StaffMember
from signposting.directory.io.importer import ImportPreview, apply_import
from signposting.directory.io.model import ServiceData, from_service, normalised
from signposting.domain import Role

Directory = dict[str, dict[str, Any]]


def manager(session: Session) -> StaffMember:
    """A manager to import as: the first one, so none need be there already."""
    return add_staff(
        session,
        None,
        "Morgan Import",
        Role.MANAGER,
        practice=None,
        password="correct horse battery",
    )


def directory_values(session: Session) -> Directory:
    """Every service's fields as the database keeps them, by key."""
    return {s.key: normalised(from_service(s).values) for s in session.scalars(sa.select(Service))}


def import_into_new_database(
    url: str, services: list[ServiceData]
) -> tuple[ImportPreview, Directory]:
    """Migrate the empty database at ``url``, import ``services`` as its first manager, and
    return what the import did and the directory it holds afterwards."""
    fresh = Database(url)
    try:
        upgrade(fresh)
        with fresh.unit_of_work() as session:
            plan = apply_import(session, manager(session), services)
        with fresh.unit_of_work() as session:
            return plan, directory_values(session)
    finally:
        fresh.dispose()
