"""A record survives its process being killed the moment ``record`` has returned."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest
import sqlalchemy as sa

from signposting.cli.main import main
from signposting.db.engine import Database
from signposting.db.models import SignpostRecord

#: Records through the command-line code path, prints each id as soon as the call returns,
#: then waits to be killed without closing anything.
RECORDER = textwrap.dedent(
    """
    import sys, time
    from signposting.cli.main import main
    for _ in range(3):
        main(["--database", sys.argv[1], "record", "--service", "nhs-111", "--outcome", "accepted"])
        sys.stdout.flush()
    time.sleep(600)
    """
)


@pytest.mark.slow
def test_records_survive_sigkill(database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database", database_url, "demo", "load"]) == 0
    capsys.readouterr()
    with subprocess.Popen(
        [sys.executable, "-c", RECORDER, database_url], stdout=subprocess.PIPE, text=True
    ) as process:
        try:
            assert process.stdout is not None
            ids = [int(process.stdout.readline()) for _ in range(3)]
        finally:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == -signal.SIGKILL
    database = Database(database_url)
    try:
        with database.unit_of_work() as session:
            stored = session.scalars(sa.select(SignpostRecord.id).order_by(SignpostRecord.id)).all()
        if database.is_sqlite:
            with database.engine.connect() as connection:
                assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    finally:
        database.dispose()
    assert list(stored) == ids
