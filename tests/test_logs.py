"""The log file: written where the environment says, rotated, and never a reason to crash."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest

from signposting.cli.main import main
from signposting.logs import (
    BACKUP_COUNT,
    LOG_DIR_ENV,
    LOG_FILE_NAME,
    MAX_BYTES,
    configure_logging,
    log_directory,
    log_file,
    reset_logging,
)

TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ", re.MULTILINE)


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    level = root.level
    yield
    reset_logging()
    root.setLevel(level)


@pytest.fixture
def log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "logs here"
    monkeypatch.setenv(LOG_DIR_ENV, str(folder))
    return folder


def flush() -> None:
    for handler in logging.getLogger().handlers:
        handler.flush()


def test_the_log_goes_to_the_folder_the_environment_names(
    log_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = configure_logging(verbose=False)
    assert path == log_dir / LOG_FILE_NAME == log_file()
    logging.getLogger("signposting.test").info("progress that stderr does not show")
    logging.getLogger("signposting.test").warning("a warning for both")
    flush()
    text = path.read_text(encoding="utf-8")
    assert "INFO signposting.test [MainThread]: progress that stderr does not show" in text
    assert "WARNING signposting.test [MainThread]: a warning for both" in text
    assert "Signposting " in text  # the first line names the version and platform
    assert all(TIMESTAMP.match(line) for line in text.splitlines())
    err = capsys.readouterr().err
    assert err == "WARNING signposting.test: a warning for both\n"


def test_verbose_shows_progress_on_stderr(
    log_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging(verbose=True)
    logging.getLogger("signposting.test").info("reading the file")
    assert "INFO signposting.test: reading the file" in capsys.readouterr().err


def test_the_file_rotates(log_dir: Path) -> None:
    path = configure_logging(verbose=False)
    assert path is not None
    (handler,) = [h for h in logging.getLogger().handlers if isinstance(h, RotatingFileHandler)]
    assert (handler.maxBytes, handler.backupCount) == (MAX_BYTES, BACKUP_COUNT)
    handler.maxBytes = 2_000
    for number in range(100):
        logging.getLogger("signposting.test").warning("line %d of a long afternoon", number)
    flush()
    assert (log_dir / f"{LOG_FILE_NAME}.1").exists()
    assert path.stat().st_size <= 2_000


def test_an_unwritable_folder_falls_back_to_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a file, not a folder"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(LOG_DIR_ENV, str(blocker / "logs"))
    assert configure_logging(verbose=False) is None
    assert log_file() is None
    logging.getLogger("signposting.test").warning("still heard")
    err = capsys.readouterr().err
    assert err.count("cannot write the log file") == 1
    assert "messages go to the error output only" in err
    assert err.endswith("WARNING signposting.test: still heard\n")


def test_configuring_again_replaces_the_handlers(log_dir: Path) -> None:
    configure_logging(verbose=False)
    configure_logging(verbose=True)
    handlers = logging.getLogger().handlers
    assert len([h for h in handlers if isinstance(h, RotatingFileHandler)]) == 1
    names = [h.get_name() for h in handlers]
    assert len([n for n in names if n and n.startswith("signposting-")]) == 2


def test_without_an_override_the_log_sits_in_the_data_folder_or_the_user_log_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(LOG_DIR_ENV, raising=False)
    monkeypatch.setenv("SIGNPOSTING_DATA_DIR", str(tmp_path / "data"))
    assert log_directory() == tmp_path / "data" / "logs"
    monkeypatch.delenv("SIGNPOSTING_DATA_DIR")
    assert log_directory().name.lower() in {"log", "logs"}
    assert "signposting" in str(log_directory()).lower()


def test_the_command_line_logs_to_the_file_and_never_a_password(
    log_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "postgresql://signposting:not-for-the-log@127.0.0.1:1/signposting"
    assert main(["--database", url, "staff", "list"]) == 1
    path = log_file()
    assert path == log_dir / LOG_FILE_NAME
    flush()
    text = path.read_text(encoding="utf-8")
    assert "Signposting " in text
    err = capsys.readouterr().err
    assert "not-for-the-log" not in text + err
