"""Streaming signpost records to CSV in a documented profile, whatever the number of rows."""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from operator import itemgetter
from pathlib import Path
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.accounts.permissions import Permission, require
from signposting.db.engine import Database
from signposting.db.models import (
    Practice,
    RedFlagProtocol,
    Service,
    ServiceCode,
    SignpostRecord,
    StaffMember,
)
from signposting.directory.opening import UK
from signposting.errors import SignpostingError
from signposting.export.atomic import atomic_binary_file
from signposting.export.concepts import exported_code
from signposting.export.csv_safe import csv_field, csv_line
from signposting.export.profiles import (
    CHANNEL_LABELS,
    LAYOUTS,
    OUTCOME_LABELS,
    Column,
    Encoding,
    Profile,
)
from signposting.recording.filters import RecordFilter
from signposting.training.database import refuse_training_records

log = logging.getLogger(__name__)

CHUNK_ROWS = 5000
Progress = Callable[[int, int], None]


class ExportCancelledError(SignpostingError):
    """The user stopped the export; no file was written."""


@dataclass
class _Lookups:
    """Small tables read once, their text already written by ``csv_field``, so each record
    costs a few dictionary look-ups and one join."""

    ods: dict[int, str] = field(default_factory=dict)
    staff: dict[int, str] = field(default_factory=dict)
    services: dict[int, str] = field(default_factory=dict)
    red_flags: dict[int, str] = field(default_factory=dict)
    #: Codes and terms as stored (not yet written by ``csv_field``).
    default_codes: dict[int, tuple[str, str]] = field(default_factory=dict)
    practice_codes: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)
    _targets: dict[tuple[int, int | None, int | None, str], tuple[str, str, str]] = field(
        default_factory=dict
    )

    @classmethod
    def read(cls, session: Session) -> _Lookups:
        lookups = cls()
        lookups.ods = _pairs(session, Practice.id, Practice.ods_code)
        lookups.staff = _pairs(session, StaffMember.id, StaffMember.name)
        lookups.red_flags = _pairs(session, RedFlagProtocol.id, RedFlagProtocol.title)
        for sid, name, code, term in session.execute(
            sa.select(Service.id, Service.name, Service.snomed_code, Service.snomed_term)
        ):
            lookups.services[sid] = csv_field(name)
            if code:
                lookups.default_codes[sid] = (code, term or "")
        for practice_id, service_id, code, term in session.execute(
            sa.select(
                ServiceCode.practice_id, ServiceCode.service_id, ServiceCode.code, ServiceCode.term
            )
        ):
            lookups.practice_codes[(practice_id, service_id)] = (code, term)
        return lookups

    def target(
        self, practice_id: int, service_id: int | None, red_flag_id: int | None, outcome: str
    ) -> tuple[str, str, str]:
        """What the patient was sent to, and the code and term that say what happened: see
        ``exported_code`` (a red flag has no service, so only its outcome's concept, if any)."""
        key = (practice_id, service_id, red_flag_id, outcome)
        found = self._targets.get(key)
        if found is None:
            if red_flag_id is not None:
                name = self.red_flags.get(red_flag_id, "")
            else:
                name = self.services.get(service_id, "") if service_id is not None else ""
            practice_code = suggested = None
            if service_id is not None and red_flag_id is None:
                practice_code = self.practice_codes.get((practice_id, service_id))
                suggested = self.default_codes.get(service_id)
            code, term = exported_code(outcome, practice_code, suggested)
            found = (name, csv_field(code), csv_field(term))
            self._targets[key] = found
        return found


def _pairs(session: Session, key: Any, value: Any) -> dict[int, str]:
    return {int(k): csv_field(v) for k, v in session.execute(sa.select(key, value))}


class _Fields(dict[Any, str]):
    """Values already written by ``csv_field``; one not seen before is written and kept."""

    def __missing__(self, value: Any) -> str:
        found = self[value] = csv_field(value)
        return found


class _Clock:
    """UK local date and hour per UTC hour. The UK offset only changes on the hour (01:00 UTC),
    so each UTC hour is converted once and its minutes copied across."""

    def __init__(self, date_format: str) -> None:
        self.date_format = date_format
        self.hours: dict[Any, tuple[str, str]] = {}

    def hour_text(self, key: Any, stamp: Any) -> tuple[str, str]:
        """Local date text and 'HH:' for the UTC hour of ``stamp``; remembered under ``key``."""
        moment = datetime.fromisoformat(stamp[:19]) if isinstance(stamp, str) else stamp
        if moment.tzinfo is None:  # SQLite keeps UTC without an offset
            moment = moment.replace(tzinfo=UTC)
        local = moment.astimezone(UK)
        date_text = csv_field(local.strftime(self.date_format))
        found = self.hours[key] = (date_text, f"{local.hour:02d}:")  # minutes follow: digits
        return found


def _count_records(database: Database, filters: RecordFilter) -> int:
    with database.unit_of_work() as session:
        query = sa.select(sa.func.count()).select_from(SignpostRecord).where(*filters.where())
        return int(session.scalar(query) or 0)


