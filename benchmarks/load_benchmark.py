"""Many desks on one PostgreSQL server, each desk its own process, against a bare floor.

Run: ``python -m benchmarks.load_benchmark [--desks 20] [--rounds 30] [--seconds 60]
[--pattern staggered|at-once|both] [--postgres URL]`` (default ``SIGNPOSTING_TEST_POSTGRES_URL``;
a throwaway database is made there). The slow test ``tests/test_load.py`` runs the same load,
smaller, and checks that nothing is lost or doubled.

Every desk is a spawned process with its own data folder (outbox, saved copy of the directory),
recording through ``DeskSession.record`` as the desk does, with its search index loaded and its
directory watcher listening. The floor is as many processes each doing a bare psycopg INSERT and
COMMIT into a table of the same columns. All start, import, connect and make a few untimed
records before any timing begins. Two patterns:

- staggered: each process records once a second, desk i at i/desks past the second;
- at-once: all record at one shared instant, round after round.

Desks and floor take turns, round by round (a staggered round is a block of up to 10 s), in
alternating order, so a busy machine slows both alike. Each record is timed in its process from
the call until it returns committed. Afterwards the database is checked: every uuid present
once. The directory-edit measurement stays: a manager process edits a service every 5 s for the
whole run, desk and floor turns alike (so both meet the same background work), and each desk
notes when the change reaches its search index.

On one machine the desks' own CPU work shares the cores with each other and with the server,
which separate PCs at a practice would not; the floor meets the same contention, hence the ratio.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import os
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from benchmarks.load_benchmark_report import BARE, DESK, LoadResult, check_database, report
from benchmarks.load_benchmark_workers import (
    BARE_DDL,
    MANAGER_NAME,
    AtOnce,
    Batch,
    EditEvery,
    Failed,
    Ready,
    Staggered,
    Stop,
    Stopped,
    bare_process,
    desk_process,
    manager_process,
)
from benchmarks.postgres import throwaway_database
from signposting.accounts.passwords import add_staff
from signposting.db.engine import Database
from signposting.db.migrate import upgrade
from signposting.directory.demo import load_demo
from signposting.domain import Role

PATTERNS = ("staggered", "at-once")
#: A staggered run is cut into rounds of at most this many seconds, desks and floor in turn.
STAGGER_ROUND_S = 10
#: How far ahead of "now" a round's start is set, so every process is waiting when it comes.
START_MARGIN_S = 0.25
READY_TIMEOUT_S = 900.0
#: After the last edit, time for it to reach every desk before they stop.
LAST_CHANGE_S = 3.0


@dataclass(frozen=True)
class LoadSettings:
    desks: int = 20
    rounds: int = 30
    seconds: int = 60
    patterns: tuple[str, ...] = PATTERNS
    edit_every: float = 5.0


def prepare(url: str) -> None:
    """Schema, the demo directory, a manager to edit it, and the floor's table."""
    database = Database(url)
    try:
        upgrade(database)
        with database.unit_of_work() as session:
            load_demo(session)
            add_staff(
                session,
                None,
                MANAGER_NAME,
                Role.MANAGER,
                practice=None,
                password="load test password",
            )
        with database.engine.begin() as connection:
            connection.exec_driver_sql(BARE_DDL)
    finally:
        database.dispose()


class Fleet:
    """Worker processes of one kind, spawned, and a pipe to each."""

    def __init__(self, name: str, target: Callable[..., None], arguments: list[tuple[Any, ...]]):
        context = multiprocessing.get_context("spawn")
        self.name = name
        self.pipes: list[Connection] = []
        self.processes: list[multiprocessing.process.BaseProcess] = []
        for extra in arguments:
            ours, theirs = context.Pipe()
            process = context.Process(target=target, args=(theirs, *extra), name=name)
            process.start()
            theirs.close()
            self.pipes.append(ours)
            self.processes.append(process)

    def __len__(self) -> int:
        return len(self.pipes)

    def send(self, commands: Sequence[object]) -> None:
        for pipe, command in zip(self.pipes, commands, strict=True):
            pipe.send(command)

    def collect(self, timeout: float) -> list[Any]:
        """One reply from every process, in order; a failure or silence raises."""
        replies: dict[int, Any] = {}
        waiting: dict[Any, int] = {pipe: i for i, pipe in enumerate(self.pipes)}
        deadline = time.monotonic() + timeout
        while waiting:
            ready = wait(list(waiting), max(0.0, deadline - time.monotonic()))
            if not ready:
                raise TimeoutError(f"{len(waiting)} {self.name} processes silent for {timeout} s")
            for pipe in ready:
                index = waiting.pop(pipe)
                try:
                    reply = self.pipes[index].recv()
                except EOFError:
                    code = self.processes[index].exitcode
                    raise RuntimeError(f"{self.name} {index} ended (exit code {code})") from None
                if isinstance(reply, Failed):
                    raise RuntimeError(f"{self.name} {index} failed:\n{reply.error}")
                replies[index] = reply
        return [replies[i] for i in range(len(self.pipes))]

    def close(self) -> None:
        """Close the pipes (a process still waiting for a command then ends) and wait for the
        processes to end; any still running after a while is ended."""
        for pipe in self.pipes:
            pipe.close()
        for process in self.processes:
            process.join(timeout=30)
            if process.is_alive():
                process.terminate()
                process.join()


