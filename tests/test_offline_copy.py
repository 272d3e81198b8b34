"""The desk's offline copy of the directory: written after the first search is possible,
only when the directory changed, and read back as it was written."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa

from signposting.db.engine import Database
from signposting.db.models import Service
from signposting.directory.demo import load_demo
from signposting.reception import session as desk_session
from signposting.reception.session import DeskSession
from signposting.reception.snapshot import (
    Snapshot,
    read_snapshot,
    saved_fingerprint,
    take_snapshot,
    write_snapshot,
)
from signposting.search.loader import service_entries


@pytest.fixture
def demo(database: Database) -> Database:
    with database.unit_of_work() as session:
        load_demo(session)
    return database


def test_the_first_search_is_answered_while_the_copy_waits(
    demo: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    writing, release = threading.Event(), threading.Event()

    def held_write(path: Path, copy: Snapshot) -> None:
        writing.set()
        release.wait()
        write_snapshot(path, copy)

    monkeypatch.setattr(desk_session, "write_snapshot", held_write)
    desk = DeskSession(demo)
    desk.start_loading(save_copy=True)
    try:
        assert desk.search("bad back").services
        assert writing.wait(timeout=60)
        assert not desk.copy_path.exists()
    finally:
        release.set()
        desk.finish_copy()
    copy = read_snapshot(desk.copy_path)
    assert copy is not None and copy.fingerprint == saved_fingerprint(desk.copy_path)


def test_the_copy_is_rewritten_only_when_the_directory_changed(demo: Database) -> None:
    desk = DeskSession(demo)
    desk.start_loading(save_copy=True)
    desk.engine  # noqa: B018 - the copy is saved once the index is built
    desk.finish_copy()
    first = saved_fingerprint(desk.copy_path)
    assert first is not None
    assert not desk.save_copy()
    restarted = DeskSession(demo)
    assert not restarted.save_copy()
    with demo.unit_of_work() as session:
        service = session.scalars(sa.select(Service).order_by(Service.id)).first()
        assert service is not None
        service.name, service_id = "Moved Minor Injuries Unit", service.id
    assert desk.save_copy()
    assert saved_fingerprint(desk.copy_path) not in (None, first)
    copy = read_snapshot(desk.copy_path)
    assert copy is not None and copy.service(service_id)
    assert (copy.service(service_id) or {})["name"] == "Moved Minor Injuries Unit"
    assert not desk.save_copy()


def test_the_copy_read_back_is_the_copy_taken(demo: Database, tmp_path: Path) -> None:
    desk = DeskSession(demo)
    staff = [{"id": c.id, "name": c.name, "role": c.role} for c in desk.staff_choices()]
    with demo.unit_of_work() as session:
        taken = take_snapshot(session, desk.practice_id, desk.practice_name, staff)
        entries = service_entries(session, desk.practice_id)
    path = tmp_path / "copy.json"
    write_snapshot(path, taken)
    assert read_snapshot(path) == taken
    assert saved_fingerprint(path) == taken.fingerprint
    by_id = sorted(entries, key=lambda entry: entry.id)
    assert sorted(taken.service_entries(), key=lambda entry: entry.id) == by_id


def test_a_copy_from_the_previous_format_is_read_and_then_replaced(demo: Database) -> None:
    desk = DeskSession(demo)
    with demo.unit_of_work() as session:
        taken = take_snapshot(session, desk.practice_id, desk.practice_name, [])
    old = {key: value for key, value in taken.to_json().items() if key != "fingerprint"}
    desk.copy_path.parent.mkdir(parents=True, exist_ok=True)
    desk.copy_path.write_text(json.dumps({**old, "format": 2}), "utf-8")
    copy = read_snapshot(desk.copy_path)
    assert copy is not None and copy.services == taken.services and not copy.fingerprint
    assert saved_fingerprint(desk.copy_path) is None
    assert desk.save_copy()
