"""``signposting training``: scenarios, the training database, the training desk and debriefs."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from signposting.accounts.permissions import Permission, require
from signposting.cli.common import open_database, out, out_json
from signposting.cli.staff_command import signed_in
from signposting.db.models import Rehearsal
from signposting.errors import NotFoundError, ValidationError
from signposting.export.pages import check_page_path, write_page
from signposting.recording.organisation import resolve_practice, resolve_staff
from signposting.training.database import open_training_database, reset_training_database
from signposting.training.materials import debrief_html, scripts_html
from signposting.training.rehearsal import rehearsal_calls
from signposting.training.results import rehearsal_results
from signposting.training.scenario_files import (
    apply_scenarios,
    preview_scenarios,
    read_scenario_file,
    write_scenario_file,
)
from signposting.training.store import DirectoryNames, list_scenarios, load_shipped_scenarios


def register(commands: Any) -> None:
    training = commands.add_parser(
        "training",
        help="training mode: scenarios, the training desk, rehearsals, debriefs",
        description="With no ACTION, opens the trainer's window (sign in as a trainer or "
        "manager): rehearsals, scenarios, debriefs and go-live readiness.",
    )
    training.set_defaults(handler=_trainer_window)
    training.add_argument("--practice", metavar="ODS", help="the practice (networks)")
    actions = training.add_subparsers(dest="training_command", metavar="ACTION")

    scenarios = actions.add_parser("scenarios", help="list scenarios (import, export, examples)")
    scenarios.add_argument("--json", action="store_true", help="one JSON document")
    scenarios.set_defaults(handler=_list)
    scenario_actions = scenarios.add_subparsers(dest="scenario_command", metavar="ACTION")
    load = scenario_actions.add_parser("import", help="import a scenario file (all or nothing)")
    load.add_argument("file", type=Path, metavar="FILE.json|FILE.toml")
    load.add_argument("--dry-run", action="store_true", help="check and preview; change nothing")
    load.add_argument("--as", dest="actor", metavar="NAME", help="the trainer or manager")
    load.set_defaults(handler=_import)
    save = scenario_actions.add_parser("export", help="write scenarios to a file to share")
    save.add_argument("file", type=Path, metavar="FILE.json")
    save.add_argument("--key", action="append", help="only these scenarios (repeatable)")
    save.set_defaults(handler=_export)
    examples = scenario_actions.add_parser("examples", help="add the shipped example scenarios")
    examples.add_argument("--as", dest="actor", metavar="NAME", required=True)
    examples.set_defaults(handler=_examples)

    reset = actions.add_parser("reset", help="clear the training database and recopy the directory")
    reset.add_argument("--as", dest="actor", metavar="NAME", required=True)
    reset.set_defaults(handler=_reset)
    desk = actions.add_parser("desk", help="open the desk in training mode")
    desk.set_defaults(handler=_desk)
    results = actions.add_parser("results", help="rehearsals and each trainee's score")
    results.add_argument("--json", action="store_true")
    results.set_defaults(handler=_results)
    debrief = actions.add_parser("debrief", help="a rehearsal's debrief as HTML or PDF")
    debrief.add_argument("rehearsal", type=int, metavar="ID")
    debrief.add_argument("--trainee", metavar="NAME", help="one trainee (default: the team)")
    debrief.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.pdf|FILE.html")
    debrief.set_defaults(handler=_debrief)
    scripts = actions.add_parser("scripts", help="a rehearsal's caller scripts, a page a call")
    scripts.add_argument("rehearsal", type=int, metavar="ID")
    scripts.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.pdf|FILE.html")
    scripts.set_defaults(handler=_scripts)


def _list(args: argparse.Namespace) -> int:
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            scenarios = list_scenarios(session)
            names = DirectoryNames.read(session)
            rows = [(s, names.missing(s)) for s in scenarios]
    finally:
        database.dispose()
    if args.json:
        out_json([{**s.to_dict(), "missing_from_directory": missing} for s, missing in rows])
        return 0
    for scenario, missing in rows:
        hidden = ", hidden" if scenario.hidden_red_flag else ""
        out(f"{scenario.key}  [{scenario.category.value}{hidden}]  {scenario.title}")
        out(f"    expected: {scenario.expected.describe(names.titles)}")
        for problem in missing:
            out(f"    MISSING: {problem}")
    out(f"{len(rows)} scenario(s); {sum(1 for _, m in rows if m)} name something missing")
    return 0


def _import(args: argparse.Namespace) -> int:
    scenarios = read_scenario_file(args.file)
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            if args.dry_run:
                preview = preview_scenarios(session, scenarios)
            else:
                actor = signed_in(session, args.actor)
                preview = apply_scenarios(session, actor, scenarios)
    finally:
        database.dispose()
    out(("would import: " if args.dry_run else "imported: ") + preview.summary())
    for key, problems in preview.missing.items():
        for problem in problems:
            out(f"  {key}: {problem} (kept; left out of rehearsals until fixed)")
    return 0


def _export(args: argparse.Namespace) -> int:
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            scenarios = list_scenarios(session)
    finally:
        database.dispose()
    if args.key:
        unknown = set(args.key) - {s.key for s in scenarios}
        if unknown:
            raise NotFoundError(f"no scenario with key {', '.join(sorted(unknown))}")
        scenarios = [s for s in scenarios if s.key in set(args.key)]
    count = write_scenario_file(args.file, scenarios)
    out(f"wrote {count} scenario(s) to {args.file}")
    return 0


def _examples(args: argparse.Namespace) -> int:
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            require(signed_in(session, args.actor), Permission.RUN_TRAINING)
            added = load_shipped_scenarios(session)
    finally:
        database.dispose()
    out(f"added {added} example scenario(s) (written against the demo directory)")
    return 0


def _reset(args: argparse.Namespace) -> int:
    live = open_database(args)
    try:
        with live.unit_of_work() as session:
            actor = require(signed_in(session, args.actor), Permission.RUN_TRAINING)
            name = actor.name
        training = open_training_database(live, by=name)
        try:
            result = reset_training_database(live, training, by=name)
        finally:
            training.dispose()
    finally:
        live.dispose()
    out(f"reset {result.url}: {result.summary()}")
    return 0


def _desk(args: argparse.Namespace) -> int:
    live = open_database(args)
    try:
        training = open_training_database(live)
    finally:
        live.dispose()
    from signposting.ui.app import run_application  # noqa: PLC0415 - Qt only for a window

    try:
        return run_application(training, args.practice)
    finally:
        training.dispose()


def _trainer_window(args: argparse.Namespace) -> int:
    live = open_database(args)
    try:
        training = open_training_database(live)
        from signposting.ui.training.app import run_trainer  # noqa: PLC0415 - Qt only

        try:
            return run_trainer(live, training, args.practice)
        finally:
            training.dispose()
    finally:
        live.dispose()


def _results(args: argparse.Namespace) -> int:
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            ids = session.scalars(sa.select(Rehearsal.id).order_by(Rehearsal.started_at)).all()
            results = [rehearsal_results(session, rehearsal_id) for rehearsal_id in ids]
    finally:
        database.dispose()
    pairs = [(r, t) for r in results for t in r.trainees]
    if args.json:
        out_json(
            [
                {
                    "rehearsal": r.rehearsal_id,
                    "started_at": r.started_at.isoformat(),
                    "trainee": t.name,
                    "calls": len(t.calls),
                    "mean_score": round(t.mean_points, 1),
                    "missed_red_flags": len(t.missed_red_flags),
                    "passed": t.passed,
                }
                for r, t in pairs
            ]
        )
        return 0
    for r, t in pairs:
        out(
            f"#{r.rehearsal_id}  {r.started_at:%Y-%m-%d}  {t.name}: {len(t.calls)} call(s), "
            f"mean {t.mean_points:.0f}, {len(t.missed_red_flags)} missed red flag(s), "
            f"{'pass' if t.passed else 'not yet'}"
        )
    if not pairs:
        out("no rehearsal has been scored yet")
    return 0


def _debrief(args: argparse.Namespace) -> int:
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            results = rehearsal_results(session, args.rehearsal)
            trainee_id = None
            if args.trainee:
                practice = resolve_practice(session, args.practice)
                trainee_id = resolve_staff(session, args.trainee, practice).id
                if trainee_id not in {t.trainee_id for t in results.trainees}:
                    raise ValidationError(f"{args.trainee} took no scored call in this rehearsal")
            html = debrief_html(results, trainee_id)
    finally:
        database.dispose()
    write_page(html, args.output)
    out(f"wrote the debrief to {args.output}")
    return 0


def _scripts(args: argparse.Namespace) -> int:
    check_page_path(args.output)
    live = open_database(args)
    try:
        calls = rehearsal_calls(live, args.rehearsal)
        with live.unit_of_work() as session:
            titles = DirectoryNames.read(session).titles
    finally:
        live.dispose()
    write_page(scripts_html(args.rehearsal, calls, titles), args.output)
    out(f"wrote {len(calls)} caller script(s) to {args.output}")
    return 0
