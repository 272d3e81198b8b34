"""Time for one committed signpost against a bare durable insert, on SQLite and PostgreSQL.

Run: ``python -m benchmarks.recording_benchmark [--count 500] [--batch 25] [--postgres URL]``
PostgreSQL defaults to ``SIGNPOSTING_TEST_POSTGRES_URL``; a throwaway database is made there.

Each record is its own transaction through the desk's own code path (``DeskSession.record``)
and through the core call behind it (``record_signpost``). The floor on each database is a bare
INSERT and a durable COMMIT on the same file or server (sqlite3 with the desk's pragmas; plain
psycopg). They take turns in batches within one run, so a busy machine slows them alike;
the ratio is the project's time over the floor's. On PostgreSQL the messages each record
exchanges with the server are counted from the driver's protocol trace: round trips (replies
the client waits for), and whether a ping went first.
"""

from __future__ import annotations

import argparse
import os
import re
import sqlite3
import statistics
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

import sqlalchemy as sa

from benchmarks.postgres import throwaway_database
from benchmarks.search_benchmark import percentile
from benchmarks.seed import seed_directory
from signposting.config import sqlite_url
from signposting.db.engine import Database
from signposting.domain import Outcome
from signposting.reception.session import DeskSession
from signposting.recording.recorder import record_signpost

#: One record, of whatever kind; the batches of each kind take turns.
Step = Callable[[], None]
#: A string in libpq's trace: a statement's name or text.
QUOTED = re.compile(r'"([^"]*)"')
#: A Parse message in the trace: the statement's name and the first word of its text.
PARSE = re.compile(r'\s*"(?P<name>[^"]*)" "\s*(?P<word>\w+)')


class Desk:
    """The project's recording: a desk with someone at it, signposting to varied services."""

    def __init__(self, url: str) -> None:
        self.database = Database(url)
        self.session = DeskSession(self.database)
        self.session.choose_staff(self.session.staff_choices()[0].id)
        with self.database.unit_of_work() as session:
            self.service_ids = list(session.scalars(sa.text("SELECT id FROM service")))
        self.count = 0

    def _next_service(self) -> int:
        self.count += 1
        return self.service_ids[self.count % len(self.service_ids)]

    def record(self) -> None:
        """What the receptionist waits for: the worker thread, the deadline, the commit."""
        if self.session.record(Outcome.ACCEPTED, service_id=self._next_service(), age=40) is None:
            raise RuntimeError("the record went to the outbox: the database did not answer")

    def record_core(self) -> None:
        """The core call alone, on this thread."""
        request = self.session.signpost_request(
            Outcome.ACCEPTED, service_id=self._next_service(), age=40
        )
        record_signpost(self.database, request)

    def close(self) -> None:
        self.session.recorder.outbox.close()
        self.database.dispose()


