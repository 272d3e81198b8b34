"""Directory changes reach a running desk without a restart (NOTIFY on PostgreSQL, polling on
SQLite), and its search index is updated in place."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import sqlalchemy as sa

from signposting.accounts.passwords import add_staff
from signposting.db.engine import Database
from signposting.db.models import RedFlagProtocol, Service
from signposting.directory.demo import load_demo
from signposting.directory.editing import update_service
from signposting.directory.watch import DirectoryWatcher
from signposting.domain import Role
from signposting.reception.session import DeskSession

WAIT_SECONDS = 15


def wait_for(condition: Callable[[], bool]) -> bool:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_a_managers_edit_reaches_a_running_desk(database: Database, database_url: str) -> None:
    with database.unit_of_work() as session:
        load_demo(session)
        add_staff(
            session,
            None,
            "Morgan Reed",
            Role.MANAGER,
            practice=None,
            password="correct horse battery",
        )
        msk = session.scalars(
            sa.select(Service).where(Service.key == "msk-physio-self-referral")
        ).one()
        msk_id, version = msk.id, msk.version
    desk_database = Database(database_url)
    desk = DeskSession(desk_database)
    assert desk.search("sciatica").services[0].entry.id == msk_id
    seen: list[tuple[str, int | None]] = []
    applied = threading.Event()

    def on_change(table: str, row_id: int | None) -> None:
        seen.append((table, row_id))
        desk.apply_change(table, row_id)
        applied.set()

    watcher = DirectoryWatcher(desk_database, on_change)
    watcher.start()
    try:
        assert watcher.listening.wait(WAIT_SECONDS)
        time.sleep(1.2)  # let a polling watcher take its first look
        manager_database = Database(database_url)
        with manager_database.unit_of_work() as session:
            from signposting.db.models import StaffMember  # noqa: PLC0415

            manager = session.scalars(
                sa.select(StaffMember).where(StaffMember.name == "Morgan Reed")
            ).one()
            update_service(
                session,
                manager,
                msk_id,
                version,
                {"name": "Community MSK physiotherapy", "keywords": ["gammy knee"]},
            )
        manager_database.dispose()
        assert wait_for(
            lambda: any(
                m.entry.name == "Community MSK physiotherapy"
                for m in desk.search("gammy knee").services
            )
        )
        assert seen[0][0] in {"service", "*"}
        with database.unit_of_work() as session:
            protocol = session.scalars(
                sa.select(RedFlagProtocol).where(RedFlagProtocol.key == "stroke-fast")
            ).one()
            protocol.rules = [*protocol.rules, {"slots": [["purple elephant"]]}]
        assert not desk.search("a purple elephant").red_flags
        assert wait_for(lambda: bool(desk.search("a purple elephant").red_flags))
    finally:
        watcher.stop()
        desk_database.dispose()
