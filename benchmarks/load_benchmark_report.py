"""What the load benchmark found: latencies by pattern, checked against the database, as a table.

Median, p95 and p99 are each the median over rounds of that round's own figure (a staggered
round is a block of seconds, an at-once round one instant); max is the slowest record of all.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa

from benchmarks.load_benchmark_workers import BARE_TABLE
from benchmarks.search_benchmark import percentile

#: The two kinds of recording compared, and the table each stores into.
DESK, BARE = "signposting desk", "bare psycopg"
TABLES = {DESK: "signpost_record", BARE: BARE_TABLE}


@dataclass
class Run:
    """One pattern by one kind of recording: each round's latencies, the uuids, and then what
    the database holds of them."""

    latencies_by_round: list[list[float]] = field(default_factory=list)
    uuids: list[str] = field(default_factory=list)
    queued: int = 0
    lost: int = 0
    doubled: int = 0

    @property
    def records(self) -> int:
        return len(self.uuids)

    def over_rounds(self, share: float) -> float:
        """The median over rounds of each round's ``share`` percentile."""
        return statistics.median(percentile(r, share) for r in self.latencies_by_round)

    @property
    def slowest(self) -> float:
        return max(max(r) for r in self.latencies_by_round)

    def pooled(self, share: float) -> float:
        return percentile([v for r in self.latencies_by_round for v in r], share)


@dataclass
class LoadResult:
    desks: int
    runs: dict[tuple[str, str], Run] = field(default_factory=dict)
    #: Each kind's untimed warm-up records, checked like the rest.
    warm_up: dict[str, list[str]] = field(default_factory=dict)
    #: The manager's edits (marker and when made) and, for each desk, when it saw each one.
    edits: dict[str, float] = field(default_factory=dict)
    seen: list[dict[str, float]] = field(default_factory=list)
    #: Records still in a desk's outbox after it last sent its queue.
    still_queued: int = 0
    #: Rows in each kind's table that no worker reported making.
    unaccounted: dict[str, int] = field(default_factory=dict)
    #: Seconds from spawning the processes until all were ready, and the machine's load average
    #: (1, 5, 15 min) when timing began and when it ended.
    setup_s: float = 0.0
    load_average: dict[str, tuple[float, ...]] = field(default_factory=dict)

    def run(self, pattern: str, kind: str) -> Run:
        return self.runs.setdefault((pattern, kind), Run())

    @property
    def propagation_s(self) -> list[float]:
        return [d[m] - made for m, made in self.edits.items() for d in self.seen if m in d]

    @property
    def unseen(self) -> int:
        return sum(m not in d for m in self.edits for d in self.seen)


def check_database(url: str, result: LoadResult) -> None:
    """Count, for every uuid a worker was told is stored (or queued, then sent), the rows that
    hold it: none is lost, more than one is doubled."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            for kind, table in TABLES.items():
                runs = [run for (_, k), run in result.runs.items() if k == kind]
                if not runs:
                    continue
                stored = Counter(connection.exec_driver_sql(f"SELECT uuid FROM {table}").scalars())
                for run in runs:
                    told = set(run.uuids)
                    run.lost = sum(stored[u] == 0 for u in told)
                    run.doubled = sum(stored[u] - 1 for u in told if stored[u] > 1)
                    run.doubled += len(run.uuids) - len(told)
                reported = {u for run in runs for u in run.uuids} | set(result.warm_up[kind])
                result.unaccounted[kind] = sum(n for u, n in stored.items() if u not in reported)
    finally:
        engine.dispose()


def _ratio(desk: float, bare: float) -> str:
    return f"x{desk / bare:.2f}" if bare else "-"


def report(result: LoadResult) -> str:
    header = (
        f"{'pattern':<10} {'recording':<17} {'desks':>5} {'records':>7} {'median':>7} "
        f"{'p95':>7} {'p99':>7} {'max':>7} {'lost':>5} {'doubled':>7} {'queued':>6}"
    )
    lines = ["latency in ms from the call that records until it returns", header]
    for (pattern, kind), run in result.runs.items():
        queued = str(run.queued) if kind == DESK else "-"
        lines.append(
            f"{pattern:<10} {kind:<17} {result.desks:>5} {run.records:>7} "
            f"{run.over_rounds(0.5):>7.1f} {run.over_rounds(0.95):>7.1f} "
            f"{run.over_rounds(0.99):>7.1f} {run.slowest:>7.1f} {run.lost:>5} "
            f"{run.doubled:>7} {queued:>6}"
        )
    for pattern in dict.fromkeys(p for p, _ in result.runs):
        desk, bare = result.runs.get((pattern, DESK)), result.runs.get((pattern, BARE))
        if desk is None or bare is None:
            continue
        paired = statistics.median(
            percentile(d, 0.95) / percentile(b, 0.95)
            for d, b in zip(desk.latencies_by_round, bare.latencies_by_round, strict=True)
        )
        lines.append(
            f"{pattern}: p95 signposting / p95 bare "
            f"{_ratio(desk.over_rounds(0.95), bare.over_rounds(0.95))} "
            f"(each round against the bare round beside it, median: x{paired:.2f}; "
            f"all records pooled: {_ratio(desk.pooled(0.95), bare.pooled(0.95))})"
        )
    accounted = ", ".join(f"{TABLES[k]} {n}" for k, n in result.unaccounted.items())
    lines.append(
        f"rows no worker reported: {accounted}; records left in an outbox: {result.still_queued}"
    )
    times = result.propagation_s
    lines.append(
        f"{len(result.edits)} directory edits; reaching each desk took median "
        f"{statistics.median(times) if times else 0:.2f} s, p95 "
        f"{percentile(times, 0.95) if times else 0:.2f} s, max {max(times, default=0):.2f} s; "
        f"{result.unseen} desk-edit pairs never seen"
    )
    loads = "; ".join(
        f"{when} {' '.join(f'{v:.2f}' for v in load)}" for when, load in result.load_average.items()
    )
    lines.append(f"processes ready after {result.setup_s:.0f} s; load average {loads}")
    return "\n".join(lines)
