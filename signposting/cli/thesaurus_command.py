"""``signposting thesaurus`` and ``signposting redflag try``: the red-flag thesaurus, a
practice's changes to it (signed off by a clinician, shown with their impact first), and why a
phrase raises what it raises."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

from signposting.cli.common import open_database, out, out_json
from signposting.cli.staff_command import signed_in
from signposting.db.models import StaffMember, ThesaurusChange
from signposting.domain import ThesaurusChangeKind
from signposting.errors import ValidationError
from signposting.redflags import changes
from signposting.redflags.evaluation import desk_partial
from signposting.redflags.impact import impact
from signposting.redflags.recogniser import Recogniser
from signposting.redflags.thesaurus import apply_change
from signposting.search.loader import red_flag_entries


def register(commands: Any, redflag_actions: Any) -> None:
    tried = redflag_actions.add_parser("try", help="what a phrase raises, and why")
    tried.add_argument("text", metavar="TEXT")
    tried.set_defaults(handler=_try)
    thesaurus = commands.add_parser("thesaurus", help="the red-flag thesaurus and its changes")
    actions = thesaurus.add_subparsers(dest="thesaurus_command", metavar="ACTION", required=True)
    concepts = actions.add_parser("concepts", help="concepts and their words")
    concepts.add_argument("find", nargs="?", default="", metavar="TEXT", help="only matching")
    concepts.add_argument("--json", action="store_true")
    concepts.set_defaults(handler=_concepts)
    for name, kind, text in [
        ("add", ThesaurusChangeKind.ADD, "propose words for a concept"),
        ("remove", ThesaurusChangeKind.REMOVE, "propose removing words from a concept"),
    ]:
        change = actions.add_parser(name, help=text)
        change.add_argument("concept", metavar="CONCEPT")
        change.add_argument("terms", nargs="+", metavar="TERM")
        _actor_and_note(change)
        change.set_defaults(handler=_draft, kind=kind)
    alike = actions.add_parser("alike", help="propose words to treat alike")
    alike.add_argument("terms", nargs="+", metavar="TERM")
    _actor_and_note(alike)
    alike.set_defaults(handler=_draft, kind=ThesaurusChangeKind.SYNONYMS, concept=None)
    pending = actions.add_parser("pending", help="changes awaiting sign-off, with their impact")
    pending.set_defaults(handler=_pending)
    sign = actions.add_parser("sign-off", help="a clinician puts a change in force")
    sign.add_argument("change", type=int, metavar="ID")
    sign.add_argument("--as", dest="actor", metavar="NAME", required=True)
    sign.add_argument(
        "--accept-losses",
        action="store_true",
        help="sign off even though the change loses recognised calls or adds false alarms",
    )
    sign.set_defaults(handler=_sign_off)
    reject = actions.add_parser("reject", help="a clinician rejects a change")
    reject.add_argument("change", type=int, metavar="ID")
    reject.add_argument("--as", dest="actor", metavar="NAME", required=True)
    reject.set_defaults(handler=_reject)


def _actor_and_note(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--as", dest="actor", metavar="NAME", required=True)
    parser.add_argument("--note", default="", metavar="TEXT", help="why")


def _try(args: argparse.Namespace) -> int:
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            recogniser = Recogniser(changes.in_force(session), red_flag_entries(session))
    finally:
        database.dispose()
    result = recogniser.recognise(args.text, last_partial=desk_partial(args.text))
    for flag in result.banner:
        out(f"RAISES {flag.action}  [{flag.explain()}]")
    for flag in result.checks:
        out(f"CHECK  {flag.entry.title}, mentioned as past: {flag.because}")
    if not result.banner and not result.checks:
        out("Raises no red flag.")
    for mention in result.mentions:
        guessed = " (guessed)" if mention.guessed else ""
        out(f"  heard \u2018{mention.words}\u2019: {', '.join(sorted(mention.concepts))}{guessed}")
    return 0


def _concepts(args: argparse.Namespace) -> int:
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            thesaurus = changes.in_force(session)
    finally:
        database.dispose()
    wanted = args.find.lower()
    chosen = [
        c
        for c in sorted(thesaurus.concepts.values(), key=lambda c: c.name)
        if wanted in c.name.lower() or any(wanted in t.lower() for t in c.terms)
    ]
    if args.json:
        out_json([{"name": c.name, "about": c.about, "terms": list(c.terms)} for c in chosen])
        return 0
    for concept in chosen:
        out(f"{concept.name}: {concept.about}")
        out(f"  {', '.join(concept.terms)}")
    return 0


@contextmanager
def _acting(args: argparse.Namespace) -> Iterator[tuple[Session, StaffMember | None]]:
    """One unit of work as the member of staff named by ``--as``, audited in their name."""
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            actor = signed_in(session, args.actor)
            session.info["actor"] = actor
            yield session, actor
    finally:
        database.dispose()


def _draft(args: argparse.Namespace) -> int:
    with _acting(args) as (session, actor):
        change = changes.draft(
            session, actor, args.kind, args.terms, concept=args.concept, note=args.note
        )
        out(f"proposed change {change.id}: {change.describe()}; a clinician must sign it off")
    return 0


def _impact_lines(session: Session, change: ThesaurusChange) -> tuple[bool, list[str]]:
    current = changes.in_force(session)
    entries = red_flag_entries(session)
    result = impact((current, entries), (apply_change(current, changes.as_change(change)), entries))
    return result.harmful, result.lines()


def _pending(args: argparse.Namespace) -> int:
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            waiting = changes.pending(session)
            if not waiting:
                out("No thesaurus changes await sign-off.")
            for change in waiting:
                out(
                    f"{change.id}: {change.describe()}"
                    + (f" ({change.note})" if change.note else "")
                )
                try:
                    _, lines = _impact_lines(session, change)
                except ValidationError as exc:
                    lines = [f"no longer applies: {exc}"]
                for line in lines:
                    out(f"    {line}")
    finally:
        database.dispose()
    return 0


def _sign_off(args: argparse.Namespace) -> int:
    with _acting(args) as (session, actor):
        change = session.get(ThesaurusChange, args.change)
        if change is None or not change.is_pending:
            raise ValidationError(f"no pending thesaurus change with id {args.change}")
        harmful, lines = _impact_lines(session, change)
        for line in lines:
            out(line)
        if harmful and not args.accept_losses:
            raise ValidationError(
                "this change loses recognised calls or adds false alarms; "
                "sign off with --accept-losses if that is intended"
            )
        changes.sign_off(session, actor, args.change)
        out(f"signed off change {args.change}: {change.describe()}; every desk uses it now")
    return 0


def _reject(args: argparse.Namespace) -> int:
    with _acting(args) as (session, actor):
        changes.reject(session, actor, args.change)
        out(f"rejected change {args.change}")
    return 0
