"""Signing in: Argon2 password hashes, and the first manager on a new installation."""

from __future__ import annotations

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session

from signposting.accounts.permissions import Permission, require
from signposting.db.models import Practice, StaffMember
from signposting.domain import Role
from signposting.errors import PermissionDeniedError, ValidationError

MIN_PASSWORD = 10
_hasher = PasswordHasher()


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationError(f"passwords need at least {MIN_PASSWORD} characters")


def hash_password(password: str) -> str:
    check_password_rules(password)
    return _hasher.hash(password)


def authenticate(session: Session, name: str, password: str) -> StaffMember:
    """The active member of staff with this name and password; one message for any failure."""
    wanted = " ".join(name.split()).casefold()
    for member in session.scalars(sa.select(StaffMember).where(StaffMember.active.is_(True))):
        if " ".join(member.name.split()).casefold() != wanted or not member.password_hash:
            continue
        try:
            _hasher.verify(member.password_hash, password)
        except (VerificationError, InvalidHashError):
            break
        if _hasher.check_needs_rehash(member.password_hash):
            member.password_hash = _hasher.hash(password)
        return member
    raise PermissionDeniedError("name or password not recognised")


def needs_first_manager(session: Session) -> bool:
    """True on a new installation: nobody can manage staff yet."""
    query = (
        sa.select(sa.func.count())
        .select_from(StaffMember)
        .where(StaffMember.role == Role.MANAGER, StaffMember.password_hash.is_not(None))
    )
    return not session.scalar(query)


def add_staff(
    session: Session,
    actor: StaffMember | None,
    name: str,
    role: Role,
    *,
    practice: Practice | None,
    password: str | None = None,
) -> StaffMember:
    """A new account. Managers add staff; on a new installation the first manager adds itself."""
    first_run = needs_first_manager(session)
    if first_run and role is not Role.MANAGER:
        raise ValidationError("create the first manager before other staff")
    if not first_run:
        require(actor, Permission.MANAGE_STAFF)
    clean = " ".join(name.split())
    if not clean:
        raise ValidationError("a member of staff needs a name")
    if role is not Role.RECEPTIONIST and not password:
        raise ValidationError(f"a {role.value} needs a password to sign in")
    member = StaffMember(
        name=clean,
        role=role,
        practice=practice,
        password_hash=hash_password(password) if password else None,
    )
    session.add(member)
    session.flush()
    return member
