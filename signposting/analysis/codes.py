"""Each practice's mapping from services to the codes of its own EMIS Web or SystmOne template."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.accounts.permissions import Permission, require
from signposting.db.models import Service, ServiceCode, StaffMember
from signposting.domain import ServiceStatus
from signposting.errors import ValidationError

# Verhoeff check digit tables: SNOMED CT identifiers end in a Verhoeff check digit.
_MULTIPLY = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
]
_PERMUTE = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
]
SNOMED_LENGTHS = range(6, 19)


def verhoeff_valid(digits: str) -> bool:
    check = 0
    for position, digit in enumerate(reversed(digits)):
        check = _MULTIPLY[check][_PERMUTE[position % 8][int(digit)]]
    return check == 0


def check_code(code: str, term: str) -> tuple[str, str]:
    """A code and term as stored; a clear error if they cannot be right."""
    code, term = code.strip(), " ".join(term.split())
    if not code and not term:
        return "", ""
    if not code:
        raise ValidationError(f"the term {term!r} has no code")
    if not term:
        raise ValidationError(f"code {code} needs its term, as the clinical system shows it")
    if len(code) > 20 or not code.replace("-", "").isalnum():
        raise ValidationError(f"{code!r} is not a code (letters and digits, at most 20)")
    if code.isdigit() and len(code) in SNOMED_LENGTHS and not verhoeff_valid(code):
        raise ValidationError(
            f"{code} is not a valid SNOMED CT identifier (its check digit is wrong)"
        )
    if len(term) > 255:
        raise ValidationError("keep the term under 255 characters")
    return code, term


@dataclass(frozen=True)
class CodeRow:
    service_id: int
    service: str
    directory_code: str
    directory_term: str
    code: str
    term: str


def list_codes(session: Session, practice_id: int) -> list[CodeRow]:
    """Every current service with the directory's suggestion and the practice's own code."""
    mapped = {
        row.service_id: row
        for row in session.scalars(
            sa.select(ServiceCode).where(ServiceCode.practice_id == practice_id)
        )
    }
    services = session.scalars(
        sa.select(Service).where(Service.status != ServiceStatus.RETIRED).order_by(Service.name)
    )
    return [
        CodeRow(
            s.id,
            s.name,
            s.snomed_code or "",
            s.snomed_term or "",
            mapped[s.id].code if s.id in mapped else "",
            mapped[s.id].term if s.id in mapped else "",
        )
        for s in services
    ]


#: How many service names a warning lists before "and N more".
WARNING_NAMES = 5


@dataclass(frozen=True)
class CodeCoverage:
    """How many current services a practice's signposts would export without a code."""

    services: int
    uncoded: tuple[str, ...]

    @property
    def warning(self) -> str:
        """One line for the screen or the terminal; empty when every service has a code."""
        if not self.uncoded:
            return ""
        shown = ", ".join(self.uncoded[:WARNING_NAMES])
        more = len(self.uncoded) - WARNING_NAMES
        names = f"{shown} and {more} more" if more > 0 else shown
        return (
            f"{len(self.uncoded)} of {self.services} services have no code: their signposts "
            f"export without a SNOMED code ({names})"
        )


def coverage_of(
    rows: list[CodeRow], edits: dict[int, tuple[str, str]] | None = None
) -> CodeCoverage:
    """Services with neither a practice code nor a suggested one; ``edits`` are practice codes
    not saved yet, by service id (a blank code there removes the saved one)."""
    pending = edits or {}
    uncoded = tuple(
        row.service
        for row in rows
        if not (pending.get(row.service_id, (row.code, row.term))[0] or row.directory_code)
    )
    return CodeCoverage(len(rows), uncoded)


def code_coverage(session: Session, practice_id: int) -> CodeCoverage:
    """Which current services this practice's export would leave without a code."""
    return coverage_of(list_codes(session, practice_id))


def save_codes(
    session: Session,
    actor: StaffMember | None,
    practice_id: int,
    codes: dict[int, tuple[str, str]],
) -> int:
    """Store the practice's codes (blank removes one); all are checked before any is saved."""
    require(actor, Permission.SET_EXPORT_CODES)
    checked = {service_id: check_code(*pair) for service_id, pair in codes.items()}
    existing = {
        row.service_id: row
        for row in session.scalars(
            sa.select(ServiceCode).where(ServiceCode.practice_id == practice_id)
        )
    }
    for service_id, (code, term) in checked.items():
        row = existing.get(service_id)
        if not code:
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(
                ServiceCode(practice_id=practice_id, service_id=service_id, code=code, term=term)
            )
        else:
            row.code, row.term = code, term
    return len(checked)
