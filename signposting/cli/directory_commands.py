"""``signposting directory list`` and ``signposting demo load``."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from signposting.cli import directory_io_commands
from signposting.cli.common import open_database, out, out_json
from signposting.cli.staff_command import signed_in
from signposting.db.models import RedFlagProtocol, Service
from signposting.directory.demo import load_demo
from signposting.directory.demo.records import add_demo_records
from signposting.directory.opening import UK
from signposting.directory.queries import list_red_flags, list_services
from signposting.errors import ValidationError
from signposting.labels import age_band_text, label

MAX_DEMO_DAYS = 730


def register(commands: Any) -> None:
    directory = commands.add_parser("directory", help="the service directory")
    actions = directory.add_subparsers(dest="directory_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list services and red-flag protocols")
    listing.add_argument("--json", action="store_true", help="print JSON for scripts")
    listing.set_defaults(handler=_list)
    directory_io_commands.register(actions)

    demo = commands.add_parser("demo", help="the demo directory")
    demo_actions = demo.add_subparsers(dest="demo_command", metavar="ACTION", required=True)
    demo_load = demo_actions.add_parser(
        "load", help="load the demo practice, services and red flags (safe to repeat)"
    )
    demo_load.add_argument(
        "--as", dest="actor", metavar="NAME", help="the manager (once one can sign in)"
    )
    demo_load.set_defaults(handler=_demo_load)
    records = demo_actions.add_parser(
        "records", help="add made-up signpost records to the demo practice (demo databases only)"
    )
    records.add_argument("--days", type=int, default=90, help="how many days back (default 90)")
    records.set_defaults(handler=_demo_records)


def _list(args: argparse.Namespace) -> int:
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            services = list_services(session)
            red_flags = list_red_flags(session)
            if args.json:
                out_json(
                    {
                        "services": [_service_json(service) for service in services],
                        "red_flags": [_red_flag_json(protocol) for protocol in red_flags],
                    }
                )
                return 0
            out(f"Services ({len(services)}):")
            for service in services:
                ages = _age_text(service.min_age, service.max_age)
                out(f"  {service.id:>5}  {service.name}  [{label(service.status).lower()}{ages}]")
            out(f"Red-flag protocols ({len(red_flags)}):")
            for protocol in red_flags:
                signed = "signed off" if protocol.is_signed_off else "NOT signed off"
                out(f"  {protocol.id:>5}  {protocol.title}  [{protocol.urgency.label}; {signed}]")
    finally:
        database.dispose()
    return 0


def _service_json(service: Service) -> dict[str, object]:
    return {
        "id": service.id,
        "key": service.key,
        "name": service.name,
        "status": service.status.value,
        "min_age": service.min_age,
        "max_age": service.max_age,
    }


def _red_flag_json(protocol: RedFlagProtocol) -> dict[str, object]:
    return {
        "id": protocol.id,
        "key": protocol.key,
        "title": protocol.title,
        "urgency": protocol.urgency.value,
        "signed_off": protocol.is_signed_off,
    }


def _age_text(min_age: int | None, max_age: int | None) -> str:
    if not min_age and max_age is None:
        return ""
    return f", {age_band_text(min_age, max_age).lower()}"


def _demo_load(args: argparse.Namespace) -> int:
    database = open_database(args, load_demo=False)
    try:
        with database.unit_of_work(actor="demo loader") as session:
            actor = signed_in(session, args.actor)
            result = load_demo(session, demo_passwords=args.demo, actor=actor)
    finally:
        database.dispose()
    if not result.changed:
        out("the demo directory is already loaded; nothing changed")
        return 0
    out(
        f"loaded {result.services_added} services, {result.red_flags_added} red-flag protocols, "
        f"{result.staff_added} staff, {result.practices_added} practice and "
        f"{result.scenarios_added} training scenarios (example content: localise before real use)"
    )
    return 0


def _demo_records(args: argparse.Namespace) -> int:
    if not 1 <= args.days <= MAX_DEMO_DAYS:
        raise ValidationError(f"--days must be from 1 to {MAX_DEMO_DAYS}")
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            today = datetime.now(UTC).astimezone(UK).date()
            added = add_demo_records(session, args.days, today)
    finally:
        database.dispose()
    out(f"added {added} made-up signpost records over {args.days} days")
    return 0