def bare_sqlite(path: Path) -> tuple[Step, Callable[[], None]]:
    """The floor on SQLite: one INSERT and a durable commit with the desk's pragmas, no ORM."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")

    def step() -> None:
        connection.execute("BEGIN")
        connection.execute("INSERT INTO t (v) VALUES (?)", ("x",))
        connection.execute("COMMIT")

    return step, connection.close


def psycopg_conninfo(url: str) -> str:
    return sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def bare_postgres(url: str, *, autocommit: bool) -> tuple[Step, Callable[[], None], Any]:
    """The floor on PostgreSQL with plain psycopg: INSERT then COMMIT (BEGIN, INSERT, COMMIT:
    three round trips) or, with ``autocommit``, the INSERT alone, which commits by itself."""
    import psycopg  # noqa: PLC0415 - only when a server is measured

    connection = psycopg.connect(psycopg_conninfo(url), autocommit=autocommit)
    table = "bare_autocommit" if autocommit else "bare_insert"
    with connection.transaction():
        connection.execute(f"CREATE TABLE IF NOT EXISTS {table} (id serial PRIMARY KEY, v text)")

    def step() -> None:
        connection.execute(f"INSERT INTO {table} (v) VALUES (%s)", ("x",))
        if not autocommit:
            connection.commit()

    return step, connection.close, connection


def interleaved(steps: dict[str, Step], count: int, batch: int) -> dict[str, list[float]]:
    """Milliseconds per record for each kind, in alternating batches (the order reversed every
    round), after one untimed batch each to warm connections and caches."""
    for step in steps.values():
        for _ in range(batch):
            step()
    timings: dict[str, list[float]] = {name: [] for name in steps}
    names = list(steps)
    done = 0
    while done < count:
        size = min(batch, count - done)
        for name in names if (done // batch) % 2 == 0 else reversed(names):
            step = steps[name]
            for _ in range(size):
                started = time.perf_counter()
                step()
                timings[name].append((time.perf_counter() - started) * 1000)
        done += size
    return timings


def report(timings: dict[str, list[float]], floor: str) -> None:
    base_p50 = statistics.median(timings[floor])
    base_p95 = percentile(timings[floor], 0.95)
    for label, values in timings.items():
        p50, p95 = statistics.median(values), percentile(values, 0.95)
        ratio = "" if label == floor else f"   x{p50 / base_p50:4.2f} / x{p95 / base_p95:4.2f}"
        print(
            f"  {label:<44} p50 {p50:6.2f} ms   p95 {p95:6.2f} ms   max {max(values):7.2f} ms"
            f"{ratio}"
        )
    print(f"  (x p50 / x p95: each over the {floor!r} floor)")


class ProtocolTrace:
    """libpq's trace of every message on the connections given to ``follow``, a file for each.

    ``mark`` flushes the files and notes where they end: ``exchanges`` counts from there.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.traced: list[tuple[Any, Path, int]] = []
        self._sinks: list[TextIO] = []

    def follow(self, dbapi_connection: Any, _record: Any = None) -> None:
        path = self.folder / f"trace-{len(self._sinks)}.txt"
        self._sinks.append(path.open("w", encoding="utf-8"))
        self._trace(dbapi_connection, self._sinks[-1])
        self.traced.append((dbapi_connection, path, 0))

    @staticmethod
    def _trace(dbapi_connection: Any, sink: TextIO) -> None:
        from psycopg import pq  # noqa: PLC0415

        dbapi_connection.pgconn.trace(sink.fileno())
        dbapi_connection.pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS)

    def _flush(self) -> None:
        for dbapi_connection, _path, _start in self.traced:
            if not dbapi_connection.closed:
                dbapi_connection.pgconn.untrace()  # flushes libpq's buffer

    def mark(self) -> None:
        self._flush()
        self.traced = [(c, path, path.stat().st_size) for c, path, _ in self.traced]
        for (dbapi_connection, _path, _start), sink in zip(self.traced, self._sinks, strict=True):
            if not dbapi_connection.closed:
                self._trace(dbapi_connection, sink)

    def exchanges(self) -> Counter[str]:
        """What was exchanged since ``mark``: round trips, pings and statements by kind."""
        self._flush()
        counts: Counter[str] = Counter()
        for _connection, path, start in self.traced:
            text = path.read_text(encoding="utf-8")
            counts += exchanges(text[:start].splitlines(), text[start:].splitlines())
        for sink in self._sinks:
            sink.close()
        return counts


def exchanges(before: list[str], lines: list[str]) -> Counter[str]:
    """Round trips in a piece of one connection's trace (replies the client waited for), pings,
    and the statements executed, by first word; ``before`` names the prepared statements."""
    counts: Counter[str] = Counter()
    prepared: dict[str, str] = {}
    bound = "?"
    for number, line in enumerate([*before, *lines]):
        direction, _length, kind, detail = [*line.split("\t", 3), "", "", "", ""][:4]
        counting = number >= len(before)
        if direction == "B" and kind == "ReadyForQuery" and counting:
            counts["round trips"] += 1
        elif direction == "F" and kind == "Parse" and (parsed := PARSE.match(detail)):
            prepared[parsed["name"]] = parsed["word"].upper()
        elif direction == "F" and kind == "Bind" and len(quoted := QUOTED.findall(detail)) >= 2:
            bound = prepared.get(quoted[1], "?")
        elif direction == "F" and kind == "Execute" and counting:
            counts[bound] += 1
        elif direction == "F" and kind == "Query" and counting:
            text = (QUOTED.findall(detail) or [""])[0].strip()
            counts["ping" if text in ("", ";") else text.split()[0].upper()] += 1
    return counts


