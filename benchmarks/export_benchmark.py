"""Exporting 1,000,000 signpost records, against sqlite3's own CSV output, Python's csv.writer
over the raw rows, and PostgreSQL's COPY ... TO STDOUT CSV, all measured in the same run.

Run: ``python -m benchmarks.export_benchmark [--rows 1000000] [--postgres URL]``
Our export runs in a fresh process so its peak memory (max RSS) is its own.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from benchmarks.postgres import throwaway_database
from benchmarks.seed import seed_directory
from signposting.config import sqlite_url

OURS = """
import resource, sys, time
from pathlib import Path
from signposting.db.engine import Database
from signposting.export.profiles import Profile
from signposting.export.records import export_records
from benchmarks.seed import reporting_manager
database = Database(sys.argv[1])
with database.unit_of_work() as session:
    manager_id = reporting_manager(session).id
started = time.perf_counter()
rows = export_records(database, Path(sys.argv[2]), Profile.EMIS, actor_id=manager_id)
elapsed = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{rows} {elapsed:.3f} {peak:.0f}")
"""
JOINED = (
    "SELECT r.recorded_at, p.ods_code, s.name, sv.name, sv.snomed_code, sv.snomed_term, "
    "r.outcome, r.channel, r.age_band FROM signpost_record r "
    "JOIN practice p ON p.id = r.practice_id LEFT JOIN staff_member s ON s.id = r.staff_id "
    "LEFT JOIN service sv ON sv.id = r.service_id ORDER BY r.recorded_at, r.id"
)
OUTCOMES = ["accepted"] * 6 + ["declined", "no_suitable_service", "booked_clinician"]
BANDS = [None, "18-24", "25-44", "45-64", "65-74", "75+"]


def seed_records(url: str, rows: int) -> None:
    """``rows`` records over a year, with the realistic mix of outcomes and channels."""
    seed_directory(url, 500)
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        services = [r[0] for r in connection.exec_driver_sql("SELECT id FROM service")]
        staff = [r[0] for r in connection.exec_driver_sql("SELECT id FROM staff_member")]
        practice = connection.exec_driver_sql("SELECT id FROM practice").scalar()
    rng = random.Random(7)
    start = datetime(2025, 11, 1, 8, 0, tzinfo=UTC)
    batch = []
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        sql = (
            "INSERT INTO signpost_record (uuid, recorded_at, practice_id, staff_id, service_id, "
            "outcome, channel, age_band) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        )
        if url.startswith("postgresql"):
            sql = sql.replace("?", "%s")
        for number in range(rows):
            moment = start + timedelta(seconds=number * 31_536_000 // rows)
            batch.append(
                (
                    str(uuid.UUID(int=rng.getrandbits(128))),
                    moment
                    if url.startswith("postgresql")
                    else moment.strftime("%Y-%m-%d %H:%M:%S.%f"),
                    practice,
                    rng.choice(staff),
                    rng.choice(services),
                    rng.choice(OUTCOMES),
                    rng.choice(["phone"] * 8 + ["in_person", "online"]),
                    rng.choice(BANDS),
                )
            )
            if len(batch) == 50_000:
                cursor.executemany(sql, batch)
                batch.clear()
        if batch:
            cursor.executemany(sql, batch)
        raw.commit()
    finally:
        raw.close()
        engine.dispose()


def timed(label: str, action) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    action()
    elapsed = time.perf_counter() - started
    print(f"  {label:<44} {elapsed:6.2f} s")
    return elapsed


def run_ours(url: str, output: Path) -> float:
    done = subprocess.run(
        [sys.executable, "-c", OURS, url, str(output)], capture_output=True, text=True, check=True
    )
    rows, elapsed, peak = done.stdout.split()
    print(
        f"  {'signposting export (EMIS profile)':<44} {float(elapsed):6.2f} s   "
        f"peak memory {peak} MB   ({int(rows):,} rows)"
    )
    return float(elapsed)


def sqlite_run(database: Path, folder: Path, rows: int) -> None:
    url = sqlite_url(database)
    seed_records(url, rows)
    print(f"SQLite, {rows:,} records:")
    ours = run_ours(url, folder / "ours.csv")
    results = {}
    if shutil.which("sqlite3"):
        results["sqlite3"] = timed(
            "sqlite3 -csv (joined query, to a file)",
            lambda: subprocess.run(
                ["sqlite3", "-csv", "-header", str(database), JOINED],
                stdout=(folder / "cli.csv").open("w"),
                check=True,
            ),
        )
    else:
        print("  sqlite3 command-line shell not installed: skipped")

    def python_csv() -> None:
        connection = sqlite3.connect(database)
        with (folder / "py.csv").open("w", newline="") as handle:
            csv.writer(handle).writerows(connection.execute(JOINED))
        connection.close()

    results["csv.writer"] = timed("Python csv.writer over the raw joined rows", python_csv)
    for name, seconds in results.items():
        print(f"  our time / {name}: {ours / seconds:.2f}x")


def postgres_run(url: str, folder: Path, rows: int) -> None:
    with throwaway_database(url, "export") as target:
        seed_records(target, rows)
        print(f"PostgreSQL, {rows:,} records:")
        ours = run_ours(target, folder / "pg-ours.csv")
        engine = sa.create_engine(target)

        def copy_out() -> None:
            raw = engine.raw_connection()
            try:
                cursor = raw.cursor()
                with (
                    (folder / "copy.csv").open("wb") as handle,
                    cursor.copy(f"COPY ({JOINED}) TO STDOUT WITH (FORMAT csv, HEADER)") as copy,
                ):
                    for data in copy:
                        handle.write(data)
            finally:
                raw.close()

        copy_seconds = timed("COPY (joined query) TO STDOUT CSV", copy_out)
        engine.dispose()
        print(f"  our time / COPY: {ours / copy_seconds:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--postgres", default=os.environ.get("SIGNPOSTING_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        sqlite_run(Path(folder) / "export.db", Path(folder), args.rows)
        if args.postgres:
            postgres_run(args.postgres, Path(folder), args.rows)
        else:
            print("PostgreSQL: skipped (set SIGNPOSTING_TEST_POSTGRES_URL or pass --postgres)")


if __name__ == "__main__":
    main()
