"""Making a signpost record, checked against the rules of the data model."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar
from uuid import uuid4

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from signposting.db.base import utc_now
from signposting.db.engine import Database
from signposting.db.models import RedFlagProtocol, Service, SignpostRecord
from signposting.domain import AgeBand, Channel, Outcome, ServiceStatus
from signposting.errors import ValidationError

log = logging.getLogger(__name__)

Row = TypeVar("Row", Service, RedFlagProtocol)

#: Attempts at the insert: a second when the first met a dead connection, or when its service
#: became recordable between the insert and the look at why nothing was inserted.
_ATTEMPTS = 2


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
    problem = _combination_problem(
        outcome, has_service=service is not None, has_red_flag=red_flag is not None
    )
    if problem is not None:
        raise problem
    if service is not None and service.status is ServiceStatus.RETIRED:
        raise ValidationError(f"service {service.name!r} is retired and cannot be signposted to")


def _combination_problem(
    outcome: Outcome, *, has_service: bool, has_red_flag: bool
) -> ValidationError | None:
    if has_service and has_red_flag:
        return ValidationError("a signpost is to a service or a red-flag escalation, not both")
    if outcome is Outcome.RED_FLAG_ESCALATED and not has_red_flag:
        return ValidationError("a red-flag escalation needs the red-flag protocol (--red-flag)")
    if has_red_flag and outcome is not Outcome.RED_FLAG_ESCALATED:
        return ValidationError(
            f"a red-flag protocol is recorded with outcome {Outcome.RED_FLAG_ESCALATED.value!r}"
        )
    if outcome in (Outcome.ACCEPTED, Outcome.DECLINED) and not has_service:
        return ValidationError(f"outcome {outcome.value!r} needs the service offered (--service)")
    return None


def record_signpost(database: Database, request: SignpostRequest) -> SignpostRecord:
    """Write one record; it is committed (durably) when this returns.

    One statement inserts it, only if its service (not retired) or red-flag protocol exists, and
    only if no record with its uuid is stored yet: a record sent twice is stored once. On a
    database server that is one round trip, with no ping before it; a connection found dead is
    replaced and the statement sent once more. Practice and staff are checked by the database's
    foreign keys. Only when nothing was inserted does a second query find out why, so that the
    message says exactly what is wrong, or find the record already stored under its uuid.
    """
    problem = _combination_problem(
        request.outcome,
        has_service=request.service_id is not None,
        has_red_flag=request.red_flag_id is not None,
    )
    if problem is not None:
        with database.unit_of_work() as session:
            _rows(session, request)  # an unknown service or protocol is reported first
        raise problem
    values = _record_values(request)
    for attempt in range(1, _ATTEMPTS + 1):
        try:
            record_id = _insert(database, request, values)
        except DBAPIError as exc:
            if not exc.connection_invalidated or attempt == _ATTEMPTS:
                raise
            log.info("the recording connection was lost; sending again: %s", exc.orig)
            continue
        if record_id is None:
            record_id = _stored_id_or_refusal(database, request, values["uuid"])
        if record_id is not None:
            break
    else:
        raise ValidationError("the record could not be stored; please record it again")
    record = SignpostRecord(id=record_id, **values)
    log.info("recorded signpost %s (%s)", record.id, record.outcome)
    return record


#: The columns a record is inserted with, in the order of the statement's SELECT.
_COLUMNS = (
    "uuid",
    "recorded_at",
    "practice_id",
    "staff_id",
    "service_id",
    "red_flag_id",
    "outcome",
    "channel",
    "age_band",
)
#: Prefixed to the statement's parameter names: an INSERT keeps its columns' own names.
_PARAMETER = "record_"
#: The recording statements made so far, by backend, what the record is to, and RETURNING.
_STATEMENTS: dict[tuple[str, str | None, bool], sa.Insert] = {}


def _record_values(request: SignpostRequest) -> dict[str, Any]:
    return {
        "uuid": request.uuid or str(uuid4()),
        "recorded_at": request.recorded_at or utc_now(),
        "practice_id": request.practice_id,
        "staff_id": request.staff_id,
        "service_id": request.service_id,
        "red_flag_id": request.red_flag_id,
        "outcome": request.outcome,
        "channel": request.channel,
        "age_band": request.age_band,
    }


def _insert(database: Database, request: SignpostRequest, values: dict[str, Any]) -> int | None:
    """Run the one statement: the new record's id, or None when it inserted nothing."""
    statement = _insert_statement(database, request)
    parameters = {_PARAMETER + name: value for name, value in values.items()}
    try:
        with database.single_statement() as connection:
            result = connection.execute(statement, parameters)
            if _returns_id(database):
                return result.scalar_one_or_none()
            return int(result.lastrowid) if result.rowcount == 1 else None
    except IntegrityError as exc:
        raise ValidationError(
            f"practice {request.practice_id} or member of staff {request.staff_id} does not exist"
        ) from exc


