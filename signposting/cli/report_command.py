"""``signposting report`` (the savings report) and ``signposting clinical import``."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from signposting.accounts.practices import list_practices
from signposting.analysis.appointment_months import preview_lines, store_national_appointments
from signposting.analysis.assumptions import load_assumptions
from signposting.analysis.clinical_csv import read_report, store_report
from signposting.analysis.national_appointments import looks_national, read_national_appointments
from signposting.analysis.report import charts, render_report_html
from signposting.analysis.savings import analyse
from signposting.cli.common import open_database, out
from signposting.cli.staff_command import signed_in
from signposting.directory.opening import UK
from signposting.errors import ValidationError
from signposting.export.atomic import atomic_binary_file
from signposting.export.dates import parse_date
from signposting.recording.organisation import resolve_practice
from signposting.training.database import refuse_training_records

DEFAULT_DAYS = 365


def register(commands: Any) -> None:
    report = commands.add_parser("report", help="the savings report as HTML or PDF")
    report.add_argument(
        "--from", dest="start", metavar="DATE", help="first day (default: a year ago)"
    )
    report.add_argument("--to", dest="end", metavar="DATE", help="last day (default: today)")
    report.add_argument("--practice", metavar="ODS", action="append", help="only these practices")
    report.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.html|FILE.pdf")
    report.add_argument(
        "--as", dest="actor", metavar="NAME", required=True, help="a manager or clinician"
    )
    report.set_defaults(handler=_report)

    clinical = commands.add_parser("clinical", help="reports exported from EMIS Web or SystmOne")
    actions = clinical.add_subparsers(dest="clinical_command", metavar="ACTION", required=True)
    load = actions.add_parser(
        "import",
        help="import GP appointment or coded-activity counts, or NHS England's practice-level "
        "appointments file",
    )
    load.add_argument("file", type=Path, metavar="FILE")
    load.add_argument("--dry-run", action="store_true", help="check and preview; change nothing")
    load.add_argument("--as", dest="actor", metavar="NAME", help="the manager importing")
    load.set_defaults(handler=_clinical_import)


def _dates(args: argparse.Namespace) -> tuple[date, date]:
    try:
        end = parse_date(args.end) if args.end else datetime.now(UTC).astimezone(UK).date()
        start = parse_date(args.start) if args.start else end - timedelta(days=DEFAULT_DAYS - 1)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
    if start > end:
        raise ValidationError("--from is after --to")
    return start, end


def _report(args: argparse.Namespace) -> int:
    suffix = args.output.suffix.lower()
    if suffix not in {".html", ".htm", ".pdf"}:
        raise ValidationError("the report is written as .html or .pdf; name the file so")
    start, end = _dates(args)
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            practices = [resolve_practice(session, code) for code in args.practice or ()]
            ids = tuple(p.id for p in practices)
            assumptions = load_assumptions(session, ids[0] if len(ids) == 1 else None)
            refuse_training_records(session)  # said before asking for a password
            actor = signed_in(session, args.actor)
            analysis = analyse(session, actor, start, end, assumptions, practice_ids=ids)
    finally:
        database.dispose()
    if suffix == ".pdf":
        from signposting.ui.pdf import write_pdf  # noqa: PLC0415 - Qt only for PDF

        write_pdf(render_report_html(analysis, inline_charts=False), args.output, charts(analysis))
    else:
        with atomic_binary_file(args.output) as stream:
            stream.write(render_report_html(analysis).encode("utf-8"))
    out(f"wrote the savings report for {start:%d/%m/%Y} to {end:%d/%m/%Y} to {args.output}")
    return 0


def _clinical_import(args: argparse.Namespace) -> int:
    if looks_national(args.file):
        return _national_import(args)
    report = read_report(args.file)
    kind = "GP appointments" if report.kind == "gp_appointments" else "coded signposts"
    out(
        f"{args.file.name}: {kind}, {len(report.rows)} rows, total {report.total:,}, "
        f"{report.first_day:%d/%m/%Y} to {report.last_day:%d/%m/%Y}, "
        f"practices {', '.join(report.practices)}"
    )
    if args.dry_run:
        out("dry run: nothing imported")
        return 0
    if args.actor is None:
        raise ValidationError("say which manager is importing: --as NAME")
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            stored = store_report(session, signed_in(session, args.actor), report)
    finally:
        database.dispose()
    out(f"imported {stored} rows")
    return 0


def _national_import(args: argparse.Namespace) -> int:
    """NHS England's practice-level appointments file: the rows of every practice set up here."""
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            codes = [practice.ods_code for practice in list_practices(session)]
        if not codes:
            raise ValidationError(
                "no practice is set up, so no rows can be chosen from the national file: "
                "set one up first (signposting practice create --name NAME --ods CODE)"
            )
        found = read_national_appointments(args.file, codes)
        for line in preview_lines(found):
            out(line)
        if args.dry_run:
            out("dry run: nothing imported")
            return 0
        if args.actor is None:
            raise ValidationError("say which manager is importing: --as NAME")
        with database.unit_of_work() as session:
            stored = store_national_appointments(session, signed_in(session, args.actor), found)
    finally:
        database.dispose()
    out(
        f"imported {stored.appointments:,} appointments in {stored.practice_months} "
        f"practice-month(s) for {', '.join(found.practices)}"
        + (f"; {stored.replaced} replaced what was imported before" if stored.replaced else "")
    )
    return 0
