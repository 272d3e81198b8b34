"""Where the toolkit logs: a rotating file in the user's log folder, and short lines on stderr.

The file keeps timestamps and full tracebacks for the support desk; stderr shows warnings (or
progress with ``-v``). If the folder cannot be written, logging carries on with stderr alone.
"""

from __future__ import annotations

import logging
import os
import platform
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import TextIO

import platformdirs

from signposting import __version__
from signposting.config import APP_NAME, DATA_DIR_ENV

log = logging.getLogger(__name__)

LOG_DIR_ENV = "SIGNPOSTING_LOG_DIR"
LOG_FILE_NAME = "signposting.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
FILE_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s]: %(message)s"
STDERR_FORMAT = "%(levelname)s %(name)s: %(message)s"
_FILE_HANDLER = "signposting-log-file"
_STDERR_HANDLER = "signposting-stderr"


class _StderrHandler(logging.StreamHandler[TextIO]):
    """Writes to whatever ``sys.stderr`` is at the time, so a replaced stream is followed."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        """Ignored: the stream is always the current ``sys.stderr``."""


def log_directory() -> Path:
    """The log folder: ``$SIGNPOSTING_LOG_DIR``, else ``logs`` in an overridden data folder
    (``$SIGNPOSTING_DATA_DIR``), else the per-user log folder."""
    override = os.environ.get(LOG_DIR_ENV)
    if override:
        return Path(override)
    data_override = os.environ.get(DATA_DIR_ENV)
    if data_override:
        return Path(data_override) / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def configure_logging(verbose: bool) -> Path | None:
    """Send log records to stderr (warnings, or progress too when ``verbose``) and to the
    rotating log file; returns the file, or None when only stderr could be used.

    Calling it again replaces the handlers it added before.
    """
    reset_logging()
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    stderr = _StderrHandler()
    stderr.set_name(_STDERR_HANDLER)
    stderr.setLevel(logging.INFO if verbose else logging.WARNING)
    stderr.setFormatter(logging.Formatter(STDERR_FORMAT))
    root.addHandler(stderr)
    path = log_directory() / LOG_FILE_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
        )
    except OSError as exc:
        log.warning(
            "cannot write the log file in %s (%s); messages go to the error output only",
            path.parent,
            exc.strerror or exc.__class__.__name__,
        )
        return None
    handler.set_name(_FILE_HANDLER)
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter(FILE_FORMAT))
    root.addHandler(handler)
    log.info(
        "Signposting %s, Python %s, %s",
        __version__,
        platform.python_version(),
        platform.platform(),
    )
    return path


def log_file() -> Path | None:
    """The file the log is being written to, if ``configure_logging`` opened one."""
    for handler in logging.getLogger().handlers:
        if handler.get_name() == _FILE_HANDLER and isinstance(handler, RotatingFileHandler):
            return Path(handler.baseFilename)
    return None


def reset_logging() -> None:
    """Remove and close the handlers ``configure_logging`` added (others are left alone)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() in (_FILE_HANDLER, _STDERR_HANDLER):
            root.removeHandler(handler)
            handler.close()