def _insert_statement(database: Database, request: SignpostRequest) -> sa.Insert:
    """INSERT ... SELECT <the record's values> WHERE <its service or protocol is recordable>
    ON CONFLICT (uuid) DO NOTHING RETURNING id; made once for each kind of record."""
    target = "service" if request.service_id is not None else None
    target = "red_flag" if request.red_flag_id is not None else target
    key = (database.url.get_backend_name(), target, _returns_id(database))
    statement = _STATEMENTS.get(key)
    if statement is None:
        table = SignpostRecord.__table__
        selected = sa.select(
            *(sa.bindparam(_PARAMETER + name, type_=table.c[name].type) for name in _COLUMNS)
        )
        # SQLite reads an ON CONFLICT after a SELECT without WHERE as part of a join: always one.
        selected = selected.where(_recordable(target))
        statement = database.insert_unless_present(SignpostRecord, "uuid").from_select(
            _COLUMNS, selected
        )
        if _returns_id(database):
            statement = statement.returning(table.c.id)
        _STATEMENTS[key] = statement
    return statement


def _returns_id(database: Database) -> bool:
    """RETURNING: PostgreSQL, and SQLite from 3.35; before, the new id comes from the cursor."""
    return bool(database.engine.dialect.insert_returning)


def _recordable(target: str | None) -> sa.ColumnElement[bool]:
    if target == "service":
        return sa.exists().where(
            Service.id == sa.bindparam(_PARAMETER + "service_id", type_=sa.Integer()),
            Service.status != ServiceStatus.RETIRED,
        )
    if target == "red_flag":
        return sa.exists().where(
            RedFlagProtocol.id == sa.bindparam(_PARAMETER + "red_flag_id", type_=sa.Integer())
        )
    return sa.true()


def _stored_id_or_refusal(database: Database, request: SignpostRequest, uuid: str) -> int | None:
    """Why nothing was inserted: the record is already stored (its id is returned), or it may
    not be (raised, in the order the desk and command line have always reported). None when
    nothing is wrong any more, so the insert may be tried again."""
    with database.unit_of_work() as session:
        stored = session.scalar(sa.select(SignpostRecord.id).where(SignpostRecord.uuid == uuid))
        if stored is not None:
            return stored
        check_request(request.outcome, *_rows(session, request))
    return None


def _rows(
    session: Session, request: SignpostRequest
) -> tuple[Service | None, RedFlagProtocol | None]:
    return (
        _get_optional(session, Service, request.service_id, "service"),
        _get_optional(session, RedFlagProtocol, request.red_flag_id, "red-flag protocol"),
    )


def _get_optional(session: Session, model: type[Row], ident: int | None, what: str) -> Row | None:
    if ident is None:
        return None
    found = session.get(model, ident)
    if found is None:
        raise ValidationError(f"no {what} with id {ident}")
    return found
