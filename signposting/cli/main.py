"""Entry point: parses the command line and runs one subcommand."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from sqlalchemy.exc import DBAPIError

from signposting import __version__
from signposting.cli import (
    db_commands,
    desk_command,
    directory_commands,
    export_command,
    practice_command,
    print_command,
    readiness_command,
    record_command,
    report_command,
    search_command,
    staff_command,
    thesaurus_command,
    training_command,
    vocabulary_command,
)
from signposting.cli.common import explain_for_args
from signposting.config import DATABASE_URL_ENV
from signposting.errors import SignpostingError
from signposting.logs import configure_logging

log = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="signposting",
        description="Active Signposting for GP practices: the reception desk and its tools.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--database",
        metavar="URL",
        help=f"SQLAlchemy database URL (default: ${DATABASE_URL_ENV}, else a file in the "
        "user data folder)",
    )
    parser.add_argument(
        "--demo", action="store_true", help="use the separate demo database, loading it if new"
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress to stderr")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    desk_command.register(commands)
    db_commands.register(commands)
    practice_command.register(commands)
    directory_commands.register(commands)
    record_command.register(commands)
    export_command.register(commands)
    report_command.register(commands)
    search_command.register(commands)
    vocabulary_command.register(commands)
    thesaurus_command.register(commands, staff_command.register(commands))
    print_command.register(commands)
    training_command.register(commands)
    readiness_command.register(commands)
    parser.set_defaults(handler=desk_command.run_desk)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(args.verbose)
    try:
        return int(args.handler(args) or 0)
    except SignpostingError as exc:
        return _fail(str(exc))
    except DBAPIError as exc:
        return _fail(str(explain_for_args(exc, args)))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader (``| head``) went away; silence the flush at exit as well.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def _fail(message: str) -> int:
    sys.stderr.write(f"signposting: error: {message}\n")
    return 1


def desk_main() -> int:
    """The desk's own entry point (``signposting-desk``): the same options as ``signposting``,
    started without a console on Windows, where standard output and error do not exist."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
    return main()