def _iter_chunks(
    connection: sa.Connection, profile: Profile, filters: RecordFilter, lookups: _Lookups
) -> Generator[list[str], None, None]:
    """CSV lines (CRLF-ended) for matching records, oldest first, a chunk at a time, streamed
    from the database."""
    layout = LAYOUTS[profile]
    clock = _Clock(layout.date_format)
    reorder = itemgetter(*(_INTERNAL_ORDER.index(column) for column, _ in layout.headers))
    query = (
        sa.select(
            sa.type_coerce(SignpostRecord.recorded_at, sa.String),
            SignpostRecord.practice_id,
            SignpostRecord.staff_id,
            SignpostRecord.service_id,
            SignpostRecord.red_flag_id,
            sa.type_coerce(SignpostRecord.outcome, sa.String),
            sa.type_coerce(SignpostRecord.channel, sa.String),
            sa.type_coerce(SignpostRecord.age_band, sa.String),
        )
        .where(*filters.where())
        .order_by(SignpostRecord.recorded_at, SignpostRecord.id)
    )
    result = connection.execution_options(yield_per=CHUNK_ROWS).execute(query)
    try:
        yield from _format(cast(sa.CursorResult[Any], result), clock, reorder, lookups)
    finally:
        result.close()


def _format(
    result: sa.CursorResult[Any],
    clock: _Clock,
    reorder: Callable[[tuple[str, ...]], tuple[str, ...]],
    lookups: _Lookups,
) -> Iterator[list[str]]:
    """This loop runs once per record, so it is kept tight: every text is prepared already."""
    hours, hour_of = clock.hours, clock.hour_text
    join = ",".join
    outcome_labels = _Fields({o.value: csv_field(label) for o, label in OUTCOME_LABELS.items()})
    channel_labels = _Fields({c.value: csv_field(label) for c, label in CHANNEL_LABELS.items()})
    age_bands = _Fields()
    ods, staff_names, target = lookups.ods, lookups.staff, lookups.target
    for partition in result.partitions(CHUNK_ROWS):
        chunk = []
        rows = cast(list[tuple[Any, ...]], partition)
        for stamp, practice, staff, service, red_flag, outcome, channel, band in rows:
            if stamp.__class__ is str:  # SQLite: '2026-11-23 18:05:39.123456', in UTC
                key: Any = stamp[:13]
                minute = stamp[14:16]
            else:
                key = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.utcoffset())
                minute = f"{stamp.minute:02d}"
            local = hours.get(key) or hour_of(key, stamp)
            name, code, term = target(practice, service, red_flag, outcome)
            chunk.append(
                join(
                    reorder(
                        (
                            local[0],
                            local[1] + minute,
                            ods.get(practice, ""),
                            staff_names.get(staff, "") if staff is not None else "",
                            name,
                            code,
                            term,
                            outcome_labels[outcome],
                            channel_labels[channel],
                            age_bands[band],
                        )
                    )
                )
                + "\r\n"
            )
        yield chunk


#: The order ``iter_rows`` builds cells in, before each profile's own order is applied.
_INTERNAL_ORDER = (
    Column.DATE,
    Column.TIME,
    Column.ODS_CODE,
    Column.STAFF,
    Column.SERVICE,
    Column.CODE,
    Column.TERM,
    Column.OUTCOME,
    Column.CHANNEL,
    Column.AGE_BAND,
)


def export_records(
    database: Database,
    path: Path,
    profile: Profile,
    filters: RecordFilter | None = None,
    *,
    actor_id: int | None,
    encoding: Encoding = Encoding.UTF8_BOM,
    progress: Progress | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> int:
    """Write the CSV whole, or leave no file at all; returns the number of records written.
    ``actor_id`` is the member of staff exporting, whose role must allow it."""
    filters = filters or RecordFilter()
    with database.unit_of_work() as session:
        refuse_training_records(session)
        actor = session.get(StaffMember, actor_id) if actor_id is not None else None
        who = require(actor, Permission.EXPORT_RECORDS).name
    total = _count_records(database, filters) if progress else 0
    written = 0
    layout = LAYOUTS[profile]
    with atomic_binary_file(path) as raw, database.unit_of_work() as session:
        header = csv_line(h for _, h in layout.headers)
        raw.write(header.encode(encoding.value, errors="replace"))
        body_codec = "utf-8" if encoding is Encoding.UTF8_BOM else encoding.value
        lookups = _Lookups.read(session)
        chunks = _iter_chunks(session.connection(), profile, filters, lookups)
        with closing(chunks):  # closes the server-side cursor on cancel or error too
            for chunk in chunks:
                if should_cancel is not None and should_cancel():
                    raise ExportCancelledError("export cancelled; no file was written")
                raw.write("".join(chunk).encode(body_codec, errors="replace"))
                written += len(chunk)
                if progress is not None:
                    progress(written, total)
    log.info("%s exported %d records to %s (%s)", who, written, path, profile.value)
    return written
