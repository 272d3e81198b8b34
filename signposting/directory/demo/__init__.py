"""The demo directory: a fictional practice, its staff, services and red-flag protocols.

Everything loaded here is marked ``is_example``: it shows how the toolkit works and must be
localised (and the red flags signed off by the practice's own clinician) before real use.
Loading is idempotent: entries already present (by key) are left as they are, local edits kept;
unsigned example red-flag protocols are brought up to date with the shipped set.
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.accounts.passwords import hash_password, needs_first_manager
from signposting.accounts.permissions import Permission, require
from signposting.db.models import (
    Network,
    Practice,
    RedFlagDraft,
    RedFlagProtocol,
    Service,
    StaffMember,
)
from signposting.directory import red_flags
from signposting.directory.validation import uk_phone
from signposting.domain import AccessMethod, Role, ServiceStatus
from signposting.redflags.protocol import shipped_protocols
from signposting.training.store import load_shipped_scenarios

log = logging.getLogger(__name__)

DEMO_NETWORK = ("Riverside Primary Care Network (demo)", "U99999")
DEMO_PRACTICE = ("Riverside Medical Practice (demo)", "X99999")
DEMO_STAFF = [
    ("Alex Morgan", Role.RECEPTIONIST),
    ("Sam Patel", Role.RECEPTIONIST),
    ("Jo Williams", Role.RECEPTIONIST),
    ("Chris Taylor", Role.MANAGER),
    ("Dr Priya Shah", Role.CLINICIAN),
    ("Lee Jones", Role.TRAINER),
]


@dataclass(frozen=True)
class DemoLoadResult:
    """How many of each kind of entry were added (zero when the demo was already there)."""

    services_added: int
    red_flags_added: int
    staff_added: int
    practices_added: int
    scenarios_added: int = 0

    @property
    def changed(self) -> bool:
        return any(
            (
                self.services_added,
                self.red_flags_added,
                self.staff_added,
                self.practices_added,
                self.scenarios_added,
            )
        )


def read_demo_file(name: str) -> dict[str, Any]:
    """Parse one of the TOML files shipped beside this module."""
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    return tomllib.loads(text)


#: Sign-in password of the demo's manager, clinician and trainer: set only in the separate demo
#: database (``--demo``), never when the demo is loaded into a live one.
DEMO_PASSWORD = "demo-only-password"


def load_demo(
    session: Session, *, demo_passwords: bool = False, actor: StaffMember | None = None
) -> DemoLoadResult:
    """Add whatever part of the demo directory is missing; the caller's unit of work commits.

    In the demo database (``demo_passwords``) anyone may; in a database where a manager can
    sign in, only someone whose role may edit the directory (``actor``)."""
    if not demo_passwords and not needs_first_manager(session):
        require(actor, Permission.EDIT_DIRECTORY)
    practices_added, practice = _ensure_practice(session)
    staff_added = _ensure_staff(session, practice, demo_passwords)
    services_added = _ensure_services(session)
    red_flags_added = _ensure_red_flags(session)
    scenarios_added = load_shipped_scenarios(session)
    result = DemoLoadResult(
        services_added, red_flags_added, staff_added, practices_added, scenarios_added
    )
    log.info("demo load: %s", result)
    return result


def load_template_directory(session: Session) -> DemoLoadResult:
    """The demo's services, red-flag protocols and training scenarios, without its fictional
    practice and staff: a starting point for a real practice, every entry marked to localise."""
    services_added = _ensure_services(session)
    red_flags_added = _ensure_red_flags(session)
    scenarios_added = load_shipped_scenarios(session)
    return DemoLoadResult(services_added, red_flags_added, 0, 0, scenarios_added)


def load_example_red_flags(session: Session) -> int:
    """The shipped red-flag protocols a database lacks, as examples awaiting a clinician's
    sign-off; returns how many were added."""
    return _ensure_red_flags(session)


def _ensure_practice(session: Session) -> tuple[int, Practice]:
    network_name, network_code = DEMO_NETWORK
    practice_name, ods_code = DEMO_PRACTICE
    practice = session.scalars(sa.select(Practice).where(Practice.ods_code == ods_code)).first()
    if practice is not None:
        return 0, practice
    network = session.scalars(sa.select(Network).where(Network.code == network_code)).first()
    if network is None:
        network = Network(name=network_name, code=network_code)
    practice = Practice(name=practice_name, ods_code=ods_code, network=network)
    session.add(practice)
    session.flush()
    return 1, practice


def _ensure_staff(session: Session, practice: Practice, demo_passwords: bool) -> int:
    existing = set(
        session.scalars(sa.select(StaffMember.name).where(StaffMember.practice_id == practice.id))
    )
    missing = [(name, role) for name, role in DEMO_STAFF if name not in existing]
    password_hash = hash_password(DEMO_PASSWORD) if demo_passwords and missing else None
    session.add_all(
        StaffMember(
            name=name,
            role=role,
            practice=practice,
            password_hash=None if role is Role.RECEPTIONIST else password_hash,
        )
        for name, role in missing
    )
    return len(missing)


def _ensure_services(session: Session) -> int:
    data = read_demo_file("services.toml")
    hours: dict[str, list[dict[str, str]]] = data["defaults"]
    existing = set(session.scalars(sa.select(Service.key)))
    added = [
        _service_from_entry(entry, hours)
        for entry in data["service"]
        if entry["key"] not in existing
    ]
    session.add_all(added)
    return len(added)


def _service_from_entry(entry: dict[str, Any], hours: dict[str, list[dict[str, str]]]) -> Service:
    return Service(
        key=entry["key"],
        name=entry["name"],
        category=entry["category"],
        description=entry.get("description", ""),
        conditions=list(entry.get("conditions", [])),
        keywords=list(entry.get("keywords", [])),
        access_methods=[AccessMethod(method).value for method in entry.get("access", [])],
        min_age=entry.get("min_age"),
        max_age=entry.get("max_age"),
        eligibility_notes=entry.get("eligibility", ""),
        exclusions=list(entry.get("exclusions", [])),
        phone=uk_phone(entry["phone"]) if entry.get("phone") else None,
        email=entry.get("email"),
        website=entry.get("website"),
        address=entry.get("address", ""),
        opening_sessions=[dict(slot) for slot in hours[entry["hours"]]],
        closures=list(entry.get("closures", [])),
        status=ServiceStatus(entry.get("status", ServiceStatus.ACTIVE)),
        alert=entry.get("alert", ""),
        patient_script=entry.get("script", ""),
        snomed_code=entry.get("snomed_code"),
        snomed_term=entry.get("snomed_term"),
        is_example=True,
    )


def _ensure_red_flags(session: Session) -> int:
    """Add the example protocols a database lacks, and bring unsigned example protocols up to
    date with the shipped set. A signed-off protocol is never changed here: if the shipped
    version differs, it is offered as a draft for a clinician to sign off."""
    existing = {p.key: p for p in session.scalars(sa.select(RedFlagProtocol))}
    pending = {d.protocol_id for d in red_flags.pending_drafts(session)}
    added = 0
    for fields in shipped_protocols():
        current = existing.get(fields["key"])
        if current is None:
            session.add(RedFlagProtocol(**fields, is_example=True))
            added += 1
        elif _differs(current, fields) and current.signed_off_at is None and current.is_example:
            for name, value in fields.items():
                setattr(current, name, value)
        elif _differs(current, fields) and current.signed_off_at and current.id not in pending:
            session.add(
                RedFlagDraft(
                    protocol_id=current.id,
                    **fields,
                    note="Updated example content shipped with this release",
                )
            )
    return added


def _differs(protocol: RedFlagProtocol, fields: dict[str, Any]) -> bool:
    return any(getattr(protocol, name) != value for name, value in fields.items())
