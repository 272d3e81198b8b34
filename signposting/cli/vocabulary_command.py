"""``signposting vocabulary list | add``: the practice's own lay words for the search."""

from __future__ import annotations

import argparse
from typing import Any

import sqlalchemy as sa

from signposting.cli.common import open_database, out
from signposting.db.models import LayTermGroup
from signposting.errors import ValidationError
from signposting.search.text import normalise


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
    add.set_defaults(handler=_add)


def _list(args: argparse.Namespace) -> int:
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            groups = session.scalars(sa.select(LayTermGroup).order_by(LayTermGroup.id)).all()
            for group in groups:
                out(f"{group.id:>4}  " + " = ".join(group.terms))
            if not groups:
                out("no practice vocabulary yet (the shared vocabulary still applies)")
    finally:
        database.dispose()
    return 0


def _add(args: argparse.Namespace) -> int:
    terms = [" ".join(term.split()) for term in args.terms if normalise(term)]
    if len(terms) < 2:
        raise ValidationError("give at least two words or phrases that mean the same thing")
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            group = LayTermGroup(terms=terms)
            session.add(group)
            session.flush()
            out(f"added group {group.id}: " + " = ".join(terms))
    finally:
        database.dispose()
    return 0
