"""The prebuilt search index a desk keeps on its PC: opened instead of a rebuild when it matches
the directory, never trusted for red flags that changed, rebuilt in the background when the
services changed, and refused when damaged, planted or built by other code."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import threading
import zlib
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from signposting.db.engine import Database
from signposting.db.models import RedFlagProtocol, Service
from signposting.directory.demo import load_demo
from signposting.reception import session as desk_session
from signposting.reception.session import DeskSession
from signposting.search import index_cache
from signposting.search.browse import categories, directory_categories, services_in
from signposting.search.caller import Caller
from signposting.search.engine import SearchEngine
from signposting.search.index_cache import IndexKeys, read_index

CALLS = ["bad back", "water infection burning", "my dad has crushing chest pain", "toothache"]


@pytest.fixture
def demo(database: Database) -> Database:
    with database.unit_of_work() as session:
        load_demo(session)
    return database


def opened(database: Database) -> DeskSession:
    """A desk whose index is ready, and whose background work (a rebuild, a save) is done."""
    desk = DeskSession(database)
    desk.start_loading()
    assert desk._loader is not None
    desk._loader.join(timeout=120)
    desk.finish_saving_index(timeout=120)
    return desk


def answers(desk: DeskSession) -> list[tuple[list[str], list[int]]]:
    found = []
    for call in CALLS:
        result = desk.engine.search(call)
        found.append(
            ([f.entry.key for f in result.red_flags], [m.entry.id for m in result.services])
        )
    return found


def never_build(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> SearchEngine:
        raise AssertionError("the index was built although a saved one matched")

    monkeypatch.setattr(SearchEngine, "build", refuse)


def edit_keywords(database: Database, word: str) -> int:
    with database.unit_of_work() as session:
        service = session.scalars(sa.select(Service).order_by(Service.id)).first()
        assert service is not None
        service.keywords = [*service.keywords, word]
        return service.id


def test_a_desk_opens_on_the_saved_index_and_answers_as_a_rebuilt_one(
    demo: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = opened(demo)
    assert built.index_path.exists()
    expected = answers(built)
    assert expected[2][0], "the chest pain call raises its red flag"

    never_build(monkeypatch)
    assert answers(opened(demo)) == expected


def test_red_flags_signed_off_since_the_index_was_saved_are_in_force_at_once(
    demo: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened(demo)
    with demo.unit_of_work() as session:
        protocol = session.scalars(
            sa.select(RedFlagProtocol).where(RedFlagProtocol.key == "chest-pain-heart-attack")
        ).one()
        session.delete(protocol)
    never_build(monkeypatch)

    desk = opened(demo)

    flags = desk.engine.search("my dad has crushing chest pain").red_flags
    assert "chest-pain-heart-attack" not in [f.entry.key for f in flags]
    saved = read_index(desk.index_path)
    assert saved is not None
    assert "chest-pain-heart-attack" not in [e.key for e in saved.engine._red_flag_entries]


def test_a_changed_directory_is_searched_at_once_and_rebuilt_behind(
    demo: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened(demo)
    service_id = edit_keywords(demo, "zebrafish")
    desk = DeskSession(demo)
    rebuilt = threading.Event()
    real_rebuild = desk._rebuild_services

    def watched_rebuild() -> None:
        assert [m.entry.id for m in desk.engine.search("zebrafish").services] == []
        real_rebuild()
        rebuilt.set()

    monkeypatch.setattr(desk, "_rebuild_services", watched_rebuild)
    desk.start_loading()
    assert rebuilt.wait(timeout=120)
    desk.finish_saving_index(timeout=120)

    assert [m.entry.id for m in desk.engine.search("zebrafish").services] == [service_id]
    never_build(monkeypatch)
    assert [m.entry.id for m in opened(demo).engine.search("zebrafish").services] == [service_id]


def test_a_change_seen_during_a_rebuild_is_not_lost(
    demo: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened(demo)
    edit_keywords(demo, "zebrafish")
    reading_done, go_on = threading.Event(), threading.Event()
    real_load = desk_session.load_engine_saved

    def slow_rebuild(session: Any, practice_id: int | None, saved_at: Path | None) -> Any:
        loaded = real_load(session, practice_id, saved_at)
        if saved_at is None and not go_on.is_set():
            reading_done.set()
            go_on.wait(timeout=120)
        return loaded

    monkeypatch.setattr(desk_session, "load_engine_saved", slow_rebuild)
    desk = DeskSession(demo)
    desk.start_loading()
    assert reading_done.wait(timeout=120)
    service_id = edit_keywords(demo, "aardvark")
    desk.apply_change("service", service_id)
    go_on.set()
    assert desk._loader is not None
    desk._loader.join(timeout=120)

    assert [m.entry.id for m in desk.engine.search("aardvark").services] == [service_id]


class _Planted:
    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (os.system, (f"touch {PLANTED_MARK}",))


PLANTED_MARK = Path("/nonexistent")


def test_a_planted_index_file_is_refused_and_runs_nothing(
    demo: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    global PLANTED_MARK  # noqa: PLW0603 - the planted object names the file it would make
    PLANTED_MARK = tmp_path / "planted-code-ran"
    first = opened(demo)
    saved = read_index(first.index_path)
    assert saved is not None
    keys: IndexKeys = saved.keys
    first.index_path.write_bytes(planted_file(keys, (_Planted(), frozenset())))

    desk = opened(demo)

    assert not PLANTED_MARK.exists()
    assert desk.engine.search("bad back").services
    assert read_index(desk.index_path) is not None, "a trustworthy index was written in its place"


def test_a_service_planted_inside_a_saved_index_runs_nothing(
    demo: Database, tmp_path: Path
) -> None:
    global PLANTED_MARK  # noqa: PLW0603 - the planted object names the file it would make
    PLANTED_MARK = tmp_path / "planted-code-ran"
    first = opened(demo)
    saved = read_index(first.index_path)
    assert saved is not None
    table = saved.engine.services.entries
    service_id = next(iter(table))
    table._rows.pop(service_id, None)
    table._packed[service_id] = pickle.dumps((_Planted(), frozenset(), ()))

    with pytest.raises(pickle.UnpicklingError):
        table[service_id]
    assert not PLANTED_MARK.exists()


def planted_file(keys: IndexKeys, content: object) -> bytes:
    body = pickle.dumps(content)
    head = {"services": keys.services, "red_flags": keys.red_flags, "crc32": zlib.crc32(body)}
    return index_cache._MAGIC + json.dumps(head).encode() + b"\n" + body


def test_a_damaged_index_file_is_rebuilt(demo: Database) -> None:
    first = opened(demo)
    expected = answers(first)
    data = bytearray(first.index_path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte: the file still unpickles
    first.index_path.write_bytes(bytes(data))

    desk = opened(demo)

    assert answers(desk) == expected
    assert read_index(desk.index_path) is not None


def test_an_index_built_by_other_code_is_not_read(
    demo: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened(demo)
    monkeypatch.setattr(index_cache, "code_digest", lambda: "built by another version")
    calls = []
    real_build = SearchEngine.build.__func__  # type: ignore[attr-defined]

    def counted(cls: type[SearchEngine], *args: Any, **kwargs: Any) -> SearchEngine:
        calls.append(1)
        return real_build(cls, *args, **kwargs)

    monkeypatch.setattr(SearchEngine, "build", classmethod(counted))
    opened(demo)
    assert calls, "the index was rebuilt"


#: A desk that searches once and closes at once, its index written slowly.
QUICK_DESK = """
import sys, time
from signposting.db.engine import Database
from signposting.reception import session
from signposting.reception.session import DeskSession
from signposting.search import index_cache

