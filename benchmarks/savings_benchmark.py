"""The savings analysis for a year of a busy Primary Care Network: 200,000 signposts.

Run: ``python -m benchmarks.savings_benchmark [--rows 200000] [--postgres URL]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks.export_benchmark import seed_records
from benchmarks.postgres import throwaway_database
from benchmarks.seed import reporting_manager
from signposting.analysis.assumptions import Assumptions
from signposting.analysis.report import render_report_html
from signposting.analysis.savings import analyse
from signposting.config import sqlite_url
from signposting.db.engine import Database

PERIOD = (date(2025, 11, 1), date(2026, 10, 31))


def measure(url: str, label: str, rows: int) -> None:
    seed_records(url, rows)
    database = Database(url)
    try:
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            with database.unit_of_work() as session:
                analysis = analyse(session, reporting_manager(session), *PERIOD, Assumptions())
            analysed = time.perf_counter()
            render_report_html(analysis)
            timings.append((analysed - started, time.perf_counter() - analysed))
        analysed_in = statistics.median(t[0] for t in timings)
        rendered_in = statistics.median(t[1] for t in timings)
        print(
            f"{label:<11} {analysis.total.signposts:,} signposts: analysis {analysed_in:.2f} s, "
            f"HTML report {rendered_in:.2f} s (median of 3)"
        )
    finally:
        database.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--postgres", default=os.environ.get("SIGNPOSTING_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        measure(sqlite_url(Path(folder) / "savings.db"), "SQLite", args.rows)
    if not args.postgres:
        print("PostgreSQL: skipped (set SIGNPOSTING_TEST_POSTGRES_URL or pass --postgres)")
        return
    with throwaway_database(args.postgres, "savings") as url:
        measure(url, "PostgreSQL", args.rows)


if __name__ == "__main__":
    main()
