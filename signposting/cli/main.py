"""Entry point: parses the command line and runs one subcommand."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

from sqlalchemy.exc import DBAPIError

from signposting import __version__
from signposting.cli import desk_command
from signposting.cli.common import explain_for_args
from signposting.config import DATABASE_URL_ENV
from signposting.errors import SignpostingError
from signposting.logs import configure_logging

log = logging.getLogger(__name__)


#: Options of ``signposting`` itself that take a value (read when looking for the command).
_VALUED_OPTIONS = ("--database",)


def build_parser(*, desk_only: bool = False) -> argparse.ArgumentParser:
    """The whole command line; with ``desk_only``, only the desk command, so that opening the
    window does not import every other command's modules (Excel, HTTP, templates...)."""
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
    parser.set_defaults(handler=desk_command.run_desk)
    if desk_only:
        return parser
    from signposting.cli import (  # noqa: PLC0415 - see desk_only
        db_commands,
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
    return parser


def opens_the_desk(argv: Sequence[str]) -> bool:
    """Whether the arguments open the desk (no command, or ``desk``) without asking for help
    or the version, which need the whole command line."""
    position = 0
    while position < len(argv):
        argument = argv[position]
        if argument in ("-h", "--help", "--version"):
            return False
        if argument in _VALUED_OPTIONS:
            position += 2
            continue
        if not argument.startswith("-"):
            return argument == "desk"
        position += 1
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(desk_only=opens_the_desk(arguments))
    args = parser.parse_args(arguments)
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
