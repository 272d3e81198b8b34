"""A desk recording on SQLite while another process imports a large directory in one
transaction (holding the write lock throughout): how long each desk record waits, and where it
was kept (the database, or this PC's outbox until the lock frees). Every record is counted
afterwards: none lost, none doubled.

Run: ``python -m benchmarks.record_behind_import_benchmark [--services 200000]``
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from benchmarks.import_benchmark import as_data
from signposting.accounts.passwords import add_staff
from signposting.config import sqlite_url
from signposting.db.engine import Database
from signposting.db.migrate import upgrade
from signposting.db.models import SignpostRecord, StaffMember
from signposting.directory.demo import load_demo
from signposting.directory.io.importer import apply_import
from signposting.domain import Outcome, Role
from signposting.reception.desk_recorder import Kept
from signposting.reception.session import DeskSession

RECORD_EVERY_S = 0.25


def _import(url: str, manager_id: int, services: int, started: multiprocessing.Event) -> None:
    database = Database(url)
    data = as_data(services)
    with database.unit_of_work() as session:
        manager = session.get_one(StaffMember, manager_id)
        session.info["actor"] = manager
        session.execute(sa.text("SELECT 1"))
        started.set()
        apply_import(session, manager, data, retire_missing=False)
    database.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--services", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = sqlite_url(Path(folder) / "desk.db")
        database = Database(url)
        upgrade(database)
        with database.unit_of_work() as session:
            load_demo(session)
            manager_id = add_staff(
                session,
                None,
                "Bench Manager",
                Role.MANAGER,
                practice=None,
                password="benchmark password",
            ).id
        desk = DeskSession(database)
        service_id = desk.search("bad back").services[0].entry.id
        desk.finish_copy()  # the desk's start-up work is done before the clock starts
        started = multiprocessing.Event()
        importer = multiprocessing.Process(
            target=_import, args=(url, manager_id, args.services, started)
        )
        import_began = time.perf_counter()
        importer.start()
        started.wait()
        waits: list[float] = []
        kept: dict[Kept, int] = {Kept.DATABASE: 0, Kept.THIS_PC: 0}
        while importer.is_alive():
            request = desk.signpost_request(Outcome.ACCEPTED, service_id=service_id)
            before = time.perf_counter()
            result = desk.recorder.record(request)
            waits.append(time.perf_counter() - before)
            kept[result.kept] += 1
            time.sleep(RECORD_EVERY_S)
        importer.join()
        import_took = time.perf_counter() - import_began
        drain_began = time.perf_counter()
        while desk.queued:
            desk.send_queued()
            time.sleep(0.05)
        drained = time.perf_counter() - drain_began
        with database.unit_of_work() as session:
            stored = session.scalars(sa.select(SignpostRecord.uuid)).all()
        database.dispose()
    waits.sort()
    print(f"Desk recording on SQLite behind an import of {args.services:,} services:")
    print(f"  import (one transaction, another process)  {import_took:6.1f} s")
    print(f"  desk records made during it  {len(waits)}")
    print(
        f"  wait per record: median {statistics.median(waits) * 1000:.0f} ms, "
        f"max {waits[-1] * 1000:.0f} ms (target 500 ms)"
    )
    print(
        f"  kept in the database {kept[Kept.DATABASE]}, on this PC until the lock freed "
        f"{kept[Kept.THIS_PC]}; outbox emptied {drained:.2f} s after the import"
    )
    print(f"  stored {len(stored)}, distinct {len(set(stored))} (made {len(waits)})")


if __name__ == "__main__":
    main()
