"""How relevant the desk's service list is, on everyday requests written apart from the directory.

Run: ``python -m benchmarks.relevance_benchmark [--show-misses]``

The demo directory is loaded into a fresh SQLite database and the engine is built from it as a
desk builds its own (shipped vocabulary and red flags included). Each request in
``benchmarks/relevance/<half>/*.tsv`` (``text<TAB>expected``) is searched as a whole. For each
half this prints how often the first service shown is right (a ``none`` line is right when
nothing is shown), how often nothing is shown when nothing fits, and how many services are shown
on average and at most. Misses are printed for the tuning half only: the held-out half is for
its summary figures, never for reading line by line.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from signposting.db.engine import Database
from signposting.db.migrate import upgrade
from signposting.db.models import Service
from signposting.directory.demo import load_demo
from signposting.search.engine import SearchEngine
from signposting.search.loader import load_engine

DATA = Path(__file__).parent / "relevance"
HALVES = ("tuning", "heldout")
NOTHING = "none"
#: A Tuesday morning, when the demo's services are open (opening hours only mark, never hide).
MOMENT = datetime(2026, 11, 24, 11, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Request:
    text: str
    expected: frozenset[str]  # service keys, or {"none"}

    @property
    def fits_nothing(self) -> bool:
        return NOTHING in self.expected


@dataclass
class Figures:
    """One half's results."""

    requests: int = 0
    right: int = 0
    service_requests: int = 0
    service_right: int = 0
    none_requests: int = 0
    none_empty: int = 0
    shown: list[int] = field(default_factory=list)
    misses: list[tuple[Request, list[str]]] = field(default_factory=list)

    def add(self, request: Request, shown_keys: list[str]) -> None:
        self.requests += 1
        self.shown.append(len(shown_keys))
        if request.fits_nothing:
            self.none_requests += 1
            correct = not shown_keys
            self.none_empty += correct
        else:
            self.service_requests += 1
            correct = bool(shown_keys) and shown_keys[0] in request.expected
            self.service_right += correct
        self.right += correct
        if not correct:
            self.misses.append((request, shown_keys))

    def summary(self, label: str) -> str:
        return (
            f"{label:<8} {self.requests:3d} requests:"
            f" top-1 right {share(self.right, self.requests)}"
            f" (services {share(self.service_right, self.service_requests)},"
            f" nothing shown for 'none' {share(self.none_empty, self.none_requests)});"
            f" shown per request: mean {statistics.fmean(self.shown):.2f}, max {max(self.shown)}"
        )


def share(part: int, whole: int) -> str:
    return f"{part}/{whole} = {100 * part / whole:5.1f}%" if whole else "-"


def read_half(half: str) -> list[Request]:
    return [request for path in sorted((DATA / half).glob("*.tsv")) for request in read(path)]


def read(path: Path) -> list[Request]:
    requests = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        text, expected = line.rsplit("\t", 1)
        requests.append(Request(text, frozenset(expected.strip().split("|"))))
    return requests


def demo_engine(folder: Path) -> tuple[SearchEngine, dict[int, str]]:
    """The engine a desk builds over the demo directory, and each service id's key."""
    database = Database(f"sqlite:///{folder / 'relevance.db'}")
    try:
        upgrade(database)
        with database.unit_of_work(actor="benchmark") as session:
            load_demo(session)
        with database.unit_of_work(actor="benchmark") as session:
            engine = load_engine(session)
            rows = session.execute(sa.select(Service.id, Service.key))
            keys = {row.id: row.key for row in rows}
    finally:
        database.dispose()
    return engine, keys


def measure(engine: SearchEngine, keys: dict[int, str], requests: list[Request]) -> Figures:
    figures = Figures()
    for request in requests:
        result = engine.search(request.text, now=MOMENT)
        figures.add(request, [keys[match.entry.id] for match in result.services])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show-misses", action="store_true", help="list the tuning half's misses")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        engine, keys = demo_engine(Path(folder))
    results = {half: measure(engine, keys, read_half(half)) for half in HALVES}
    for half in HALVES:
        print(results[half].summary(half))
    for path in sorted((DATA / "heldout").glob("*.tsv")):
        print(measure(engine, keys, read(path)).summary(f"  {path.stem}"))
    every = [n for figures in results.values() for n in figures.shown]
    print(f"{'both':<8} {len(every):3d} requests: mean shown {statistics.fmean(every):.2f}")
    if args.show_misses:
        print("\nTuning misses (expected -> shown, best first):")
        for request, shown in results["tuning"].misses:
            expected = "|".join(sorted(request.expected))
            print(f"  {request.text!r}\n      {expected} -> {', '.join(shown) or '(nothing)'}")


if __name__ == "__main__":
    main()
