"""Signing in: Argon2 password hashes, and the first manager on a new installation."""

from __future__ import annotations

import functools
import logging
import math
from collections.abc import Collection
from datetime import datetime, timedelta

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from signposting.accounts.permissions import GRANTS, Permission, require
from signposting.db.base import utc_now
from signposting.db.models import AuditEntry, Practice, SignInThrottle, StaffMember
from signposting.domain import AuditAction, Role
from signposting.errors import NotFoundError, PermissionDeniedError, ValidationError

MIN_PASSWORD = 10
#: Failed sign-ins in a row allowed for one name before it is locked.
FREE_ATTEMPTS = 5
FIRST_LOCK = timedelta(minutes=1)
LONGEST_LOCK = timedelta(hours=1)
log = logging.getLogger(__name__)
_hasher = PasswordHasher()


@functools.cache
def _unknown_name_hash() -> str:
    """Checked against for names that have no password, so they take as long as real ones."""
    return _hasher.hash("no account has this password")


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise ValidationError(f"passwords need at least {MIN_PASSWORD} characters")


def hash_password(password: str) -> str:
    check_password_rules(password)
    return _hasher.hash(password)


def authenticate(session: Session, name: str, password: str) -> StaffMember:
    """The active member of staff with this name and password; one message for any failure.

    Every attempt checks a hash, so an unknown name answers as slowly as a known one. After
    ``FREE_ATTEMPTS`` failures in a row a name (known or not) is locked for a while that doubles
    with each further failure; a failure is counted in its own transaction, so it stands even
    though the caller's unit of work rolls back.
    """
    key = name_key(name)
    now = utc_now()
    if (locked := _locked_until(session, key, now)) is not None:
        raise PermissionDeniedError(_locked_message(locked, now))
    candidates = [
        member
        for member in session.scalars(sa.select(StaffMember).where(StaffMember.active.is_(True)))
        if name_key(member.name) == key and member.password_hash
    ]
    member = candidates[0] if candidates else None
    if _verifies(member.password_hash if member else None, password) and member:
        if _hasher.check_needs_rehash(str(member.password_hash)):
            member.password_hash = _hasher.hash(password)
        _forget_failures(session, key)
        return member
    locked = _count_failure(session, key, now)
    if locked is not None:
        raise PermissionDeniedError(_locked_message(locked, now))
    raise PermissionDeniedError("name or password not recognised")


def sign_in_names(
    session: Session, permissions: Collection[Permission] = (), *, practice_id: int | None = None
) -> list[str]:
    """The names a sign-in offers to choose from, in alphabetical order: active staff with a
    password whose role may do at least one of ``permissions`` (any role, if none is given),
    of ``practice_id`` or of no one practice. Offering a name grants nothing: ``authenticate``
    and the permission checks still decide."""
    roles = [role for role, grants in GRANTS.items() if not permissions or grants & {*permissions}]
    query = sa.select(StaffMember.name).where(
        StaffMember.active.is_(True),
        StaffMember.password_hash.is_not(None),
        StaffMember.role.in_(roles),
    )
    if practice_id is not None:
        query = query.where(
            sa.or_(StaffMember.practice_id.is_(None), StaffMember.practice_id == practice_id)
        )
    names: dict[str, str] = {}
    for name in session.scalars(query):
        names.setdefault(name_key(name), name)
    return sorted(names.values(), key=name_key)


def name_key(name: str) -> str:
    """A name as sign-in compares it: spacing tidied, case folded, at most 120 characters."""
    return " ".join(name.split()).casefold()[:120]


def _verifies(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _unknown_name_hash(), password)
    except (VerificationError, InvalidHashError):
        return False


def _locked_until(session: Session, key: str, now: datetime) -> datetime | None:
    locked = session.scalar(
        sa.select(SignInThrottle.locked_until).where(SignInThrottle.name_key == key)
    )
    return locked if locked is not None and locked > now else None


def _locked_message(until: datetime, now: datetime) -> str:
    minutes = max(1, math.ceil((until - now).total_seconds() / 60))
    return f"too many failed sign-ins for this name: try again in {minutes} minute(s)"


def _count_failure(session: Session, key: str, now: datetime) -> datetime | None:
    """Record one more failure in its own transaction; returns the lock it set, if any."""
    try:
        with Session(session.get_bind()) as own, own.begin():
            return _one_more_failure(own, key, now)
    except OperationalError:
        # The caller's own transaction holds SQLite's write lock: count it there instead.
        log.warning("sign-in failure counted in the caller's transaction")
        return _one_more_failure(session, key, now)


def _one_more_failure(session: Session, key: str, now: datetime) -> datetime | None:
    throttle = session.get(SignInThrottle, key, with_for_update=True)
    if throttle is None:
        throttle = SignInThrottle(name_key=key, failures=0, last_failure_at=now)
        session.add(throttle)
    throttle.failures += 1
    throttle.last_failure_at = now
    extra = throttle.failures - FREE_ATTEMPTS
    if extra < 0:
        return None
    throttle.locked_until = now + min(FIRST_LOCK * 2**extra, LONGEST_LOCK)
    log.warning("sign-in locked after %d failures in a row", throttle.failures)
    return throttle.locked_until


def _forget_failures(session: Session, key: str) -> None:
    throttle = session.get(SignInThrottle, key)
    if throttle is not None:
        session.delete(throttle)


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


def lift_lockout(session: Session, actor: StaffMember | None, name: str) -> bool:
    """A manager lets a locked-out member of staff try again at once; the lift is audited.
    Returns False when the name had no failed sign-ins to forget."""
    require(actor, Permission.MANAGE_STAFF)
    key = name_key(name)
    member = next(
        (m for m in session.scalars(sa.select(StaffMember)) if name_key(m.name) == key), None
    )
    if member is None:
        raise NotFoundError(f"no member of staff called {name!r}")
    throttle = session.get(SignInThrottle, key)
    if throttle is None:
        return False
    before = {
        "sign_in_failures": throttle.failures,
        "locked_until": throttle.locked_until.isoformat() if throttle.locked_until else None,
    }
    session.delete(throttle)
    session.add(
        AuditEntry(
            actor_id=actor.id if actor else None,
            actor_label=actor.name if actor else "system",
            entity_type="staff_member",
            entity_id=member.id,
            action=AuditAction.UPDATED,
            before=before,
            after={"sign_in_failures": 0, "locked_until": None},
        )
    )
    session.flush()
    return True
