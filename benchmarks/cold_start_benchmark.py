"""Cold start: from a new Python process to a desk window that has answered its first search.

Run: ``python -m benchmarks.cold_start_benchmark [--services 10000] [--runs 3]``
The directory is generated into an SQLite file first. In each round, taking turns so that a busy
machine slows each alike: a bare PySide6 window; a bare window after the same imports as the
desk; the desk's first start on this PC (no saved index: it builds and saves one); the desk's
later start (opening the saved index); and the program as installed (``signposting desk
--smoke-test``, a later start: the command line's modules, the schema check, the window, a phrase
typed key by key until services come back). Medians are printed, with the later start as a
ratio of the bare window with the same imports.
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
BARE_WITH_IMPORTS = """
from PySide6.QtWidgets import QApplication, QMainWindow
from signposting.db.engine import Database
from signposting.db.migrate import ensure_schema
from signposting.reception.session import DeskSession
from signposting.ui.desk.window import DeskWindow
app = QApplication([])
window = QMainWindow()
window.show()
app.processEvents()
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
        time_process(["-c", DESK, url], "shown", "ready", data=data)  # saves the index: untimed
        bare, imports, first, later, installed = [], [], [], [], []
        for run in range(args.runs):  # taking turns, so a busy machine slows each alike
            bare += time_process(["-c", BARE], "ready", data=data)
            imports += time_process(["-c", BARE_WITH_IMPORTS], "ready", data=data)
            fresh = Path(folder) / f"fresh-{run}"  # no saved index here
            first.append(time_process(["-c", DESK, url], "shown", "ready", data=fresh))
            later.append(time_process(["-c", DESK, url], "shown", "ready", data=data))
            installed += time_process(entry, "desk smoke test: ", data=data)
    median = statistics.median
    print(f"cold start, median of {args.runs} runs (offscreen), {args.services:,} services:")
    print(f"  bare PySide6 window:                            {median(bare):.2f} s")
    print(f"  bare window after the desk's imports:           {median(imports):.2f} s")
    shown, ready = (median(times) for times in zip(*first, strict=True))
    print(f"  first start (builds and saves the index):       {ready:.2f} s (shown {shown:.2f} s)")
    shown, ready = (median(times) for times in zip(*later, strict=True))
    print(f"  later start (opens the saved index):            {ready:.2f} s (shown {shown:.2f} s)")
    print(f"    as a ratio of the bare window with imports:   {ready / median(imports):.2f}x")
    print(f"  signposting desk --smoke-test, results in:      {median(installed):.2f} s")


if __name__ == "__main__":
    main()
