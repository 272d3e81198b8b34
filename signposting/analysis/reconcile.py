"""Desk records against codes counted in the clinical system, code by code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.db.models import ImportedCount, Service, ServiceCode
from signposting.domain import Outcome

CODED_SIGNPOSTS = "coded_signposts"


@dataclass(frozen=True)
class ReconcileRow:
    """For one code: accepted signposts the desk recorded, and uses the clinical system counted."""

    code: str
    term: str
    desk: int
    coded: int

    @property
    def difference(self) -> int:
        return self.coded - self.desk


def reconcile(
    session: Session,
    start: date,
    end: date,
    ods_codes: list[str],
    groups: list[tuple[Any, ...]],
) -> list[ReconcileRow]:
    """Rows for every code seen on either side; empty when no coded report was imported.

    ``groups`` are (service, red flag, staff, practice, outcome, count) as the savings analysis
    reads them; a signpost counts under the code its practice maps the service to, else the
    directory's code.
    """
    coded_query = (
        sa.select(
            ImportedCount.code, sa.func.max(ImportedCount.term), sa.func.sum(ImportedCount.count)
        )
        .where(
            ImportedCount.kind == CODED_SIGNPOSTS,
            ImportedCount.period_start >= start,
            ImportedCount.period_end <= end,
            ImportedCount.ods_code.in_(ods_codes),
        )
        .group_by(ImportedCount.code)
    )
    coded: dict[str, tuple[str, int]] = {
        code: (term or "", int(total)) for code, term, total in session.execute(coded_query) if code
    }
    if not coded:
        return []
    practice_codes = {
        (row.practice_id, row.service_id): (row.code, row.term)
        for row in session.scalars(sa.select(ServiceCode))
    }
    default_codes = {
        sid: (code, term or "")
        for sid, code, term in session.execute(
            sa.select(Service.id, Service.snomed_code, Service.snomed_term)
        )
        if code
    }
    desk: dict[str, tuple[str, int]] = {}
    for service_id, _flag, _staff, practice_id, outcome, count in groups:
        if service_id is None or outcome != Outcome.ACCEPTED:
            continue
        found = practice_codes.get((practice_id, service_id)) or default_codes.get(service_id)
        if found:
            term, total = desk.get(found[0], (found[1], 0))
            desk[found[0]] = (term, total + count)
    rows = []
    for code in sorted(set(coded) | set(desk)):
        desk_term, desk_count = desk.get(code, ("", 0))
        coded_term, coded_count = coded.get(code, ("", 0))
        rows.append(ReconcileRow(code, desk_term or coded_term, desk_count, coded_count))
    return rows
