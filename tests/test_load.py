"""Twenty desks recording one signpost a second each for two minutes against the PostgreSQL
server while a manager edits the directory: nothing lost, nothing doubled, every change seen at
every desk. (Timings are printed by benchmarks/load_benchmark.py, not asserted here.)"""

from __future__ import annotations

import os

import pytest

from benchmarks.load_benchmark import prepare, run_load

DESKS = 20
SECONDS = float(os.environ.get("SIGNPOSTING_LOAD_SECONDS", "120"))


@pytest.mark.slow
def test_many_desks_lose_and_double_nothing(database_url: str, backend: str) -> None:
    if backend != "postgresql":
        pytest.skip("many desks share a PostgreSQL server, not an SQLite file")
    prepare(database_url)
    result = run_load(database_url, DESKS, SECONDS)
    print(result.report())
    assert result.recorded >= DESKS * int(SECONDS) * 0.9
    assert result.stored == result.recorded
    assert result.distinct == result.stored
    assert result.edits >= 1
    assert result.unseen == 0
