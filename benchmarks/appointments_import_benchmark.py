"""Reading NHS England's practice-level appointments CSV: a generated file of 1,000,000 rows in
the published layout (many practices, three months), streamed for one practice and for a
network of five, then stored in a new SQLite database.

Run: ``python -m benchmarks.appointments_import_benchmark [--rows 1000000] [--keep FILE]``
"""

from __future__ import annotations

import argparse
import csv
import itertools
import random
import resource
import tempfile
import time
from pathlib import Path

from signposting.accounts.passwords import add_staff
from signposting.analysis.appointment_months import store_national_appointments
from signposting.analysis.national_appointments import (
    HCP_TYPES,
    PUBLISHED_COLUMNS,
    STATUSES,
    read_national_appointments,
)
from signposting.config import sqlite_url
from signposting.db.engine import Database
from signposting.db.migrate import upgrade
from signposting.db.models import StaffMember
from signposting.domain import Role

MONTHS = ("01JUL2026", "01AUG2026", "01SEP2026")
MODES = ("Face-to-Face", "Telephone", "Home Visit", "Video Conference/Online", "Unknown")
CATEGORIES = (
    "General Consultation Routine",
    "General Consultation Acute",
    "Clinical Triage",
    "Planned Clinics",
    "Planned Clinical Procedure",
    "Structured Medication Review",
    "Unplanned Clinical Activity",
    "Home Visit",
    "Care Home Visit",
    "Social Prescribing Service",
    "Service provided by organisation external to the practice",
    "Walk-in",
    "Inconsistent Mapping",
    "Unmapped",
)
INTERVALS = (
    "Same Day",
    "1 Day",
    "2 to 7 Days",
    "8  to 14 Days",
    "15  to 21 Days",
    "22  to 28 Days",
    "More than 28 Days",
    "Unknown / Data Quality",
)
SUPPLIERS = ("EMIS", "TPP")
ROWS_PER_PRACTICE_MONTH = 220


def practice_code(number: int) -> str:
    return f"{'ABCDEFGHJKLMNPMY'[number % 16]}{81000 + number:05d}"


def generate(path: Path, rows: int, seed: int = 7) -> int:
    """Write ``rows`` rows in the published layout; returns how many practices they cover."""
    chance = random.Random(seed)
    combinations = list(itertools.product(HCP_TYPES, MODES, CATEGORIES, INTERVALS, STATUSES))
    per_practice = ROWS_PER_PRACTICE_MONTH * len(MONTHS)
    practices = max(1, -(-rows // per_practice))
    written = 0
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\r\n")
        writer.writerow(PUBLISHED_COLUMNS)
        for number in range(practices):
            code = practice_code(number)
            network = f"U{60000 + number // 6:05d}"
            place = (
                code,
                f"PRACTICE {number}, HIGH STREET",
                SUPPLIERS[number % 2],
                network,
                f"NETWORK {network} PCN",
                f"{number % 90:02d}X",
                f"NHS Example ICB - {number % 90:02d}X",
            )
            for month in MONTHS:
                for hcp, mode, category, interval, status in chance.sample(
                    combinations, min(ROWS_PER_PRACTICE_MONTH, rows - written)
                ):
                    count = chance.randint(1, 60)
                    writer.writerow((month, *place, hcp, mode, category, interval, count, status))
                    written += 1
                if written >= rows:
                    return number + 1
    return practices


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bare_csv_pass(path: Path) -> float:
    started = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as stream:
        for _row in csv.reader(stream):
            pass
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="also keep the generated file here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = args.keep or Path(folder) / "Practice_Level_Crosstab_Sep_26.csv"
        started = time.perf_counter()
        practices = generate(path, args.rows)
        generated = time.perf_counter() - started
        size = path.stat().st_size
        memory_before = peak_memory_mb()
        bare = bare_csv_pass(path)

        # The practice is the last in the file, so every row is read before it is found.
        one = [practice_code(practices - 1)]
        started = time.perf_counter()
        found = read_national_appointments(path, one)
        one_practice = time.perf_counter() - started
        network = [practice_code(number) for number in range(5)]
        started = time.perf_counter()
        five = read_national_appointments(path, network)
        five_practices = time.perf_counter() - started
        memory_after = peak_memory_mb()

        database = Database(sqlite_url(Path(folder) / "appointments.db"))
        upgrade(database)
        with database.unit_of_work() as session:  # password hashing is not what is measured
            manager_id = add_staff(
                session, None, "Bench Manager", Role.MANAGER, practice=None, password="bench pw 1"
            ).id
        started = time.perf_counter()
        with database.unit_of_work() as session:
            stored = store_national_appointments(
                session, session.get_one(StaffMember, manager_id), five
            )
        store = time.perf_counter() - started
        database.dispose()

    print(
        f"{found.rows_read:,} rows, {practices:,} practices, {len(MONTHS)} months "
        f"({size / 1e6:.0f} MB; generated in {generated:.1f} s)"
    )
    print(f"  csv.reader alone over the file       {bare:6.2f} s")
    rate = (
        f"{found.rows_read / one_practice / 1e3:,.0f}k rows/s, {size / one_practice / 1e6:.0f} MB/s"
    )
    print(
        f"  read for one practice (last in file) {one_practice:6.2f} s  ({rate}); "
        f"{sum(found.rows_kept.values())} rows kept, {len(found.counts)} cells"
    )
    print(
        f"  read for a network of five           {five_practices:6.2f} s; "
        f"{sum(five.rows_kept.values()):,} rows kept, {len(five.counts)} cells"
    )
    print(
        f"  store five practices' {stored.practice_months} practice-months in SQLite {store:6.2f} s"
    )
    print(
        f"  peak memory {memory_after:.0f} MB (before reading: {memory_before:.0f} MB); "
        "the file is streamed, never held whole"
    )


if __name__ == "__main__":
    main()
