"""Cold start: from a new Python process to a desk window that has answered its first search.

Run: ``python -m benchmarks.cold_start_benchmark [--services 10000] [--runs 3]``
The directory is generated into an SQLite file first. Three starts are timed: the desk's
modules imported and its window shown and searched; the program as installed (``signposting
desk --smoke-test``: the command line's modules, the schema check, the window, a phrase typed
key by key until services come back); and, for comparison, a bare PySide6 window.
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
print("shown", flush=True)
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


def time_process(arguments: list[str], *markers: str, data: Path) -> list[float]:
    """Seconds from starting the process to each line beginning with one of ``markers``."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "SIGNPOSTING_DATA_DIR": str(data)}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    times = []
    for marker in markers:
        line = process.stdout.readline()
        times.append(time.perf_counter() - started)
        if not line.startswith(marker):
            process.kill()
            raise RuntimeError(f"the window did not start: {line.strip()!r}")
    process.wait()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        url = sqlite_url(Path(folder) / "cold.db")
        seed_directory(url, args.services)
        entry = ["-m", "signposting", "--database", url, "desk", "--smoke-test", "bad back"]
        bare, desk, installed = [], [], []
        for _ in range(args.runs):  # taking turns, so a busy machine slows each alike
            bare += time_process(["-c", BARE], "ready", data=data)
            desk.append(time_process(["-c", DESK, url], "shown", "ready", data=data))
            installed += time_process(entry, "desk smoke test: ", data=data)
    print(f"cold start, median of {args.runs} runs (offscreen), {args.services:,} services:")
    print(f"  bare PySide6 window:                         {statistics.median(bare):.2f} s")
    shown, ready = (statistics.median(times) for times in zip(*desk, strict=True))
    print(f"  desk window shown:                           {shown:.2f} s")
    print(f"  desk, first search answered:                 {ready:.2f} s")
    print(f"  signposting desk --smoke-test, results in:   {statistics.median(installed):.2f} s")


if __name__ == "__main__":
    main()
