"""A database password never reaches a message, a log line or another program's command line."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from signposting.cli.main import main

SECRET = "s3cret-pw"


def test_pg_dump_gets_the_password_in_its_environment_not_its_arguments(
    database_url: str,
    backend: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    if backend != "postgresql":
        pytest.skip("pg_dump backs up PostgreSQL only; SQLite is copied")
    url = make_url(database_url).set(password=SECRET).render_as_string(hide_password=False)
    calls: list[dict[str, Any]] = []
    real_run = subprocess.run

    def watched_run(argv: list[str], **kwargs: Any) -> subprocess.CompletedProcess[str]:
        calls.append({"argv": argv, "env": kwargs.get("env") or {}})
        return real_run(argv, **kwargs)  # type: ignore[no-any-return]

    monkeypatch.setattr(subprocess, "run", watched_run)
    output = tmp_path / "backup.dump"
    assert main(["--database", url, "db", "backup", "-o", str(output)]) == 0
    assert output.stat().st_size > 0
    (call,) = [call for call in calls if Path(call["argv"][0]).name == "pg_dump"]
    assert not any(SECRET in argument for argument in call["argv"])
    assert call["env"]["PGPASSWORD"] == SECRET
    assert SECRET not in capsys.readouterr().out


def test_an_unreachable_server_is_reported_without_its_password(
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = f"postgresql://signposting:{SECRET}@127.0.0.1:1/signposting"
    assert main(["--database", url, "directory", "list"]) == 1
    err = capsys.readouterr().err
    assert "cannot reach the database server" in err and SECRET not in err
