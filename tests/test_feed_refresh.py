"""Feeds refreshed on a schedule: stored, due every few days, and what they offer put in the
review queue for a manager (never applied unseen, never retiring anything)."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from signposting.accounts.passwords import add_staff
from signposting.cli.main import main
from signposting.db.engine import Database
from signposting.db.models import FeedChange, Service, ServiceFlag, StaffMember
from signposting.directory.editing import review_queue, update_service, verify_service
from signposting.directory.io import feed
from signposting.directory.io.feed import FeedRead, read_feed
from signposting.directory.io.feed_http import FeedSettings
from signposting.directory.io.feed_refresh import (
    accept_feed_change,
    dismiss_feed_change,
    open_feed_changes,
    refresh_due_feeds,
)
from signposting.directory.io.feed_store import add_feed, list_feeds, remove_feed
from signposting.directory.io.importer import apply_import
from signposting.domain import Role
from signposting.errors import PermissionDeniedError, ValidationError
from tests.support.directory import manager
from tests.support.feed_server import FeedServer, feed_server, full_services

QUICK = FeedSettings(per_page=2, backoff_seconds=0.01, attempts=2, read_timeout=2)
NOW = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
IDS = [s["id"] for s in full_services()]


def reader(url: str) -> FeedRead:
    return read_feed(url, settings=QUICK)


@pytest.fixture
def people(database: Database) -> dict[str, int]:
    with database.unit_of_work() as session:
        boss = manager(session)
        desk = add_staff(session, boss, "Robin Desk", Role.RECEPTIONIST, practice=None)
        return {"manager": boss.id, "receptionist": desk.id}


def add(database: Database, actor_id: int, url: str, every: int = 7) -> int:
    with database.unit_of_work() as session:
        actor = session.get(StaffMember, actor_id)
        return add_feed(session, actor, url, every).id


def import_whole(database: Database, actor_id: int, server: FeedServer) -> None:
    """The directory as the feed has it now, imported as a manager would."""
    read = reader(server.url)
    with database.unit_of_work() as session:
        actor = session.get(StaffMember, actor_id)
        session.info["actor"] = actor
        apply_import(session, actor, read.services, retire_missing=False)


def directory(database: Database) -> dict[str, Service]:
    with database.unit_of_work() as session:
        return {s.key: s for s in session.scalars(sa.select(Service))}


def queue(database: Database) -> dict[str, list[str]]:
    with database.unit_of_work() as session:
        return {s.key: reasons for s, reasons in review_queue(session, date(2026, 11, 25))}


def act(database: Database, actor_id: int, work: Any) -> Any:
    with database.unit_of_work() as session:
        actor = session.get(StaffMember, actor_id)
        session.info["actor"] = actor
        return work(session, actor)


def test_a_changed_service_waits_in_the_review_queue_until_accepted(
    database: Database, people: dict[str, int]
) -> None:
    with feed_server() as server:
        import_whole(database, people["manager"], server)
        add(database, people["manager"], server.url, every=7)
        server.services[0]["phones"][0]["number"] = "01632 960999"
        results = refresh_due_feeds(database, None, reader, NOW)
        assert [r.describe() for r in results] == [
            "1 changed and 0 new sent for review, 0 already waiting, 2 unchanged"
        ]
        assert directory(database)[IDS[0]].phone == "01632 960410"  # not applied unseen
        reasons = queue(database)[IDS[0]]
        assert any(
            "offers a change to phone '01632 960999' (now '01632 960410')" in r for r in reasons
        )
        assert refresh_due_feeds(database, None, reader, NOW + timedelta(days=6)) == []
        again = refresh_due_feeds(database, None, reader, NOW + timedelta(days=7))
        assert again[0].waiting == 1 and again[0].queued_changed == 0
    with database.unit_of_work() as session:
        changes = open_feed_changes(session)
        assert [(c.service_key, c.fields) for c in changes] == [(IDS[0], ["phone"])]
        flags = session.scalar(sa.select(sa.func.count()).select_from(ServiceFlag))
        assert flags == 1  # raised once, not at every refresh
        change_id = changes[0].id
    act(database, people["manager"], lambda s, a: accept_feed_change(s, a, change_id))
    assert directory(database)[IDS[0]].phone == "01632 960999"
    assert not any(r.startswith("flagged") for r in queue(database).get(IDS[0], []))
    with pytest.raises(ValidationError, match="was accepted already"):
        act(database, people["manager"], lambda s, a: accept_feed_change(s, a, change_id))


def test_new_services_wait_for_review_and_join_the_queue_once_accepted(
    database: Database, people: dict[str, int]
) -> None:
    with feed_server() as server:
        add(database, people["manager"], server.url)
        (result,) = refresh_due_feeds(database, None, reader, NOW)
    assert result.queued_new == 3 and directory(database) == {}
    with database.unit_of_work() as session:
        waiting = {c.service_key: c.id for c in open_feed_changes(session)}
    act(database, people["manager"], lambda s, a: accept_feed_change(s, a, waiting[IDS[1]]))
    added = directory(database)[IDS[1]]
    assert (added.name, added.last_verified) == ("Talking Space Wellbeing Café", None)
    assert queue(database)[IDS[1]] == ["never verified"]
    act(database, people["manager"], lambda s, a: dismiss_feed_change(s, a, waiting[IDS[2]]))
    with database.unit_of_work() as session:
        assert {c.service_key for c in open_feed_changes(session)} == {IDS[0]}


def test_an_offer_dismissed_or_verified_is_not_raised_again_but_a_newer_one_is(
    database: Database, people: dict[str, int]
) -> None:
    with feed_server() as server:
        import_whole(database, people["manager"], server)
        add(database, people["manager"], server.url, every=1)
        server.services[0]["phones"][0]["number"] = "01632 960999"
        server.services[1]["email"] = "hello@talkingspace.example.org"
        refresh_due_feeds(database, None, reader, NOW)
        with database.unit_of_work() as session:
            by_key = {c.service_key: c.id for c in open_feed_changes(session)}
        talking_id = directory(database)[IDS[1]].id
        act(database, people["manager"], lambda s, a: dismiss_feed_change(s, a, by_key[IDS[0]]))
        act(database, people["manager"], lambda s, a: verify_service(s, a, talking_id, NOW.date()))
        (same,) = refresh_due_feeds(database, None, reader, NOW + timedelta(days=1))
        assert (same.queued_changed, same.waiting) == (0, 0)
        with database.unit_of_work() as session:
            assert open_feed_changes(session) == []
            outcomes = sorted(c.outcome for c in session.scalars(sa.select(FeedChange)))
        assert outcomes == ["dismissed", "kept as verified"]
        server.services[0]["phones"][0]["number"] = "01632 960998"
        (newer,) = refresh_due_feeds(database, None, reader, NOW + timedelta(days=2))
    assert newer.queued_changed == 1
    with database.unit_of_work() as session:
        (waiting,) = open_feed_changes(session)
        assert waiting.offered["phone"] == "01632 960998"


def test_a_refresh_never_retires_what_the_feed_omits(
    database: Database, people: dict[str, int]
) -> None:
    with feed_server() as server:
        import_whole(database, people["manager"], server)
        add(database, people["manager"], server.url)
        del server.services[2]
        (result,) = refresh_due_feeds(database, None, reader, NOW)
    assert result.not_in_feed == 1 and "nothing is retired" in result.describe()
    assert {s.status.value for s in directory(database).values()} == {"active"}


def test_a_failed_refresh_is_noted_and_the_feed_stays_due(
    database: Database, people: dict[str, int]
) -> None:
    with feed_server() as server:
        add(database, people["manager"], server.url)
        server.failures["/services"] = [(500, {}), (500, {})]
        (failed,) = refresh_due_feeds(database, None, reader, NOW)
        assert "answered 500 (2 tries)" in failed.failed
        with database.unit_of_work() as session:
            (summary,) = list_feeds(session)
        assert summary.last_failed and summary.next_due is None
        assert "answered 500" in summary.last_result
        (worked,) = refresh_due_feeds(database, None, reader, NOW + timedelta(minutes=5))
    assert not worked.failed and worked.queued_new == 3


def test_only_managers_add_feeds_and_refreshes_act_for_one(
    database: Database, people: dict[str, int]
) -> None:
    with pytest.raises(PermissionDeniedError):
        add(database, people["receptionist"], "https://directory.example.org")
    feed_id = add(database, people["manager"], "https://directory.example.org/api/")
    with database.unit_of_work() as session:
        (summary,) = list_feeds(session)
        assert summary.url == "https://directory.example.org/api/services"
        with pytest.raises(ValidationError, match="already feed"):
            add_feed(session, session.get(StaffMember, people["manager"]), summary.url + "/", 7)
        session.get_one(StaffMember, people["manager"]).active = False
    calls: list[str] = []
    (refused,) = refresh_due_feeds(database, None, lambda u: calls.append(u) or FeedRead(u), NOW)
    assert "Morgan Import (manager) may not edit the service directory" in refused.failed
    assert calls == []  # nothing fetched for someone who may not refresh
    (by_receptionist,) = refresh_due_feeds(database, people["receptionist"], reader, NOW)
    assert "may not edit the service directory" in by_receptionist.failed
    with pytest.raises(PermissionDeniedError):
        act(database, people["receptionist"], lambda s, a: remove_feed(s, a, feed_id))


def test_the_refresh_commands_end_to_end(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    database = Database(database_url)
    with database.unit_of_work() as session:
        manager(session)
    database.dispose()
    monkeypatch.setenv("SIGNPOSTING_PASSWORD", "correct horse battery")
    monkeypatch.setattr(feed, "FeedSettings", lambda: QUICK)

    def cli(*args: str) -> int:
        return main(["--database", database_url, "directory", *args])

    changed = copy.deepcopy(full_services())
    with feed_server() as server:
        assert cli("import", server.url, "--as", "Morgan Import") == 0
        assert cli("feed", "add", server.url, "--every", "7", "--as", "Morgan Import") == 0
        assert cli("feed", "list") == 0
        server.services = changed
        changed[2]["name"] = "Riverside Community Food Bank"
        capsys.readouterr()
        assert cli("feed", "refresh") == 0
        printed = capsys.readouterr().out
        assert "1 changed and 0 new sent for review" in printed
        assert cli("feed", "refresh") == 0
        assert "no feed is due" in capsys.readouterr().out
    assert cli("feed", "list") == 0
    listed = capsys.readouterr().out
    assert f"{server.url}/services  every 7 days, added by Morgan Import" in listed
    assert "1 waiting for review" in listed
    assert cli("feed", "changes") == 0
    change_line = capsys.readouterr().out.strip()
    assert "changed: Riverside Community Food Bank" in change_line and ": name" in change_line
    change_id = change_line.split()[0]
    assert cli("feed", "accept", change_id, "--as", "Morgan Import") == 0
    assert "accepted: Riverside Community Food Bank" in capsys.readouterr().out
    assert cli("feed", "remove", "1", "--as", "Morgan Import") == 0
    assert cli("feed", "list") == 0
    assert "no feeds" in capsys.readouterr().out


def test_an_offer_settles_itself_once_the_directory_matches_the_feed(
    database: Database, people: dict[str, int]
) -> None:
    with feed_server() as server:
        import_whole(database, people["manager"], server)
        add(database, people["manager"], server.url, every=1)
        server.services[0]["phones"][0]["number"] = "01632 960999"
        refresh_due_feeds(database, None, reader, NOW)
        carers = directory(database)[IDS[0]]
        act(
            database,
            people["manager"],
            lambda s, a: update_service(s, a, carers.id, carers.version, {"phone": "01632 960999"}),
        )
        (result,) = refresh_due_feeds(database, None, reader, NOW + timedelta(days=1))
    assert (result.queued_changed, result.waiting, result.unchanged) == (0, 0, 3)
    with database.unit_of_work() as session:
        assert open_feed_changes(session) == []
        (change,) = session.scalars(sa.select(FeedChange))
        assert change.outcome == "now matches the directory"
    assert not any(r.startswith("flagged") for r in queue(database).get(IDS[0], []))
