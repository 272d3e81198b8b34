"""A few desks, each its own process, recording on the PostgreSQL server staggered and all at
once, beside bare inserts, while a manager edits the directory: nothing lost, nothing doubled,
no stray rows, every change seen at every desk. (Timings are printed by
benchmarks/load_benchmark.py, not asserted here.)"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from benchmarks.load_benchmark import LoadSettings, prepare, run_load
from benchmarks.load_benchmark_report import BARE, DESK, report

#: Small by default; SIGNPOSTING_LOAD_DESKS and SIGNPOSTING_LOAD_SECONDS make it larger (twenty
#: desks for two minutes, say).
SETTINGS = LoadSettings(
    desks=int(os.environ.get("SIGNPOSTING_LOAD_DESKS", "3")),
    rounds=3,
    seconds=int(os.environ.get("SIGNPOSTING_LOAD_SECONDS", "3")),
    edit_every=1.0,
)


@pytest.mark.slow
def test_desk_processes_lose_and_double_nothing(
    database_url: str, backend: str, tmp_path: Path
) -> None:
    if backend != "postgresql":
        pytest.skip("many desks share a PostgreSQL server, not an SQLite file")
    prepare(database_url)
    result = run_load(database_url, SETTINGS, tmp_path)
    print(report(result))
    expected = {
        "staggered": SETTINGS.desks * SETTINGS.seconds,
        "at-once": SETTINGS.desks * SETTINGS.rounds,
    }
    assert {key: run.records for key, run in result.runs.items()} == {
        (pattern, kind): count for pattern, count in expected.items() for kind in (DESK, BARE)
    }
    assert all(run.lost == 0 and run.doubled == 0 for run in result.runs.values())
    assert result.unaccounted == {DESK: 0, BARE: 0}
    assert result.still_queued == 0
    assert result.edits
    assert result.unseen == 0