def count_round_trips(url: str, records: int, folder: Path) -> None:
    """Trace the desk's recording and the bare floor in the steady state; print what one record
    exchanges with the server."""
    desk = Desk(url)
    trace = ProtocolTrace(folder / "desk")
    trace.folder.mkdir()
    try:
        desk.database.engine.dispose()  # connections opened from now on are traced
        sa.event.listen(desk.database.engine, "connect", trace.follow)
        for _ in range(10):  # connecting, preparing statements: then the steady state
            desk.record()
        trace.mark()
        for _ in range(records):
            desk.record()
        _print_exchanges("signposting (desk)", trace.exchanges(), records)
    finally:
        desk.close()
    step, close, connection = bare_postgres(url, autocommit=False)
    trace = ProtocolTrace(folder / "bare")
    trace.folder.mkdir()
    try:
        trace.follow(connection)
        for _ in range(10):
            step()
        trace.mark()
        for _ in range(records):
            step()
        _print_exchanges("bare psycopg INSERT + COMMIT", trace.exchanges(), records)
    finally:
        close()


def _print_exchanges(label: str, counts: Counter[str], records: int) -> None:
    trips = counts.pop("round trips", 0) / records
    pings = counts.pop("ping", 0) / records
    sent = ", ".join(f"{name} {number / records:.2f}" for name, number in sorted(counts.items()))
    print(f"  {label:<30} {trips:4.2f} round trips per record; pings {pings:.2f}; {sent}")


def run_sqlite(folder: Path, count: int, batch: int) -> None:
    url = sqlite_url(folder / "s.db")
    seed_directory(url, 200)
    desk = Desk(url)
    bare, close_bare = bare_sqlite(folder / "b.db")
    try:
        print("SQLite (WAL, synchronous FULL):")
        report(
            interleaved(
                {
                    "bare sqlite3 INSERT + COMMIT": bare,
                    "signposting: desk (DeskSession.record)": desk.record,
                    "signposting: core (record_signpost)": desk.record_core,
                },
                count,
                batch,
            ),
            "bare sqlite3 INSERT + COMMIT",
        )
    finally:
        close_bare()
        desk.close()


def run_postgres(server: str, folder: Path, count: int, batch: int) -> None:
    with throwaway_database(server, "bench") as url:
        seed_directory(url, 200)
        desk = Desk(url)
        bare, close_bare, _ = bare_postgres(url, autocommit=False)
        single, close_single, _ = bare_postgres(url, autocommit=True)
        try:
            print("PostgreSQL:")
            report(
                interleaved(
                    {
                        "bare psycopg INSERT + COMMIT": bare,
                        "bare psycopg INSERT, autocommit": single,
                        "signposting: desk (DeskSession.record)": desk.record,
                        "signposting: core (record_signpost)": desk.record_core,
                    },
                    count,
                    batch,
                ),
                "bare psycopg INSERT + COMMIT",
            )
        finally:
            close_bare()
            close_single()
            desk.close()
        print("PostgreSQL, messages per record (libpq protocol trace):")
        from psycopg import NotSupportedError  # noqa: PLC0415

        try:
            count_round_trips(url, 50, folder)
        except NotSupportedError as exc:  # the trace works on Linux only
            print(f"  not counted: {exc}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=500, help="timed records of each kind")
    parser.add_argument("--batch", type=int, default=25, help="records per turn")
    parser.add_argument("--postgres", default=os.environ.get("SIGNPOSTING_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    print(f"{args.count} signposts of each kind, each committed in its own transaction")
    with tempfile.TemporaryDirectory() as folder:
        os.environ.setdefault("SIGNPOSTING_DATA_DIR", str(Path(folder) / "data"))
        run_sqlite(Path(folder), args.count, args.batch)
        if not args.postgres:
            print("PostgreSQL: skipped (set SIGNPOSTING_TEST_POSTGRES_URL or pass --postgres)")
            return
        run_postgres(args.postgres, Path(folder), args.count, args.batch)


if __name__ == "__main__":
    main()
