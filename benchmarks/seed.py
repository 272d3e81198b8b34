"""Fill a database with a generated directory, for benchmarks that need one on disk."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from benchmarks.directory_generator import generate_services
from signposting.db.engine import Database
from signposting.db.migrate import upgrade
from signposting.db.models import Service, StaffMember
from signposting.directory.demo import load_demo
from signposting.domain import Role


def seed_directory(url: str, services: int) -> None:
    """Schema, the demo practice and red flags, then ``services`` generated services."""
    database = Database(url)
    try:
        upgrade(database)
        with database.unit_of_work(actor="benchmark") as session:
            load_demo(session)
            session.execute(sa.delete(Service))
        rows = [
            {
                "key": f"generated-{entry.id}",
                "name": entry.name,
                "category": entry.category,
                "description": entry.description,
                "conditions": list(entry.conditions),
                "keywords": list(entry.keywords),
                "access_methods": list(entry.access_methods),
                "min_age": entry.min_age,
                "max_age": entry.max_age,
                "eligibility_notes": "",
                "exclusions": list(entry.exclusions),
                "address": "",
                "opening_sessions": [dict(s) for s in entry.opening_sessions],
                "closures": [],
                "status": "active",
                "alert": "",
                "patient_script": "",
                "review_interval_days": 180,
                "is_example": True,
                "version": 1,
            }
            for entry in generate_services(services)
        ]
        with database.engine.begin() as connection:
            connection.execute(sa.insert(Service), rows)
    finally:
        database.dispose()


def reporting_manager(session: Session) -> StaffMember:
    """A manager to export and report as (the same one each time in a database)."""
    found = session.scalars(
        sa.select(StaffMember).where(StaffMember.name == "Benchmark Manager")
    ).first()
    if found is not None:
        return found
    manager = StaffMember(name="Benchmark Manager", role=Role.MANAGER, practice=None)
    session.add(manager)
    session.flush()
    return manager
