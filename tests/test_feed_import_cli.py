"""``signposting directory import https://…``: a live feed previewed, then imported all or
nothing; services the feed lacks are kept unless ``--retire-missing`` asks otherwise."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import pytest
import sqlalchemy as sa

from signposting.cli.main import main
from signposting.db.engine import Database
from signposting.db.models import Service
from signposting.directory.io import feed
from signposting.directory.io.feed_http import FeedSettings
from tests.support.directory import manager
from tests.support.feed_server import FeedServer, feed_server, full_services

MANAGER = "Morgan Import"
IDS = [s["id"] for s in full_services()]


@pytest.fixture
def signed_in(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A manager who can sign in, and feeds read two services a page with quick retries."""
    database = Database(database_url)
    with database.unit_of_work() as session:
        manager(session)
    database.dispose()
    monkeypatch.setenv("SIGNPOSTING_PASSWORD", "correct horse battery")
    quick = FeedSettings(per_page=2, backoff_seconds=0.01, read_timeout=2)
    monkeypatch.setattr(feed, "FeedSettings", lambda: quick)
    return database_url


def run(database_url: str, *args: str) -> int:
    return main(["--database", database_url, "directory", "import", *args])


def statuses(database_url: str) -> dict[str, str]:
    database = Database(database_url)
    try:
        with database.unit_of_work() as session:
            return {s.key: s.status.value for s in session.scalars(sa.select(Service))}
    finally:
        database.dispose()


def services(database_url: str) -> dict[str, Service]:
    database = Database(database_url)
    try:
        with database.unit_of_work() as session:
            return {s.key: s for s in session.scalars(sa.select(Service))}
    finally:
        database.dispose()


def test_a_dry_run_previews_the_feed_and_changes_nothing(
    signed_in: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with feed_server() as server:
        assert run(signed_in, server.url, "--dry-run") == 0
    printed = capsys.readouterr().out
    assert f"{server.url}/services: 3 services in 2 pages (3 fetched one by one)" in printed
    assert "3 new, 0 changed, 0 unchanged" in printed
    assert "new: Riverside Carers' Centre" in printed
    assert "dry run: nothing imported" in printed
    assert statuses(signed_in) == {}


def test_a_feed_is_imported_whole(signed_in: str, capsys: pytest.CaptureFixture[str]) -> None:
    with feed_server() as server:
        assert run(signed_in, server.url + "/services", "--as", MANAGER) == 0
    assert capsys.readouterr().out.rstrip().endswith("imported")
    found = services(signed_in)
    assert set(found) == set(IDS)
    carers = found[IDS[0]]
    assert (carers.name, carers.phone, carers.min_age) == (
        "Riverside Carers' Centre",
        "01632 960410",
        16,
    )
    assert {"day": "mon", "opens": "09:00", "closes": "17:00"} in carers.opening_sessions


def test_a_feed_that_omits_a_service_retires_nothing_unless_asked(
    signed_in: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with feed_server() as server:
        assert run(signed_in, server.url, "--as", MANAGER) == 0
    capsys.readouterr()
    fewer = [s for s in full_services() if s["id"] != IDS[2]]
    with feed_server(fewer) as server:
        assert run(signed_in, server.url, "--as", MANAGER) == 0
        printed = capsys.readouterr().out
        assert "0 new, 0 changed, 2 unchanged; 1 not in the feed stay as they are" in printed
        assert "not in the feed, kept: Riverside Food Bank" in printed
        assert statuses(signed_in)[IDS[2]] == "active"
        assert run(signed_in, server.url, "--retire-missing", "--as", MANAGER) == 0
    assert "to retire: Riverside Food Bank" in capsys.readouterr().out
    assert statuses(signed_in) == {IDS[0]: "active", IDS[1]: "active", IDS[2]: "retired"}


def test_retiring_many_from_a_feed_asks_first(
    signed_in: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Eight services from a file; a feed of three with --retire-missing would retire all
    eight: without a terminal it is refused unless --allow-retiring."""
    listing = tmp_path / "directory.csv"
    rows = "".join(f"own-{i},Own service {i},Cat\n" for i in range(8))
    listing.write_text("key,name,category\n" + rows, "utf-8")
    assert run(signed_in, str(listing), "--as", MANAGER) == 0
    with feed_server() as server:
        assert run(signed_in, server.url, "--retire-missing", "--as", MANAGER) == 1
        assert "8 services would be retired" in capsys.readouterr().err
        assert set(statuses(signed_in).values()) == {"active"}
        assert run(signed_in, server.url, "--as", MANAGER) == 0  # keeps them by default
        assert (
            run(signed_in, server.url, "--retire-missing", "--allow-retiring", "--as", MANAGER) == 0
        )
    assert sorted(statuses(signed_in).values()).count("retired") == 8


def test_the_practice_s_own_fields_survive_a_feed_without_them(
    signed_in: str, tmp_path: Path
) -> None:
    listing = tmp_path / "directory.csv"
    listing.write_text(
        "key,name,category,keywords,patient_script\n"
        f'{IDS[0]},Carers,Carers,"respite | young carers",Say we refer you to the centre\n',
        "utf-8",
    )
    assert run(signed_in, str(listing), "--as", MANAGER) == 0
    with feed_server() as server:
        assert run(signed_in, server.url, "--as", MANAGER) == 0
    carers = services(signed_in)[IDS[0]]
    assert carers.name == "Riverside Carers' Centre"  # the feed's own fields are the feed's
    assert carers.keywords == ["respite", "young carers"]
    assert carers.patient_script == "Say we refer you to the centre"


@pytest.mark.parametrize(
    ("script", "message"),
    [
        (lambda server: server.failures.update({"/services": [(404, {})]}), "answered 404"),
        (lambda server: server.endless.add("/services"), "larger than 50 MB"),
    ],
)
def test_a_feed_that_cannot_be_read_is_refused_and_changes_nothing(
    signed_in: str,
    capsys: pytest.CaptureFixture[str],
    script: Callable[[FeedServer], object],
    message: str,
) -> None:
    with feed_server() as server:
        script(server)
        assert run(signed_in, server.url, "--as", MANAGER) == 1
    assert message in capsys.readouterr().err
    assert statuses(signed_in) == {}


def test_a_feed_with_a_bad_service_names_it_and_imports_nothing(
    signed_in: str, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = copy.deepcopy(full_services())
    broken[1]["minimum_age"] = 300
    with feed_server(broken) as server:
        assert run(signed_in, server.url, "--as", MANAGER) == 1
    error = capsys.readouterr().err
    assert f"{server.url}/services/{IDS[1]}" in error
    assert statuses(signed_in) == {}


def test_plain_http_to_another_computer_is_refused(
    signed_in: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(signed_in, "http://directory.example.org/services", "--dry-run") == 1
    assert "https only" in capsys.readouterr().err


def test_a_busy_feed_is_tried_again(signed_in: str) -> None:
    with feed_server() as server:
        server.failures["/services"] = [(503, {})]
        assert run(signed_in, server.url, "--as", MANAGER) == 0
    assert len(statuses(signed_in)) == 3
