"""``signposting record``: record one signpost and print its id."""

from __future__ import annotations

import argparse
from typing import Any

from signposting.cli.common import open_database, out
from signposting.db.models import Service
from signposting.directory.queries import get_red_flag, get_service
from signposting.domain import AgeBand, Channel, Outcome, ServiceStatus
from signposting.errors import ValidationError
from signposting.recording.organisation import resolve_practice, resolve_staff
from signposting.recording.recorder import SignpostRequest, record_signpost
from signposting.search.eligibility import age_band_reason

MAX_AGE = 130


def register(commands: Any) -> None:
    record = commands.add_parser("record", help="record one signpost and print its id")
    target = record.add_mutually_exclusive_group()
    target.add_argument("--service", metavar="ID", help="service id or key")
    target.add_argument("--red-flag", metavar="ID", help="red-flag protocol id or key (escalation)")
    record.add_argument("--outcome", required=True, choices=[outcome.value for outcome in Outcome])
    record.add_argument(
        "--channel", default=Channel.PHONE.value, choices=[channel.value for channel in Channel]
    )
    record.add_argument("--staff", metavar="NAME", help="who recorded it")
    record.add_argument("--practice", metavar="ODS", help="practice ODS code (if several)")
    record.add_argument("--age", type=int, metavar="YEARS", help="patient age (stored as a band)")
    record.add_argument(
        "--not-suitable",
        action="store_true",
        help="record an accepted signpost even though the service does not suit this caller",
    )
    record.set_defaults(handler=_record)


def _record(args: argparse.Namespace) -> int:
    if args.age is not None and not 0 <= args.age <= MAX_AGE:
        raise ValidationError(f"--age must be a whole number of years from 0 to {MAX_AGE}")
    age_band = AgeBand.for_age(args.age) if args.age is not None else None
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            practice = resolve_practice(session, args.practice)
            staff = resolve_staff(session, args.staff, practice) if args.staff else None
            service = get_service(session, args.service) if args.service else None
            red_flag = get_red_flag(session, args.red_flag) if args.red_flag else None
            if service is not None and Outcome(args.outcome) is Outcome.ACCEPTED:
                _refuse_unless_suitable(service, args.age, allowed=args.not_suitable)
            request = SignpostRequest(
                practice_id=practice.id,
                outcome=Outcome(args.outcome),
                service_id=service.id if service else None,
                red_flag_id=red_flag.id if red_flag else None,
                staff_id=staff.id if staff else None,
                channel=Channel(args.channel),
                age_band=age_band,
            )
        record = record_signpost(database, request)
    finally:
        database.dispose()
    out(str(record.id))
    return 0


def _refuse_unless_suitable(service: Service, age: int | None, *, allowed: bool) -> None:
    """An accepted signpost to a service that does not suit the caller (age band, closed or
    retired) counts as a GP appointment saved, so it is refused unless asked for."""
    reasons = (
        [service.status.value.replace("_", " ")]
        if service.status is not ServiceStatus.ACTIVE
        else []
    )
    if age is not None and (band := age_band_reason(service.min_age, service.max_age, age)):
        reasons.append(band)
    if reasons and not allowed:
        raise ValidationError(
            f"{service.name} does not suit this caller ({'; '.join(reasons)}); "
            "add --not-suitable to record it anyway"
        )
