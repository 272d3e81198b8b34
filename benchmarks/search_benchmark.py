"""Per-keystroke search latency at 1,000, 10,000 and 100,000 services, against SQLite FTS5.

Run: ``python -m benchmarks.search_benchmark [--sizes 1000,10000,100000]``
Each query is typed one character at a time; every prefix is a search, as at the desk.
The FTS5 baseline runs prefix queries ranked by bm25 over the same text (no typo tolerance).
"""

from __future__ import annotations

import argparse
import re
import sqlite3
import statistics
import time
from collections.abc import Callable

from benchmarks.directory_generator import QUERIES, generate_services
from signposting.redflags.protocol import shipped_entries
from signposting.search.engine import SearchEngine
from signposting.search.entries import ServiceEntry


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def type_queries(search: Callable[[str], object]) -> list[float]:
    """Milliseconds per keystroke over every prefix of every query."""
    timings = []
    for query in QUERIES:
        for end in range(1, len(query) + 1):
            started = time.perf_counter()
            search(query[:end])
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def build_fts(entries: list[ServiceEntry]) -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:")
    connection.execute(
        "CREATE VIRTUAL TABLE service_fts USING "
        "fts5(name, keywords, conditions, category, description)"
    )
    connection.executemany(
        "INSERT INTO service_fts (rowid, name, keywords, conditions, category, description) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [
            (
                e.id,
                e.name,
                " ; ".join(e.keywords),
                " ; ".join(e.conditions),
                e.category,
                e.description,
            )
            for e in entries
        ],
    )
    connection.commit()
    return connection


def fts_search(connection: sqlite3.Connection, text: str) -> list[tuple[int]]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    if not words:
        return []
    match = " ".join(f'"{word}"*' for word in words)
    return connection.execute(
        "SELECT rowid FROM service_fts WHERE service_fts MATCH ? "
        "ORDER BY bm25(service_fts, 3.0, 3.0, 2.5, 1.0, 0.5) LIMIT 20",
        (match,),
    ).fetchall()


def summarise(label: str, timings: list[float]) -> str:
    return (
        f"{label:<22} p50 {statistics.median(timings):7.3f} ms"
        f"   p95 {percentile(timings, 0.95):7.3f} ms   max {max(timings):7.3f} ms"
    )


def run(size: int) -> None:
    entries = list(generate_services(size))
    started = time.perf_counter()
    engine = SearchEngine.build(entries, shipped_entries())
    build_seconds = time.perf_counter() - started
    words = len(engine.services.matcher._known)
    ours = type_queries(engine.search)
    fts = build_fts(entries)
    baseline = type_queries(lambda text: fts_search(fts, text))
    fts.close()
    print(f"\n{size:,} services ({words:,} distinct words); index built in {build_seconds:.3f} s")
    print(summarise("signposting search", ours))
    print(summarise("SQLite FTS5 + bm25", baseline))
    ratio = percentile(baseline, 0.95) / percentile(ours, 0.95)
    median_ratio = statistics.median(baseline) / statistics.median(ours)
    print(
        f"FTS5 time / our time: p95 {ratio:.2f}x, p50 {median_ratio:.2f}x "
        "(above 1 means we are faster)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args()
    print(
        f"{len(QUERIES)} queries of 20 characters typed one key at a time "
        f"({sum(len(q) for q in QUERIES)} searches per size, red flags and eligibility included)"
    )
    for size in (int(part) for part in args.sizes.split(",")):
        run(size)


if __name__ == "__main__":
    main()
