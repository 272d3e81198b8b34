"""Password guessing is slowed, then locked out, for known and unknown names alike."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from signposting.accounts import passwords
from signposting.accounts.passwords import FREE_ATTEMPTS, add_staff, authenticate, lift_lockout
from signposting.cli.main import main
from signposting.db.engine import Database
from signposting.db.models import AuditEntry, SignInThrottle, StaffMember
from signposting.domain import Role
from signposting.errors import PermissionDeniedError
from tests.factories import make_practice

PASSWORD = "correct horse battery"


@pytest.fixture
def manager(database: Database) -> str:
    with database.unit_of_work() as session:
        practice = make_practice(session)
        first = add_staff(
            session, None, "Chris Taylor", Role.MANAGER, practice=practice, password=PASSWORD
        )
        add_staff(session, first, "Alex Morgan", Role.RECEPTIONIST, practice=practice)
    return "Chris Taylor"


def attempt(database: Database, name: str, password: str) -> str:
    """One sign-in in its own unit of work, as the window and the CLI make them."""
    try:
        with database.unit_of_work() as session:
            return authenticate(session, name, password).name
    except PermissionDeniedError as exc:
        return str(exc)


def test_a_run_of_wrong_passwords_locks_the_name_even_for_the_right_one(
    database: Database, manager: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(FREE_ATTEMPTS - 1):
        assert attempt(database, manager, "guess") == "name or password not recognised"
    assert attempt(database, manager, "guess").startswith("too many failed sign-ins")
    assert attempt(database, " chris  TAYLOR", PASSWORD) == (
        "too many failed sign-ins for this name: try again in 1 minute(s)"
    )
    later = datetime.now(UTC) + timedelta(minutes=2)
    monkeypatch.setattr(passwords, "utc_now", lambda: later)
    assert attempt(database, manager, PASSWORD) == manager
    with database.unit_of_work() as session:  # success forgets the failures
        assert session.scalar(sa.select(sa.func.count()).select_from(SignInThrottle)) == 0


def test_each_further_failure_doubles_the_lock_up_to_an_hour(
    database: Database, manager: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = datetime.now(UTC)
    waits = []
    for _ in range(FREE_ATTEMPTS + 8):
        monkeypatch.setattr(passwords, "utc_now", lambda at=now: at)
        message = attempt(database, manager, "guess")
        if message.startswith("too many"):
            waits.append(int(re.search(r"try again in (\d+) minute", message)[1]))  # type: ignore[index]
            now += timedelta(hours=2)  # wait out the lock, then guess again
    assert waits == [1, 2, 4, 8, 16, 32, 60, 60, 60]


def test_unknown_names_and_names_without_passwords_are_answered_alike(
    database: Database, manager: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str] = []
    hasher = passwords._hasher

    class CountingHasher:
        def verify(self, password_hash: str, password: str) -> bool:
            checked.append(password_hash)
            return hasher.verify(password_hash, password)

        def __getattr__(self, name: str) -> object:
            return getattr(hasher, name)

    monkeypatch.setattr(passwords, "_hasher", CountingHasher())
    for name in (manager, "Nobody Here", "Alex Morgan"):
        checked.clear()
        assert attempt(database, name, "guess") == "name or password not recognised"
        assert len(checked) == 1 and checked[0].startswith("$argon2id$")  # one real hash check
    for _ in range(FREE_ATTEMPTS):
        message = attempt(database, "Nobody Here", "guess")
    assert message.startswith("too many failed sign-ins for this name")


def test_guessing_on_the_command_line_is_locked_out_too(
    database: Database,
    manager: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = ("--database", database.describe().replace("***", ""))
    monkeypatch.setenv("SIGNPOSTING_PASSWORD", "guess")
    sign_off = ("redflag", "sign-off", "all", "--as", manager)
    for _ in range(FREE_ATTEMPTS):
        assert main([*db, *sign_off]) == 1
    monkeypatch.setenv("SIGNPOSTING_PASSWORD", PASSWORD)
    assert main([*db, *sign_off]) == 1
    assert (
        capsys.readouterr()
        .err.splitlines()[-1]
        .startswith("signposting: error: too many failed sign-ins")
    )


def test_a_manager_lifts_a_lockout_and_the_audit_log_says_who(
    database: Database,
    manager: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with database.unit_of_work() as session:
        first = session.scalars(sa.select(StaffMember).where(StaffMember.name == manager)).one()
        add_staff(
            session, first, "Pat Lee", Role.MANAGER, practice=first.practice, password=PASSWORD
        )
    for _ in range(FREE_ATTEMPTS):
        attempt(database, "Pat Lee", "guess")
    assert attempt(database, "Pat Lee", PASSWORD).startswith("too many failed sign-ins")
    db = ("--database", database.describe().replace("***", ""))
    monkeypatch.setenv("SIGNPOSTING_PASSWORD", PASSWORD)
    assert main([*db, "staff", "unlock", "Alex Morgan", "--as", "Pat Lee"]) == 1  # locked
    assert main([*db, "staff", "unlock", "pat lee", "--as", manager]) == 0
    assert capsys.readouterr().out.endswith("pat lee may sign in again\n")
    assert attempt(database, "Pat Lee", PASSWORD) == "Pat Lee"
    with database.unit_of_work() as session:
        entry = session.scalars(
            sa.select(AuditEntry).where(AuditEntry.entity_type == "staff_member")
        ).one()
        assert entry.actor_label == manager
        assert entry.before and entry.before["sign_in_failures"] == FREE_ATTEMPTS
        with pytest.raises(PermissionDeniedError, match="may not manage staff"):
            lift_lockout(session, session.get_one(StaffMember, 2), "Pat Lee")
