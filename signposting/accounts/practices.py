"""Practices and the Primary Care Networks that group them: setting one up from nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.accounts.passwords import needs_first_manager
from signposting.accounts.permissions import Permission, require
from signposting.db.models import Network, Practice, RedFlagProtocol, StaffMember
from signposting.directory.demo import load_example_red_flags
from signposting.errors import ValidationError

#: A GP practice's ODS code: one letter, then five digits (A81001; Y-codes such as Y01234 too).
PRACTICE_ODS = re.compile(r"[A-Z]\d{5}")
#: A Primary Care Network's ODS code: U, then five digits (U12345).
NETWORK_ODS = re.compile(r"U\d{5}")
MAX_NAME = 200


@dataclass(frozen=True)
class PracticeSummary:
    """One practice as listed: its name, ODS code, network and how many staff it has."""

    name: str
    ods_code: str
    network: str | None
    staff: int


def check_practice_ods(code: str) -> str:
    """The ODS code in capitals, or a clear refusal naming the expected form."""
    return _checked_ods(code, PRACTICE_ODS, "GP practice", "one letter then five digits", "A81001")


def check_network_ods(code: str) -> str:
    """A Primary Care Network's ODS code in capitals, or a clear refusal."""
    return _checked_ods(code, NETWORK_ODS, "Primary Care Network", "U then five digits", "U12345")


def _checked_ods(code: str, form: re.Pattern[str], kind: str, shape: str, example: str) -> str:
    clean = code.strip().upper()
    if not form.fullmatch(clean):
        raise ValidationError(
            f"{code.strip()!r} is not a {kind} ODS code: {shape}, for example {example}"
        )
    return clean


def check_practice_name(name: str) -> str:
    """The name with its spacing tidied, or a refusal if it is empty or too long."""
    clean = " ".join(name.split())
    if not clean:
        raise ValidationError("a practice needs a name")
    if len(clean) > MAX_NAME:
        raise ValidationError(f"a practice name has at most {MAX_NAME} characters")
    return clean


def needs_first_practice(session: Session) -> bool:
    """True on a new installation: no practice exists yet."""
    return not session.scalar(sa.select(sa.func.count()).select_from(Practice))


def create_practice(
    session: Session,
    actor: StaffMember | None,
    name: str,
    ods_code: str,
    *,
    network_code: str | None = None,
    network_name: str | None = None,
) -> Practice:
    """A new practice. On a new installation (no manager yet) no one need sign in; after that a
    manager adds practices, for example the other practices of a network."""
    if not needs_first_manager(session):
        require(actor, Permission.SET_UP_PRACTICES)
    clean_name = check_practice_name(name)
    code = check_practice_ods(ods_code)
    if network_code is not None:
        check_network_ods(network_code)
    taken = session.scalars(
        sa.select(Practice).where(sa.func.upper(Practice.ods_code) == code)
    ).first()
    if taken is not None:
        raise ValidationError(f"a practice with ODS code {code} is already set up ({taken.name})")
    network = _network(session, network_code, network_name) if network_code else None
    practice = Practice(name=clean_name, ods_code=code, network=network)
    session.add(practice)
    session.flush()
    return practice


def ensure_red_flag_protocols(session: Session) -> int:
    """Load the shipped red-flag protocols, as examples awaiting a clinician's sign-off, into a
    database that has none: a desk never runs without red flags. Returns how many were added."""
    if session.scalar(sa.select(sa.func.count()).select_from(RedFlagProtocol)):
        return 0
    return load_example_red_flags(session)


def _network(session: Session, code: str, name: str | None) -> Network:
    clean = check_network_ods(code)
    network = session.scalars(sa.select(Network).where(Network.code == clean)).first()
    if network is None:
        network = Network(code=clean, name=" ".join((name or clean).split())[:MAX_NAME])
        session.add(network)
    return network


def list_practices(session: Session) -> list[PracticeSummary]:
    """Every practice, by name, with its network and number of active staff."""
    staff = (
        sa.select(StaffMember.practice_id, sa.func.count().label("count"))
        .where(StaffMember.active.is_(True))
        .group_by(StaffMember.practice_id)
        .subquery()
    )
    rows = session.execute(
        sa.select(Practice.name, Practice.ods_code, Network.name, staff.c.count)
        .outerjoin(Network, Practice.network_id == Network.id)
        .outerjoin(staff, staff.c.practice_id == Practice.id)
        .order_by(Practice.name)
    )
    return [PracticeSummary(name, code, network, count or 0) for name, code, network, count in rows]
