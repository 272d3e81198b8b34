"""Time for one committed signpost, SQLite (WAL, synchronous FULL) and PostgreSQL.

Run: ``python -m benchmarks.recording_benchmark [--count 500] [--postgres URL]``
PostgreSQL defaults to ``SIGNPOSTING_TEST_POSTGRES_URL``; a throwaway database is made there.
Each record is its own transaction through the desk's own code path (DeskSession.record).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.postgres import throwaway_database
from benchmarks.search_benchmark import percentile
from benchmarks.seed import seed_directory
from signposting.config import sqlite_url
from signposting.db.engine import Database
from signposting.domain import Outcome
from signposting.reception.session import DeskSession


def time_records(url: str, count: int) -> list[float]:
    seed_directory(url, 200)
    database = Database(url)
    try:
        desk = DeskSession(database)
        desk.choose_staff(desk.staff_choices()[0].id)
        service_ids = list(desk.engine.services.entries)
        timings = []
        for number in range(count):
            started = time.perf_counter()
            desk.record(Outcome.ACCEPTED, service_id=service_ids[number % len(service_ids)], age=40)
            timings.append((time.perf_counter() - started) * 1000)
        return timings
    finally:
        database.dispose()


def bare_sqlite_commit(path: Path, count: int) -> list[float]:
    """The floor: one INSERT and a durable commit with the same pragmas, no ORM."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    timings = []
    for number in range(count):
        started = time.perf_counter()
        connection.execute("BEGIN")
        connection.execute("INSERT INTO t (v) VALUES (?)", (str(number),))
        connection.execute("COMMIT")
        timings.append((time.perf_counter() - started) * 1000)
    connection.close()
    return timings


def report(label: str, timings: list[float]) -> None:
    print(
        f"{label:<34} p50 {statistics.median(timings):6.2f} ms   "
        f"p95 {percentile(timings, 0.95):6.2f} ms   max {max(timings):6.2f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--postgres", default=os.environ.get("SIGNPOSTING_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    print(f"{args.count} signposts, each committed in its own transaction")
    with tempfile.TemporaryDirectory() as folder:
        bare = bare_sqlite_commit(Path(folder) / "b.db", args.count)
        report("bare sqlite3 INSERT + COMMIT", bare)
        report("signposting on SQLite", time_records(sqlite_url(Path(folder) / "s.db"), args.count))
    if not args.postgres:
        print("PostgreSQL: skipped (set SIGNPOSTING_TEST_POSTGRES_URL or pass --postgres)")
        return
    with throwaway_database(args.postgres, "bench") as url:
        report("signposting on PostgreSQL", time_records(url, args.count))


if __name__ == "__main__":
    main()
