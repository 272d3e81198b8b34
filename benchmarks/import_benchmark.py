"""Importing 10,000 Open Referral UK services (JSON) into a new SQLite database: read, check,
preview and apply in one transaction, audit entries included.

Run: ``python -m benchmarks.import_benchmark [--services 10000]``
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from benchmarks.directory_generator import generate_services
from signposting.accounts.passwords import add_staff
from signposting.config import sqlite_url
from signposting.db.engine import Database
from signposting.db.migrate import upgrade
from signposting.db.models import StaffMember
from signposting.directory.io.importer import apply_import, read_directory_file
from signposting.directory.io.model import ServiceData
from signposting.directory.io.oruk import write_oruk_json
from signposting.domain import Role


def as_data(count: int) -> list[ServiceData]:
    return [
        ServiceData(
            {
                "key": f"svc-{entry.id}",
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
                "phone": "01632 960101",
                "email": None,
                "website": "https://example.org/service",
                "address": "1 High Street, Riverside",
                "opening_sessions": [dict(s) for s in entry.opening_sessions],
                "closures": [],
                "status": "active",
                "alert": "",
                "patient_script": "",
                "snomed_code": None,
                "snomed_term": None,
                "last_verified": "2026-10-01",
                "review_interval_days": 180,
                "notes": "",
            }
        )
        for entry in generate_services(count)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--services", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        feed = Path(folder) / "feed.json"
        feed.write_text(write_oruk_json(as_data(args.services)), encoding="utf-8")
        size = feed.stat().st_size
        database = Database(sqlite_url(Path(folder) / "import.db"))
        upgrade(database)
        with database.unit_of_work() as session:  # password hashing is not what is measured
            manager_id = add_staff(
                session,
                None,
                "Bench Manager",
                Role.MANAGER,
                practice=None,
                password="benchmark password",
            ).id
        started = time.perf_counter()
        services = read_directory_file(feed)
        read_done = time.perf_counter()
        with database.unit_of_work() as session:
            manager = session.get_one(StaffMember, manager_id)
            session.info["actor"] = manager
            apply_import(session, manager, services)
        finished = time.perf_counter()
        database.dispose()
    print(f"{args.services:,} ORUK services ({size / 1e6:.1f} MB JSON):")
    print(f"  read and check  {read_done - started:6.2f} s")
    print(f"  preview, apply and commit (audited)  {finished - read_done:6.2f} s")
    print(f"  total  {finished - started:6.2f} s (target 3 s)")


if __name__ == "__main__":
    main()
