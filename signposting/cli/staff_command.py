"""``signposting staff`` and ``signposting redflag``: accounts, and clinician sign-off.

Commands that change things act as a named member of staff (``--as NAME``); the password comes
from ``SIGNPOSTING_PASSWORD`` or is asked for on the terminal.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.accounts.passwords import (
    add_staff,
    authenticate,
    lift_lockout,
    needs_first_manager,
)
from signposting.cli.common import open_database, out, read_password
from signposting.db.models import StaffMember
from signposting.directory import red_flags
from signposting.directory.queries import get_red_flag
from signposting.domain import Role
from signposting.errors import ValidationError
from signposting.export.dates import parse_date
from signposting.recording.organisation import resolve_practice

PASSWORD_ENV = "SIGNPOSTING_PASSWORD"
NEW_PASSWORD_ENV = "SIGNPOSTING_NEW_PASSWORD"
DEFAULT_REVIEW_DAYS = 365


def register(commands: Any) -> Any:
    """The staff and redflag commands; returns the redflag actions for others to add to."""
    staff = commands.add_parser("staff", help="staff accounts")
    actions = staff.add_subparsers(dest="staff_command", metavar="ACTION", required=True)
    actions.add_parser("list", help="staff and their roles").set_defaults(handler=_list)
    add = actions.add_parser("add", help="add a member of staff (the first manager needs no --as)")
    add.add_argument("name")
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--practice", metavar="ODS")
    add.add_argument("--as", dest="actor", metavar="NAME", help="the manager adding them")
    add.set_defaults(handler=_add)

    unlock = actions.add_parser(
        "unlock", help="let someone locked out by failed sign-ins try again now (audited)"
    )
    unlock.add_argument("name")
    unlock.add_argument("--as", dest="actor", metavar="NAME", required=True)
    unlock.set_defaults(handler=_unlock)

    flags = commands.add_parser("redflag", help="red-flag protocols")
    flag_actions = flags.add_subparsers(dest="redflag_command", metavar="ACTION", required=True)
    sign = flag_actions.add_parser("sign-off", help="a clinician signs off a protocol as written")
    sign.add_argument("protocol", metavar="ID", help="protocol id or key, or 'all'")
    sign.add_argument("--as", dest="actor", metavar="NAME", required=True)
    sign.add_argument("--review", metavar="DATE", help="review date (default: a year from today)")
    sign.set_defaults(handler=_sign_off)
    return flag_actions


def signed_in(session: Session, name: str | None) -> StaffMember | None:
    if name is None:
        return None
    return authenticate(session, name, read_password(PASSWORD_ENV, f"Password for {name}: "))


def _list(args: argparse.Namespace) -> int:
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            for member in session.scalars(sa.select(StaffMember).order_by(StaffMember.name)):
                state = "" if member.active else " (inactive)"
                signs_in = "password" if member.password_hash else "no password"
                out(f"{member.id:>4}  {member.name}  [{member.role.value}; {signs_in}]{state}")
    finally:
        database.dispose()
    return 0


def _add(args: argparse.Namespace) -> int:
    role = Role(args.role)
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            if args.actor is None and not needs_first_manager(session):
                raise ValidationError("say which manager is adding them: --as NAME")
            actor = signed_in(session, args.actor)
            practice = resolve_practice(session, args.practice)
            password = None
            if role is not Role.RECEPTIONIST:
                password = read_password(NEW_PASSWORD_ENV, f"New password for {args.name}: ")
            session.info["actor"] = actor
            member = add_staff(
                session, actor, args.name, role, practice=practice, password=password
            )
            out(f"added {member.name} ({role.value}), id {member.id}")
    finally:
        database.dispose()
    return 0


def _unlock(args: argparse.Namespace) -> int:
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            actor = signed_in(session, args.actor)
            session.info["actor"] = actor
            lifted = lift_lockout(session, actor, args.name)
    finally:
        database.dispose()
    out(f"{args.name} may sign in again" if lifted else f"{args.name} was not locked out")
    return 0


def _sign_off(args: argparse.Namespace) -> int:
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            clinician = signed_in(session, args.actor)
            session.info["actor"] = clinician
            review = (
                parse_date(args.review)
                if args.review
                else (datetime.now(UTC) + timedelta(days=DEFAULT_REVIEW_DAYS)).date()
            )
            if args.protocol == "all":
                protocols = list(session.scalars(sa.select(red_flags.RedFlagProtocol)))
            else:
                protocols = [get_red_flag(session, args.protocol)]
            for protocol in protocols:
                red_flags.sign_off_as_is(session, clinician, protocol.id, review)
            out(f"signed off {len(protocols)} protocol(s), review by {review:%d/%m/%Y}")
    finally:
        database.dispose()
    return 0
