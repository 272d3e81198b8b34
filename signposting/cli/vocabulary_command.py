"""``signposting vocabulary list | add``: the practice's own lay words for the search."""

from __future__ import annotations

import argparse
from typing import Any

from signposting.cli.common import open_database, out
from signposting.cli.staff_command import signed_in
from signposting.search.practice_words import add_vocabulary_group, list_vocabulary_groups


def register(commands: Any) -> None:
    vocabulary = commands.add_parser(
        "vocabulary", help="lay words callers use, added to the shared search vocabulary"
    )
    actions = vocabulary.add_subparsers(dest="vocabulary_command", metavar="ACTION", required=True)
    actions.add_parser("list", help="the practice's own groups").set_defaults(handler=_list)
    add = actions.add_parser(
        "add", help="words that mean the same; the first is the one searched for"
    )
    add.add_argument("terms", nargs="+", metavar="TERM")
    add.add_argument(
        "--as", dest="actor", metavar="NAME", required=True, help="the manager adding them"
    )
    add.set_defaults(handler=_add)


def _list(args: argparse.Namespace) -> int:
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            groups = list_vocabulary_groups(session)
            for group in groups:
                out(f"{group.id:>4}  " + " = ".join(group.terms))
            if not groups:
                out("no practice vocabulary yet (the shared vocabulary still applies)")
    finally:
        database.dispose()
    return 0


def _add(args: argparse.Namespace) -> int:
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            group = add_vocabulary_group(session, signed_in(session, args.actor), args.terms)
            out(f"added group {group.id}: " + " = ".join(group.terms))
    finally:
        database.dispose()
    return 0
