"""Training mode at practice and network size: building the training copy of a directory of
10,000 services, resetting it after a morning of rehearsal records, and scoring a rehearsal
call (reading the trainee's decision from the training database).

Run: ``python -m benchmarks.training_benchmark [--services 10000] [--postgres URL]``
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from benchmarks.postgres import throwaway_database
from benchmarks.seed import seed_directory
from signposting.config import sqlite_url
from signposting.db.engine import Database
from signposting.db.models import StaffMember
from signposting.domain import Outcome
from signposting.reception.session import DeskSession
from signposting.training.database import open_training_database, reset_training_database
from signposting.training.rehearsal import RehearsalRunner, deal, start_rehearsal
from signposting.training.store import list_scenarios, load_shipped_scenarios

CALLS = 40


@contextmanager
def _urls(postgres: str | None, folder: Path) -> Iterator[tuple[str, str]]:
    if postgres is None:
        yield sqlite_url(folder / "live.db"), sqlite_url(folder / "training.db")
        return
    with (
        throwaway_database(postgres, "live") as live,
        throwaway_database(postgres, "training") as training,
    ):
        yield live, training


def run(services: int, postgres: str | None) -> None:
    with tempfile.TemporaryDirectory() as folder, _urls(postgres, Path(folder)) as urls:
        live_url, training_url = urls
        seed_directory(live_url, services)
        live = Database(live_url)
        with live.unit_of_work() as session:
            load_shipped_scenarios(session)
        started = time.perf_counter()
        training = open_training_database(live, training_url, by="benchmark")
        copy_seconds = time.perf_counter() - started

        with live.unit_of_work() as session:
            trainer = session.scalars(sa.select(StaffMember).where(StaffMember.name == "Lee Jones"))
            trainer_member = trainer.one()
            trainee = session.scalars(
                sa.select(StaffMember).where(StaffMember.name == "Alex Morgan")
            ).one()
            assert trainer_member.practice_id is not None
            dealt = deal(list_scenarios(session), [trainee.id], CALLS)
            rehearsal_id = start_rehearsal(
                session, trainer_member, trainer_member.practice_id, dealt
            )
        desk = DeskSession(training)
        desk.choose_staff(trainee.id)
        runner = RehearsalRunner(live, training, rehearsal_id)
        scoring = []
        for _ in range(CALLS):
            runner.begin_call()
            desk.record(Outcome.BOOKED_CLINICIAN)
            begun = time.perf_counter()
            runner.score()
            scoring.append((time.perf_counter() - begun) * 1000)

        started = time.perf_counter()
        result = reset_training_database(live, training, by="benchmark")
        reset_seconds = time.perf_counter() - started
        training.dispose()
        live.dispose()
    where = "PostgreSQL" if postgres else "SQLite"
    print(f"{where}, {services:,} services")
    print(f"  training copy built:     {copy_seconds:.2f} s")
    print(f"  reset ({result.records_cleared} records):     {reset_seconds:.2f} s")
    print(
        f"  scoring a call:          p50 {statistics.median(scoring):.1f} ms, "
        f"max {max(scoring):.1f} ms ({CALLS} calls)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--postgres", metavar="URL", help="a server URL that may create databases")
    args = parser.parse_args()
    run(args.services, None)
    if args.postgres:
        run(args.services, args.postgres)


if __name__ == "__main__":
    main()