def slow_write(path, data):
    time.sleep(1.0)
    index_cache.write_index(path, data)

session.write_index = slow_write
desk = DeskSession(Database(sys.argv[1]))
desk.start_loading(save_copy=True)
assert desk.search("bad back").services
print(desk.index_path, desk.copy_path)
"""


def test_a_desk_closed_at_once_still_leaves_a_whole_index_and_copy(demo: Database) -> None:
    url = demo.url.render_as_string(hide_password=False)
    done = subprocess.run(
        [sys.executable, "-c", QUICK_DESK, url], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    index, copy = (Path(name) for name in done.stdout.split())
    assert read_index(index) is not None
    assert copy.exists()
    assert not list(index.parent.glob("*.partial"))


def test_browsing_a_saved_index_counts_categories_without_unpacking_services(
    demo: Database,
) -> None:
    built = opened(demo)
    expected = categories(built.engine.services.entries.values())
    saved = read_index(built.index_path)
    assert saved is not None
    table = saved.engine.services.entries
    assert directory_categories(saved.engine) == expected
    assert not table._rows, "no service was unpacked to count the categories"
    pharmacy = services_in(saved.engine, "Community pharmacy", Caller(), datetime.now(UTC))
    assert pharmacy and len(table._rows) == len(pharmacy)
