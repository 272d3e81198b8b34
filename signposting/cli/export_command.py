"""``signposting export``: signpost records as EMIS Web or SystmOne CSV."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.accounts.permissions import Permission, allowed
from signposting.analysis.codes import code_coverage
from signposting.cli.common import open_database, out
from signposting.cli.staff_command import signed_in
from signposting.db.models import Practice, StaffMember
from signposting.directory.queries import get_service
from signposting.domain import Outcome
from signposting.errors import ValidationError
from signposting.export.dates import parse_date
from signposting.export.profiles import Encoding, Profile
from signposting.export.records import export_records
from signposting.recording.filters import RecordFilter
from signposting.recording.organisation import resolve_practice, resolve_staff


def register(commands: Any) -> None:
    export = commands.add_parser("export", help="export signpost records as CSV")
    export.add_argument("--profile", required=True, choices=[p.value for p in Profile])
    export.add_argument("--from", dest="start", metavar="DATE", help="first day (dd/mm/yyyy)")
    export.add_argument("--to", dest="end", metavar="DATE", help="last day, inclusive")
    export.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    export.add_argument(
        "--encoding", default=Encoding.UTF8_BOM.value, choices=[e.value for e in Encoding]
    )
    export.add_argument("--practice", metavar="ODS", help="only this practice")
    export.add_argument("--staff", metavar="NAME", help="only this member of staff")
    export.add_argument("--service", metavar="ID", help="only this service (id or key)")
    export.add_argument("--outcome", choices=[o.value for o in Outcome], action="append")
    export.add_argument(
        "--as", dest="actor", metavar="NAME", required=True, help="the manager exporting"
    )
    export.set_defaults(handler=_export)


def _date(text: str | None, option: str) -> Any:
    if text is None:
        return None
    try:
        return parse_date(text)
    except ValueError as exc:
        raise ValidationError(f"{option}: {exc}") from exc


def _export(args: argparse.Namespace) -> int:
    start, end = _date(args.start, "--from"), _date(args.end, "--to")
    if start and end and start > end:
        raise ValidationError("--from is after --to")
    if not args.output.parent.resolve().is_dir():
        raise ValidationError(f"no folder {args.output.parent} to write {args.output.name} into")
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            actor = signed_in(session, args.actor)
            actor_id = actor.id if actor is not None else None
            practice = resolve_practice(session, args.practice) if args.practice else None
            staff = None
            if args.staff:
                staff = resolve_staff(session, args.staff, practice or resolve_practice(session))
            service = get_service(session, args.service) if args.service else None
            filters = RecordFilter(
                start=start,
                end=end,
                practice_ids=(practice.id,) if practice else (),
                staff_ids=(staff.id,) if staff else (),
                service_ids=(service.id,) if service else (),
                outcomes=tuple(Outcome(o) for o in args.outcome or ()),
            )
            _warn_uncoded(session, actor, practice)
        count = export_records(
            database,
            args.output,
            Profile(args.profile),
            filters,
            actor_id=actor_id,
            encoding=Encoding(args.encoding),
        )
    finally:
        database.dispose()
    out(f"wrote {count} records to {args.output}")
    return 0


def _warn_uncoded(session: Session, actor: StaffMember | None, practice: Practice | None) -> None:
    """Say, before exporting, which services would export without a code (a warning only)."""
    if not allowed(actor, Permission.EXPORT_RECORDS):
        return  # the export itself refuses, with the reason
    practices = [practice] if practice else session.scalars(sa.select(Practice)).all()
    for each in practices:
        warning = code_coverage(session, each.id).warning
        if warning:
            out(
                f"warning: {each.ods_code}: {warning}; set your template's codes under "
                "Reports > Clinical codes for export"
            )
