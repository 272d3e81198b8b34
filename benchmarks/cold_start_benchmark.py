"""Cold start: from a new Python process to a desk window that has answered its first search.

Run: ``python -m benchmarks.cold_start_benchmark [--services 10000] [--runs 3]``
The directory is generated into an SQLite file first. For comparison the same measurement is
made for a bare PySide6 window.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.seed import seed_directory
from signposting.config import sqlite_url

DESK = """
import sys, time
from PySide6.QtWidgets import QApplication
from signposting.db.engine import Database
from signposting.db.migrate import ensure_schema
from signposting.reception.session import DeskSession
from signposting.ui.desk.window import DeskWindow
app = QApplication([])
database = Database(sys.argv[1])
ensure_schema(database)
session = DeskSession(database)
window = DeskWindow(session)
window.show()
app.processEvents()
window.search_box.setText("bad back")
app.processEvents()
assert window.results_model.rowCount() > 0
print("ready", flush=True)
"""
BARE = """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.show()
app.processEvents()
print("ready", flush=True)
"""


def time_process(code: str, *args: str) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - started
    process.wait()
    if line.strip() != "ready":
        raise RuntimeError("the window did not start")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = sqlite_url(Path(folder) / "cold.db")
        seed_directory(url, args.services)
        bare = [time_process(BARE) for _ in range(args.runs)]
        desk = [time_process(DESK, url) for _ in range(args.runs)]
    print(f"cold start, median of {args.runs} runs (offscreen):")
    print(f"  bare PySide6 window: {statistics.median(bare):.2f} s")
    desk_median = statistics.median(desk)
    print(f"  desk, {args.services:,} services, first search answered: {desk_median:.2f} s")


if __name__ == "__main__":
    main()
