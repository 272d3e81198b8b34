"""``signposting desk``: open the reception desk window (the default command)."""

from __future__ import annotations

import argparse
from typing import Any

from signposting.cli.common import open_database


def register(commands: Any) -> None:
    desk = commands.add_parser("desk", help="open the reception desk window (default)")
    desk.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS,
        help="use the separate demo database, loading it if new",
    )
    desk.add_argument("--practice", metavar="ODS", help="the practice of this desk (networks)")
    # Opens the window, searches, prints one line and exits: for checking a build.
    desk.add_argument("--smoke-test", nargs="?", const="sore throat", help=argparse.SUPPRESS)
    desk.set_defaults(handler=run_desk)


def run_desk(args: argparse.Namespace) -> int:
    """Open the database (loading the demo when asked), then run the window until it closes."""
    database = open_database(args)
    if getattr(args, "smoke_test", None):
        from signposting.ui.smoke import run_smoke_test  # noqa: PLC0415

        try:
            return run_smoke_test(database, getattr(args, "practice", None), args.smoke_test)
        finally:
            database.dispose()
    from signposting.ui.app import run_application  # noqa: PLC0415 - Qt only when a window opens

    try:
        return run_application(database, getattr(args, "practice", None))
    finally:
        database.dispose()
