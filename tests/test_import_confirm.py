"""``directory import`` asks before retiring many services, and refuses without a terminal."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import sqlalchemy as sa

from signposting.cli.main import main
from signposting.db.engine import Database
from signposting.db.models import Service
from signposting.domain import ServiceStatus
from tests.support.directory import manager

HEADER = "key,name,category\n"
MANAGER = "Morgan Import"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def imported(database_url: str, path: Path, *flags: str) -> int:
    return main(["--database", database_url, "directory", "import", str(path), *flags])


@pytest.fixture
def twenty(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Twenty services imported, and a truncated file that keeps only two of them."""
    database = Database(database_url)
    with database.unit_of_work() as session:
        manager(session)
    database.dispose()
    monkeypatch.setenv("SIGNPOSTING_PASSWORD", "correct horse battery")
    full = tmp_path / "full.csv"
    full.write_text(HEADER + "".join(f"s{i},Service {i},Cat\n" for i in range(20)), "utf-8")
    assert imported(database_url, full, "--as", MANAGER) == 0
    cut = tmp_path / "cut.csv"
    cut.write_text(HEADER + "s0,Service 0,Cat\ns1,Service 1,Cat\n", "utf-8")
    return cut


def retired(database_url: str) -> int:
    database = Database(database_url)
    try:
        with database.unit_of_work() as session:
            query = sa.select(sa.func.count()).where(Service.status == ServiceStatus.RETIRED)
            return int(session.scalar(query) or 0)
    finally:
        database.dispose()


def test_without_a_terminal_refuses_unless_allowed(
    database_url: str,
    twenty: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert imported(database_url, twenty, "--as", MANAGER) != 0
    captured = capsys.readouterr()
    assert "WARNING: this import would retire 18 of the 20" in captured.out
    assert "--allow-retiring" in captured.err
    assert retired(database_url) == 0
    assert imported(database_url, twenty, "--dry-run") == 0
    assert retired(database_url) == 0
    assert imported(database_url, twenty, "--as", MANAGER, "--allow-retiring") == 0
    assert retired(database_url) == 18


@pytest.mark.parametrize(("answer", "expected"), [("no\n", 0), ("yes\n", 18)])
def test_on_a_terminal_asks_first(
    database_url: str, twenty: Path, monkeypatch: pytest.MonkeyPatch, answer: str, expected: int
) -> None:
    monkeypatch.setattr("sys.stdin", Terminal(answer))
    imported(database_url, twenty, "--as", MANAGER)
    assert retired(database_url) == expected
