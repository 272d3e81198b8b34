"""Many desks on one PostgreSQL server: each records one signpost a second while a manager edits
the directory. Counts lost and duplicated records, times each record, and times how long each
directory change takes to reach every desk.

Run: ``python -m benchmarks.load_benchmark [--desks 20] [--seconds 120] [--postgres URL]``
(the slow test ``tests/test_load.py`` runs the same load and checks nothing is lost).
"""

from __future__ import annotations

import argparse
import os
import statistics
import threading
import time
import uuid
from dataclasses import dataclass, field

import sqlalchemy as sa

from benchmarks.postgres import throwaway_database
from signposting.accounts.passwords import add_staff
from signposting.db.engine import Database
from signposting.db.migrate import upgrade
from signposting.db.models import Service, SignpostRecord, StaffMember
from signposting.directory.demo import load_demo
from signposting.directory.editing import update_service
from signposting.directory.watch import DirectoryWatcher
from signposting.domain import Outcome, Role
from signposting.reception.session import DeskSession

EDIT_EVERY_SECONDS = 5.0


@dataclass
class LoadResult:
    recorded: int = 0
    queued: int = 0
    stored: int = 0
    distinct: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    propagation_s: list[float] = field(default_factory=list)
    edits: int = 0
    unseen: int = 0

    def percentile(self, values: list[float], share: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0

    def report(self) -> str:
        lat, prop = self.latencies_ms, self.propagation_s
        return (
            f"{self.recorded} signposts recorded ({self.queued} queued), {self.stored} stored, "
            f"{self.distinct} distinct: lost {self.recorded - self.stored}, "
            f"duplicated {self.stored - self.distinct}\n"
            f"record latency: p50 {statistics.median(lat):.1f} ms, p95 "
            f"{self.percentile(lat, 0.95):.1f} ms, max {max(lat):.1f} ms\n"
            f"{self.edits} directory edits; reaching every desk took p50 "
            f"{statistics.median(prop) if prop else 0:.2f} s, "
            f"max {max(prop) if prop else 0:.2f} s; "
            f"{self.unseen} desk-edit pairs never seen"
        )


def prepare(url: str) -> None:
    database = Database(url)
    try:
        upgrade(database)
        with database.unit_of_work() as session:
            load_demo(session)
            add_staff(
                session,
                None,
                "Load Manager",
                Role.MANAGER,
                practice=None,
                password="load test password",
            )
    finally:
        database.dispose()


def run_load(url: str, desks: int, seconds: float) -> LoadResult:  # noqa: PLR0915 - one scenario
    """Run ``desks`` desks for ``seconds`` against a prepared database."""
    result = LoadResult()
    lock = threading.Lock()
    stop = threading.Event()
    sessions = [DeskSession(Database(url)) for _ in range(desks)]
    seen: list[dict[str, float]] = [{} for _ in range(desks)]
    marker_key = "msk-physio-self-referral"

    def watcher_for(index: int, desk: DeskSession) -> DirectoryWatcher:
        def changed(table: str, row_id: int | None) -> None:
            desk.apply_change(table, row_id)
            for entry in desk.engine.services.entries.values():
                if entry.alert.startswith("edit-"):
                    seen[index].setdefault(entry.alert, time.monotonic())

        return DirectoryWatcher(desk.database, changed)

    watchers = [watcher_for(i, desk) for i, desk in enumerate(sessions)]
    for watcher in watchers:
        watcher.start()
        watcher.listening.wait(10)
    service_ids = [list(desk.engine.services.entries)[:20] for desk in sessions]

    def desk_loop(index: int) -> None:
        desk, next_at = sessions[index], time.monotonic()
        while not stop.is_set():
            started = time.perf_counter()
            record_id = desk.record(
                Outcome.ACCEPTED, service_id=service_ids[index][int(started) % 20]
            )
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                result.recorded += 1
                result.queued += record_id is None
                result.latencies_ms.append(elapsed)
            next_at += 1.0
            stop.wait(max(0.0, next_at - time.monotonic()))

    edits: dict[str, float] = {}

    def manager_loop() -> None:
        database = Database(url)
        while not stop.wait(EDIT_EVERY_SECONDS):
            marker = f"edit-{uuid.uuid4().hex[:8]}"
            with database.unit_of_work() as session:
                manager = session.scalars(
                    sa.select(StaffMember).where(StaffMember.name == "Load Manager")
                ).one()
                service = session.scalars(sa.select(Service).where(Service.key == marker_key)).one()
                session.info["actor"] = manager
                update_service(session, manager, service.id, service.version, {"alert": marker})
            edits[marker] = time.monotonic()
        database.dispose()

    threads = [threading.Thread(target=desk_loop, args=(i,)) for i in range(desks)]
    threads.append(threading.Thread(target=manager_loop))
    for thread in threads:
        thread.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    time.sleep(3)  # let the last change arrive
    for watcher in watchers:
        watcher.stop()
    for desk in sessions:
        desk.send_queued()
        desk.database.dispose()
    result.edits = len(edits)
    for marker, made in edits.items():
        for desk_seen in seen:
            if marker in desk_seen:
                result.propagation_s.append(desk_seen[marker] - made)
            else:
                result.unseen += 1
    database = Database(url)
    with database.unit_of_work() as session:
        result.stored = int(
            session.scalar(sa.select(sa.func.count()).select_from(SignpostRecord)) or 0
        )
        result.distinct = int(
            session.scalar(sa.select(sa.func.count(sa.distinct(SignpostRecord.uuid)))) or 0
        )
    database.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--desks", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--postgres", default=os.environ.get("SIGNPOSTING_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    if not args.postgres:
        raise SystemExit("set SIGNPOSTING_TEST_POSTGRES_URL or pass --postgres")
    with throwaway_database(args.postgres, "load") as url:
        prepare(url)
        print(
            f"{args.desks} desks, one signpost a second each, {args.seconds:.0f} s, "
            f"a directory edit every {EDIT_EVERY_SECONDS:.0f} s:"
        )
        print(run_load(url, args.desks, args.seconds).report())


if __name__ == "__main__":
    main()