def _turns(fleets: dict[str, Fleet], number: int) -> list[str]:
    """Desks then floor in even rounds, floor then desks in odd ones."""
    kinds = list(fleets)
    return kinds if number % 2 == 0 else kinds[::-1]


def _play(
    result: LoadResult,
    pattern: str,
    kind: str,
    fleet: Fleet,
    round_of: Callable[[float, int], object],
) -> None:
    start_at = time.monotonic() + START_MARGIN_S
    fleet.send([round_of(start_at, i) for i in range(len(fleet))])
    batches: list[Batch] = fleet.collect(timeout=120 + STAGGER_ROUND_S)
    run = result.run(pattern, kind)
    run.latencies_by_round.append([ms for b in batches for ms in b.latencies_ms])
    run.uuids.extend(u for b in batches for u in b.uuids)
    run.queued += sum(b.queued for b in batches)


def _staggered(seconds: int, desks: int) -> Callable[[float, int], object]:
    return lambda at, index: Staggered(at, seconds, index / desks)


def _at_once(at: float, _index: int) -> object:
    return AtOnce(at)


def _run_patterns(result: LoadResult, fleets: dict[str, Fleet], settings: LoadSettings) -> None:
    if "staggered" in settings.patterns:
        count = math.ceil(settings.seconds / STAGGER_ROUND_S)
        for number in range(count):
            seconds = settings.seconds // count + (number < settings.seconds % count)
            for kind in _turns(fleets, number):
                fleet = fleets[kind]
                _play(result, "staggered", kind, fleet, _staggered(seconds, len(fleet)))
    if "at-once" in settings.patterns:
        for number in range(settings.rounds):
            for kind in _turns(fleets, number):
                _play(result, "at-once", kind, fleets[kind], _at_once)


def run_load(url: str, settings: LoadSettings, folder: Path) -> LoadResult:
    """Run the load against a prepared database; desks keep their data under ``folder``."""
    result = LoadResult(settings.desks)
    spawned = time.monotonic()
    desk_folders = [(url, str(folder / f"desk-{i}")) for i in range(settings.desks)]
    fleets = {
        DESK: Fleet("desk", desk_process, desk_folders),
        BARE: Fleet("bare", bare_process, [(url,)] * settings.desks),
    }
    manager = Fleet("manager", manager_process, [(url,)])
    everyone = [*fleets.values(), manager]
    try:
        for kind, fleet in fleets.items():
            ready: list[Ready] = fleet.collect(READY_TIMEOUT_S)
            result.warm_up[kind] = [u for r in ready for u in r.uuids]
        manager.collect(READY_TIMEOUT_S)
        result.setup_s = time.monotonic() - spawned
        result.load_average["when timing began"] = _load_figures()
        manager.send([EditEvery(settings.edit_every)])
        _run_patterns(result, fleets, settings)
        result.load_average["when it ended"] = _load_figures()
        manager.send([Stop()])
        edits: list[Stopped] = manager.collect(60)
        result.edits = edits[0].times
        time.sleep(LAST_CHANGE_S)
        for fleet in fleets.values():
            fleet.send([Stop()] * len(fleet))
        desks: list[Stopped] = fleets[DESK].collect(120)
        fleets[BARE].collect(60)
        result.seen = [d.times for d in desks]
        result.still_queued = sum(d.still_queued for d in desks)
    finally:
        for fleet in everyone:
            fleet.close()
    check_database(url, result)
    return result


def _load_figures() -> tuple[float, ...]:
    """The load average over 1, 5 and 15 minutes; nothing where the system keeps none."""
    return os.getloadavg() if hasattr(os, "getloadavg") else ()


def _load_average() -> str:
    return " ".join(f"{value:.2f}" for value in _load_figures()) or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--desks", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=30, help="at-once rounds")
    parser.add_argument("--seconds", type=int, default=60, help="staggered seconds")
    parser.add_argument("--pattern", choices=[*PATTERNS, "both"], default="both")
    parser.add_argument("--postgres", default=os.environ.get("SIGNPOSTING_TEST_POSTGRES_URL"))
    args = parser.parse_args()
    if not args.postgres:
        raise SystemExit("set SIGNPOSTING_TEST_POSTGRES_URL or pass --postgres")
    patterns = PATTERNS if args.pattern == "both" else (args.pattern,)
    settings = LoadSettings(args.desks, args.rounds, args.seconds, patterns)
    print(
        f"{args.desks} desk processes and {args.desks} bare ones; staggered {args.seconds} s, "
        f"at once {args.rounds} rounds; a directory edit every {settings.edit_every:.0f} s"
    )
    print(f"load average (1, 5, 15 min) before: {_load_average()}")
    started = time.monotonic()
    with throwaway_database(args.postgres, "load") as url, tempfile.TemporaryDirectory() as tmp:
        prepare(url)
        result = run_load(url, settings, Path(tmp))
    print(report(result))
    print(f"load average after: {_load_average()}; {time.monotonic() - started:.0f} s in all")


if __name__ == "__main__":
    main()
