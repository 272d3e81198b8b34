"""Small builders for test data."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.db.models import Network, Practice, RedFlagProtocol, Service, StaffMember
from signposting.domain import AccessMethod, Role, Urgency


def make_practice(
    session: Session, ods_code: str = "A12345", network: str | None = None
) -> Practice:
    practice = Practice(name=f"Practice {ods_code}", ods_code=ods_code)
    if network:
        practice.network = Network(name=network, code=None)
    session.add(practice)
    session.flush()
    return practice


def make_staff(
    session: Session, practice: Practice, name: str = "Alex Morgan", role: Role = Role.RECEPTIONIST
) -> StaffMember:
    member = StaffMember(name=name, role=role, practice=practice)
    session.add(member)
    session.flush()
    return member


def make_member(session: Session, role: Role, name: str | None = None) -> StaffMember:
    """Someone of this role, at no practice (a network's), for calling the core as them."""
    member = StaffMember(name=name or f"A {role.value}", role=role, practice=None)
    session.add(member)
    session.flush()
    return member


def acting_manager(session: Session) -> StaffMember:
    """A manager to act as (the same one each time in a database)."""
    found = session.scalars(
        sa.select(StaffMember).where(StaffMember.name == "Acting Manager")
    ).first()
    return found or make_member(session, Role.MANAGER, "Acting Manager")


def make_service(session: Session, key: str = "msk", **fields: Any) -> Service:
    values: dict[str, Any] = {
        "key": key,
        "name": f"Service {key}",
        "category": "Musculoskeletal",
        "conditions": ["back pain"],
        "keywords": ["bad back", "sore back"],
        "access_methods": [AccessMethod.SELF_REFERRAL_PHONE.value],
        "min_age": 16,
        "max_age": None,
        "exclusions": ["Under 16"],
        "phone": "01632 960201",
        "opening_sessions": [{"day": "mon", "opens": "09:00", "closes": "12:30"}],
        "closures": [{"start": "2026-12-25", "end": "2026-12-26", "reason": "Christmas"}],
        "last_verified": date(2026, 11, 1),
    }
    values.update(fields)
    service = Service(**values)
    session.add(service)
    session.flush()
    return service


def make_red_flag(
    session: Session, key: str = "stroke", urgency: Urgency = Urgency.EMERGENCY_999, **fields: Any
) -> RedFlagProtocol:
    values: dict[str, Any] = {
        "key": key,
        "title": f"Red flag {key}",
        "urgency": urgency,
        "action": "Call 999 now",
        "symptoms": ["face drooping"],
        "rules": [{"slots": [["face gone droopy"]]}],
        "examples": ["face gone droopy"],
        "script": "Call 999 now.",
    }
    values.update(fields)
    protocol = RedFlagProtocol(**values)
    session.add(protocol)
    session.flush()
    return protocol
