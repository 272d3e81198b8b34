"""The command line: exact command names, JSON shapes, and one clear line for every error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from signposting.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def loaded_url(database_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    code, out, _ = run(capsys, "--database", database_url, "demo", "load")
    assert code == 0 and "loaded" in out
    return database_url


def test_demo_load_then_again(loaded_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--database", loaded_url, "demo", "load")
    assert code == 0
    assert "nothing changed" in out


def test_directory_list_json(loaded_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--database", loaded_url, "directory", "list", "--json")
    assert code == 0
    listing = json.loads(out)
    assert len(listing["services"]) >= 40
    assert len(listing["red_flags"]) >= 25
    uti = next(s for s in listing["services"] if s["name"].startswith("Pharmacy First: urinary"))
    assert {"id", "name", "status", "min_age", "max_age"} <= uti.keys()
    assert (uti["min_age"], uti["max_age"], uti["status"]) == (16, 64, "active")
    first = listing["red_flags"][0]
    assert {"id", "title", "urgency", "signed_off"} <= first.keys()
    assert first["urgency"] == "emergency_999" and first["signed_off"] is False
    urgencies = [flag["urgency"] for flag in listing["red_flags"]]
    order = ["emergency_999", "emergency_department", "urgent_same_day", "urgent_111"]
    assert urgencies == sorted(urgencies, key=order.index)


def test_directory_list_text(loaded_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--database", loaded_url, "directory", "list")
    assert code == 0
    assert "Pharmacy First: urinary tract infection (women 16-64)  [active, 16 to 64]" in out
    assert "Call 999 now; NOT signed off" in out
    assert "temporarily_closed" not in out
    assert "  [temporarily closed" in out


def test_record_prints_the_new_id(loaded_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys,
        "--database",
        loaded_url,
        "record",
        "--service",
        "pharmacy-first-uti",
        "--outcome",
        "accepted",
        "--staff",
        "Alex Morgan",
        "--age",
        "34",
    )
    assert (code, err) == (0, "")
    first_id = int(out.strip())
    code, out, _ = run(
        capsys,
        "--database",
        loaded_url,
        "record",
        "--red-flag",
        "stroke-fast",
        "--outcome",
        "red_flag_escalated",
        "--channel",
        "in_person",
    )
    assert code == 0
    assert int(out.strip()) == first_id + 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["record", "--service", "no-such", "--outcome", "accepted"], "no service with id or key"),
        (
            ["record", "--service", "nhs-111", "--outcome", "accepted", "--staff", "Zed"],
            "no member of staff",
        ),
        (["record", "--red-flag", "stroke-fast", "--outcome", "accepted"], "red_flag_escalated"),
        (["record", "--outcome", "accepted"], "needs the service"),
        (
            ["record", "--service", "nhs-111", "--outcome", "accepted", "--age", "-3"],
            "--age must be",
        ),
        (
            ["record", "--service", "nhs-111", "--outcome", "accepted", "--practice", "Q1"],
            "ODS code",
        ),
    ],
)
def test_record_errors_are_one_line(
    loaded_url: str, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = run(capsys, "--database", loaded_url, *argv)
    assert code == 1
    assert out == ""
    assert err.startswith("signposting: error: ") and message in err
    assert err.count("\n") == 1


def test_record_without_any_practice(database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys, "--database", database_url, "record", "--outcome", "no_suitable_service"
    )
    assert code == 1
    assert "no practice is set up" in err


def test_db_commands(database_url: str, capsys: pytest.CaptureFixture[str], backend: str) -> None:
    code, out, _ = run(capsys, "--database", database_url, "db", "current")
    assert code == 0 and "up to date" in out
    code, out, _ = run(capsys, "--database", database_url, "db", "check")
    assert code == 0 and "up to date" in out
    code, out, _ = run(capsys, "--database", database_url, "db", "upgrade")
    assert code == 0 and "already at the latest revision" in out
    if backend == "sqlite":
        code, out, _ = run(capsys, "--database", database_url, "db", "backup")
        assert code == 0 and Path(out.strip()).is_file()


def test_db_check_fails_on_an_empty_database(
    empty_database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "--database", empty_database_url, "db", "check")
    assert code == 1 and "db upgrade" in out
    code, out, _ = run(capsys, "--database", empty_database_url, "db", "upgrade")
    assert code == 0 and "upgraded from an empty database" in out
    code, _, _ = run(capsys, "--database", empty_database_url, "db", "check")
    assert code == 0


def test_environment_variable_chooses_the_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "from-env.db"
    monkeypatch.setenv("SIGNPOSTING_DATABASE_URL", f"sqlite:///{path}")
    code, _, _ = run(capsys, "demo", "load")
    assert code == 0 and path.is_file()


def test_default_database_lives_in_the_data_folder(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, "db", "upgrade")
    assert code == 0
    assert (Path(os.environ["SIGNPOSTING_DATA_DIR"]) / "signposting.db").is_file()


def test_demo_flag_uses_a_separate_database(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run(capsys, "--demo", "demo", "load")
    assert code == 0
    data = Path(os.environ["SIGNPOSTING_DATA_DIR"])
    assert (data / "demo.db").is_file()
    assert not (data / "signposting.db").exists()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("nonsense://", "nonsense:// are not supported"),
        ("postgresql+psycopg://postgres@127.0.0.1:1/none", "cannot reach the database server"),
    ],
)
def test_bad_database_urls(capsys: pytest.CaptureFixture[str], url: str, message: str) -> None:
    code, _, err = run(capsys, "--database", url, "directory", "list")
    assert code == 1
    assert message in err and err.count("\n") == 1


def test_locked_sqlite_database_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3  # noqa: PLC0415

    from signposting.db import engine  # noqa: PLC0415

    url = f"sqlite:///{tmp_path / 'locked.db'}"
    assert run(capsys, "--database", url, "demo", "load")[0] == 0
    monkeypatch.setattr(engine, "SQLITE_BUSY_TIMEOUT_MS", 100)
    holder = sqlite3.connect(tmp_path / "locked.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        code, _, err = run(
            capsys, "--database", url, "record", "--service", "nhs-111", "--outcome", "accepted"
        )
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 1
    assert "locked" in err and err.count("\n") == 1


def test_module_entry_point_and_stderr_has_no_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "SIGNPOSTING_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "signposting", "record", "--service", "x", "--outcome", "accepted"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("signposting: error:")
    version = subprocess.run(
        [sys.executable, "-m", "signposting", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert version.returncode == 0 and version.stdout.startswith("signposting ")


def test_record_refuses_an_accepted_signpost_the_caller_does_not_suit(
    loaded_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    uti_at_70 = ["--database", loaded_url, "record", "--service", "pharmacy-first-uti"]
    uti_at_70 += ["--outcome", "accepted", "--age", "70"]
    code, out, err = run(capsys, *uti_at_70)
    assert (code, out) == (1, "")
    assert "does not suit this caller (ages 16 to 64 only)" in err and "--not-suitable" in err
    assert run(capsys, *uti_at_70[:-3], "declined", "--age", "70")[0] == 0  # offered, declined
    code, out, _ = run(capsys, *uti_at_70, "--not-suitable")
    assert code == 0 and int(out.strip()) > 0
