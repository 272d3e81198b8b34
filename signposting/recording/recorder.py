"""Making a signpost record, checked against the rules of the data model."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar
from uuid import uuid4

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from signposting.db.base import utc_now
from signposting.db.engine import Database
from signposting.db.models import RedFlagProtocol, Service, SignpostRecord
from signposting.domain import AgeBand, Channel, Outcome, ServiceStatus
from signposting.errors import ValidationError

log = logging.getLogger(__name__)

Row = TypeVar("Row", Service, RedFlagProtocol)


@dataclass(frozen=True)
class SignpostRequest:
    """What the desk knows at the end of a call; ids rather than rows so it can cross threads."""

    practice_id: int
    outcome: Outcome
    service_id: int | None = None
    red_flag_id: int | None = None
    staff_id: int | None = None
    channel: Channel = Channel.PHONE
    age_band: AgeBand | None = None
    recorded_at: datetime | None = None
    #: Made where the call is recorded, so a record sent twice (after an outage) is stored once.
    uuid: str | None = None


def check_request(
    outcome: Outcome, service: Service | None, red_flag: RedFlagProtocol | None
) -> None:
    """Reject combinations that make no sense before anything is written."""
    if service is not None and red_flag is not None:
        raise ValidationError("a signpost is to a service or a red-flag escalation, not both")
    if outcome is Outcome.RED_FLAG_ESCALATED and red_flag is None:
        raise ValidationError("a red-flag escalation needs the red-flag protocol (--red-flag)")
    if red_flag is not None and outcome is not Outcome.RED_FLAG_ESCALATED:
        raise ValidationError(
            f"a red-flag protocol is recorded with outcome {Outcome.RED_FLAG_ESCALATED.value!r}"
        )
    if outcome in (Outcome.ACCEPTED, Outcome.DECLINED) and service is None:
        raise ValidationError(f"outcome {outcome.value!r} needs the service offered (--service)")
    if service is not None and service.status is ServiceStatus.RETIRED:
        raise ValidationError(f"service {service.name!r} is retired and cannot be signposted to")


def record_signpost(database: Database, request: SignpostRequest) -> SignpostRecord:
    """Write one record in its own transaction; it is committed (durably) when this returns.

    Only the service or protocol is read (its status matters); practice and staff are checked
    by the database's foreign keys, which keeps a record to one round trip and a commit.
    """
    try:
        with database.unit_of_work() as session:
            service = _get_optional(session, Service, request.service_id, "service")
            red_flag = _get_optional(
                session, RedFlagProtocol, request.red_flag_id, "red-flag protocol"
            )
            check_request(request.outcome, service, red_flag)
            record = SignpostRecord(
                recorded_at=request.recorded_at or utc_now(),
                uuid=request.uuid or str(uuid4()),
                practice_id=request.practice_id,
                staff_id=request.staff_id,
                service_id=request.service_id,
                red_flag_id=request.red_flag_id,
                outcome=request.outcome,
                channel=request.channel,
                age_band=request.age_band,
            )
            session.add(record)
    except IntegrityError as exc:
        raise ValidationError(
            f"practice {request.practice_id} or member of staff {request.staff_id} does not exist"
        ) from exc
    log.info("recorded signpost %s (%s)", record.id, record.outcome)
    return record


def _get_optional(session: Session, model: type[Row], ident: int | None, what: str) -> Row | None:
    if ident is None:
        return None
    found = session.get(model, ident)
    if found is None:
        raise ValidationError(f"no {what} with id {ident}")
    return found
