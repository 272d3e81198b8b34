"""``signposting directory import FILE [--dry-run] [--allow-retiring]`` and
``directory export FILE --format``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from signposting.accounts.first_run import load_template
from signposting.cli import feed_commands
from signposting.cli.common import open_database, out
from signposting.cli.staff_command import signed_in
from signposting.directory.io.importer import (
    apply_import,
    export_directory,
    preview_import,
    read_directory,
)
from signposting.errors import ValidationError


def register(actions: Any) -> None:
    load = actions.add_parser("import", help="import a directory (preview first, all or nothing)")
    load.add_argument(
        "file",
        type=feed_commands.path_or_url,
        metavar="FILE",
        help=".csv, ORUK .json, a data package, or a live ORUK feed's https:// address",
    )
    load.add_argument("--dry-run", action="store_true", help="preview only; change nothing")
    load.add_argument(
        "--keep-missing", action="store_true", help="do not retire services missing from the file"
    )
    load.add_argument(
        "--allow-retiring",
        action="store_true",
        help="apply without asking even when many services would be retired",
    )
    feed_commands.add_import_options(load)
    load.add_argument("--as", dest="actor", metavar="NAME", help="the manager importing")
    load.set_defaults(handler=_import)
    template = actions.add_parser(
        "template", help="start the directory from the demo template (examples to localise)"
    )
    template.add_argument("--as", dest="actor", metavar="NAME", required=True)
    template.set_defaults(handler=_template)
    save = actions.add_parser("export", help="export the directory")
    save.add_argument("file", type=Path, metavar="FILE")
    save.add_argument(
        "--format",
        required=True,
        choices=["oruk", "csv", "xlsx"],
        help="oruk (.json or a package folder), csv (UTF-8 with a BOM) or xlsx (Excel)",
    )
    save.set_defaults(handler=_export)
    feed_commands.register(actions)


def _import(args: argparse.Namespace) -> int:
    if isinstance(args.file, str):
        return feed_commands.import_from_feed(args)
    reading = read_directory(args.file)
    services = reading.services
    # One page of a longer list never retires the rest unless the manager says so.
    retire = not args.keep_missing and (not reading.partial or args.allow_retiring)
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            plan = preview_import(session, services)
            summary = plan.summary() if retire else plan.summary().rsplit(", ", 1)[0]
            out(f"{args.file.name}: {len(services)} services: {summary}")
            for line in reading.preview_lines():
                out(f"  {line}")
            if reading.partial and not retire and not args.keep_missing:
                out("  nothing will be retired (give --allow-retiring to retire what it lacks)")
            for service, fields in plan.changed[:20]:
                out(f"  changed: {service.values['name']} ({', '.join(fields)})")
            if retire:
                for name in plan.to_retire[:20]:
                    out(f"  to retire: {name}")
            warning = plan.retire_warning() if retire else ""
            if warning:
                out(warning)
            if args.dry_run:
                out("dry run: nothing imported")
                return 0
            if warning and not args.allow_retiring:
                _confirm_retiring(len(plan.to_retire))
            if args.actor is None:
                raise ValidationError("say which manager is importing: --as NAME")
            actor = signed_in(session, args.actor)
            session.info["actor"] = actor
            apply_import(session, actor, services, retire_missing=retire)
        out("imported")
    finally:
        database.dispose()
    return 0


def _confirm_retiring(count: int) -> None:
    """Ask on a terminal; without one, refuse (``--allow-retiring`` applies regardless)."""
    if not sys.stdin.isatty():
        raise ValidationError(
            f"not imported: {count} services would be retired; check the file, or give "
            "--allow-retiring (or --keep-missing) to import it anyway"
        )
    answer = input(f"Retire {count} services? Type 'yes' to import: ")
    if answer.strip().lower() != "yes":
        raise ValidationError("not imported: nothing was changed")


def _export(args: argparse.Namespace) -> int:
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            count = export_directory(session, args.file, args.format)
    finally:
        database.dispose()
    out(f"exported {count} services to {args.file}")
    return 0


def _template(args: argparse.Namespace) -> int:
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            actor = signed_in(session, args.actor)
            session.info["actor"] = actor
            result = load_template(session, actor)
    finally:
        database.dispose()
    out(
        f"added {result.services_added} example services, {result.red_flags_added} example "
        f"red-flag protocols and {result.scenarios_added} training scenarios: every one is "
        "marked as an example; check and localise each before real use"
    )
    return 0
