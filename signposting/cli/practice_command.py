"""``signposting practice create | list``: the practices a database serves."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from typing import Any

from signposting.accounts.practices import (
    create_practice,
    ensure_red_flag_protocols,
    list_practices,
)
from signposting.cli.common import open_database, out, out_json
from signposting.cli.staff_command import signed_in


def register(commands: Any) -> None:
    practice = commands.add_parser("practice", help="the practices this database serves")
    actions = practice.add_subparsers(dest="practice_command", metavar="ACTION", required=True)
    create = actions.add_parser(
        "create", help="set up a practice (the first one needs no --as; later ones a manager)"
    )
    create.add_argument("--name", required=True, help="the practice's name")
    create.add_argument("--ods", required=True, metavar="CODE", help="its ODS code, e.g. A81001")
    create.add_argument("--network", metavar="CODE", help="its Primary Care Network's ODS code")
    create.add_argument("--network-name", metavar="NAME", help="the network's name, if new")
    create.add_argument("--as", dest="actor", metavar="NAME", help="the manager adding it")
    create.set_defaults(handler=_create)
    listing = actions.add_parser("list", help="the practices, their networks and staff")
    listing.add_argument("--json", action="store_true", help="one JSON document")
    listing.set_defaults(handler=_list)


def _create(args: argparse.Namespace) -> int:
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            actor = signed_in(session, args.actor)
            session.info["actor"] = actor
            practice = create_practice(
                session,
                actor,
                args.name,
                args.ods,
                network_code=args.network,
                network_name=args.network_name,
            )
            out(f"set up {practice.name} ({practice.ods_code})")
            examples = ensure_red_flag_protocols(session)
            if examples:
                out(
                    f"loaded {examples} example red-flag protocols: the practice's clinician "
                    "must review and sign them off (signposting redflag sign-off)"
                )
    finally:
        database.dispose()
    return 0


def _list(args: argparse.Namespace) -> int:
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            practices = list_practices(session)
    finally:
        database.dispose()
    if args.json:
        out_json([asdict(practice) for practice in practices])
        return 0
    if not practices:
        out("no practice is set up yet: signposting practice create --name NAME --ods CODE")
    for practice in practices:
        network = f"; {practice.network}" if practice.network else ""
        out(f"{practice.ods_code}  {practice.name}  [{practice.staff} staff{network}]")
    return 0
