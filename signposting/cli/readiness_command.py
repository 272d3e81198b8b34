"""``signposting readiness``: the go-live checklist, what is missing, ticks and the date."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from typing import Any

from signposting.cli.common import open_database, out, out_json
from signposting.cli.staff_command import signed_in
from signposting.errors import ValidationError
from signposting.export.dates import parse_date
from signposting.recording.organisation import resolve_practice
from signposting.training.readiness import MANUAL_ITEMS, checked_at, readiness, set_go_live, tick


def register(commands: Any) -> None:
    ready = commands.add_parser("readiness", help="the go-live checklist and what is missing")
    ready.add_argument("--practice", metavar="ODS", help="the practice (networks)")
    ready.add_argument("--json", action="store_true", help="one JSON document")
    ready.set_defaults(handler=_show)
    actions = ready.add_subparsers(dest="readiness_command", metavar="ACTION")
    ticking = actions.add_parser("tick", help="tick an item only a person can confirm")
    ticking.add_argument("item", choices=sorted(MANUAL_ITEMS))
    ticking.add_argument("--undo", action="store_true", help="untick it")
    ticking.add_argument("--note", default="", help="what was done, by whom")
    ticking.add_argument("--as", dest="actor", metavar="NAME", required=True)
    ticking.set_defaults(handler=_tick)
    date = actions.add_parser("go-live", help="set the go-live date ('none' clears it)")
    date.add_argument("date", metavar="DATE")
    date.add_argument("--gp", metavar="NAME", help="the senior GP who records the phone message")
    date.add_argument("--as", dest="actor", metavar="NAME", required=True)
    date.set_defaults(handler=_go_live)


def _show(args: argparse.Namespace) -> int:
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            practice_id = resolve_practice(session, args.practice).id
            state = readiness(session, practice_id, checked_at(datetime.now(UTC)))
    finally:
        database.dispose()
    if args.json:
        out_json(
            {
                "practice": state.practice_name,
                "ready": state.ready,
                "go_live_date": state.go_live_date.isoformat() if state.go_live_date else None,
                "days_to_go": state.days_to_go,
                "items": [
                    {
                        "key": item.key,
                        "six_keys_number": item.number,
                        "title": item.title,
                        "done": item.done,
                        "ticked_by_hand": item.by_hand,
                        "details": item.details,
                    }
                    for item in state.items
                ],
            }
        )
        return 0
    out(f"Go-live readiness: {state.practice_name}")
    out(state.countdown())
    for item in state.items:
        how = "ticked by hand" if item.by_hand else "from the data"
        out(f"{item.mark} {item.number}. {item.title} ({how})")
        if not item.done or item.by_hand:
            for line in item.details:
                out(f"      {line}")
        if not item.done and item.by_hand:
            out(f"      tick it: signposting readiness tick {item.key} --as NAME")
    missing = len(state.missing)
    out("READY for go-live" if state.ready else f"NOT READY: {missing} item(s) missing")
    return 0


def _tick(args: argparse.Namespace) -> int:
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            actor = signed_in(session, args.actor)
            practice_id = resolve_practice(session, args.practice).id
            tick(session, actor, practice_id, args.item, done=not args.undo, note=args.note)
    finally:
        database.dispose()
    out(f"{'unticked' if args.undo else 'ticked'} {args.item}")
    return 0


def _go_live(args: argparse.Namespace) -> int:
    try:
        when = None if args.date.lower() == "none" else parse_date(args.date)
    except ValueError as exc:
        raise ValidationError(str(exc)) from exc
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            actor = signed_in(session, args.actor)
            practice_id = resolve_practice(session, args.practice).id
            set_go_live(session, actor, practice_id, when, args.gp)
    finally:
        database.dispose()
    out(f"go-live date {'cleared' if when is None else f'set to {when:%d/%m/%Y}'}")
    return 0
