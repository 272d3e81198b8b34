"""Reading a live Open Referral UK feed over HTTP from a real server on 127.0.0.1: pages followed
to the end, services fetched whole, retries, timeouts, limits, redirects and cancelling."""

from __future__ import annotations

import copy
import json
import socket
import threading
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from signposting.directory.io.feed import FeedProgress, read_feed
from signposting.directory.io.feed_http import (
    FeedCancelledError,
    FeedError,
    FeedSettings,
    checked_feed_url,
    retry_after,
)
from signposting.directory.io.importer import DirectoryImportError
from signposting.errors import ValidationError
from tests.support.feed_server import FIXTURES, feed_server, full_services, hsds_page, v1_pages

QUICK = FeedSettings(
    connect_timeout=2, read_timeout=0.4, attempts=3, backoff_seconds=0.01, per_page=2
)
IDS = [s["id"] for s in full_services()]


def test_the_served_pages_follow_the_fixture_layout() -> None:
    """The test API lays pages out exactly as the HSDS 3.0 page fixture does."""
    fixture = json.loads((FIXTURES / "hsds3" / "services_page_1.json").read_text("utf-8"))
    assert hsds_page(full_services(), 1, 2) == fixture
    assert not any("phones" in item or "schedules" in item for item in fixture["contents"])


def test_every_page_is_followed_and_services_listed_without_children_are_fetched_whole() -> None:
    seen: list[FeedProgress] = []
    with feed_server() as server:
        read = read_feed(server.url, settings=QUICK, progress=seen.append)
    assert server.requests == [
        "/services?page=1&per_page=2",
        "/services?page=2&per_page=2",
        *[f"/services/{identifier}" for identifier in IDS],
    ]
    assert all(agent.startswith("Signposting/") for agent in server.user_agents)
    by_key = {s.key: s.values for s in read.services}
    carers = by_key[IDS[0]]
    assert carers["name"] == "Riverside Carers' Centre"
    assert carers["phone"] == "01632 960410"  # only the whole service has its phones
    assert {"day": "fri", "opens": "09:00", "closes": "17:00"} in carers["opening_sessions"]
    assert "12 Mill Lane" in carers["address"]
    assert (read.pages, read.fetched_in_full, len(read.services)) == (2, 3, 3)
    assert [p.pages_done for p in seen[:2]] == [1, 2] and seen[0].pages_total == 2
    assert (seen[-1].details_done, seen[-1].details_total) == (3, 3)
    assert read.describe().endswith("3 services in 2 pages (3 fetched one by one)")


@pytest.mark.parametrize("suffix", ["", "/", "/services", "/services/"])
def test_the_base_address_or_the_services_address_reads_the_same(suffix: str) -> None:
    with feed_server() as server:
        read = read_feed(server.url + suffix, settings=QUICK)
    assert read.url == f"{server.url}/services"
    assert sorted(s.key for s in read.services) == IDS


def test_a_list_that_carries_the_children_needs_no_service_fetches() -> None:
    with feed_server() as server:
        server.full_lists = True
        read = read_feed(server.url, settings=QUICK)
    assert server.requests == ["/services?page=1&per_page=2", "/services?page=2&per_page=2"]
    assert len(read.services) == 3 and read.fetched_in_full == 0
    with feed_server(v1=v1_pages()) as server:
        read = read_feed(server.url, settings=QUICK)
    assert server.requests == ["/services?page=1&per_page=2", "/services?page=2&per_page=2"]
    assert [s.values["name"] for s in read.services] == [
        "Little Steps Parent and Toddler Group",
        "Riverside Money Advice",
    ]


def test_an_oruk_v1_api_counting_pages_from_zero_loses_no_page() -> None:
    with feed_server(v1=v1_pages()) as server:
        server.zero_based = True
        read = read_feed(server.url, settings=QUICK)
    assert server.requests[:2] == ["/services?page=1&per_page=2", "/services?page=0&per_page=2"]
    assert sorted(s.key for s in read.services) == ["v1-debt-advice", "v1-parent-toddler-group"]


def test_a_busy_server_is_tried_again_and_then_read() -> None:
    with feed_server() as server:
        server.failures["/services"] = [(503, {}), (429, {"Retry-After": "0"})]
        server.failures[f"/services/{IDS[1]}"] = [(502, {})]
        read = read_feed(server.url, settings=QUICK)
    assert len(read.services) == 3
    assert server.requests.count("/services?page=1&per_page=2") == 3
    assert server.requests.count(f"/services/{IDS[1]}") == 2


def test_a_server_that_stays_down_fails_after_a_bounded_number_of_tries() -> None:
    with feed_server() as server:
        server.failures["/services"] = [(503, {})] * 10
        with pytest.raises(FeedError, match=r"answered 503 \(3 tries\); nothing was imported"):
            read_feed(server.url, settings=QUICK)
    assert len(server.requests) == 3


def test_a_long_retry_after_gives_up_at_once_saying_how_long() -> None:
    with feed_server() as server:
        server.failures["/services"] = [(429, {"Retry-After": "3600"})]
        with pytest.raises(FeedError, match="asks to wait 3600 s: try again later"):
            read_feed(server.url, settings=QUICK)
    assert len(server.requests) == 1


def test_retry_after_as_a_date() -> None:
    later = datetime.now(UTC) + timedelta(seconds=120)
    waited = retry_after(httpx.Headers({"Retry-After": format_datetime(later, usegmt=True)}))
    assert waited is not None and 100 < waited <= 120
    assert retry_after(httpx.Headers({"Retry-After": "soon"})) is None
    assert retry_after(httpx.Headers({})) is None


def test_an_answer_slower_than_the_timeout_fails_after_the_tries() -> None:
    with feed_server() as server:
        server.delays["/services"] = 2.0
        settings = FeedSettings(read_timeout=0.3, attempts=2, backoff_seconds=0.01)
        with pytest.raises(FeedError, match=r"no answer within 0.3 s \(2 tries\)"):
            read_feed(server.url, settings=settings)
    assert len(server.requests) == 2


def test_an_answer_that_never_ends_is_cut_at_the_size_limit() -> None:
    with feed_server() as server:
        server.endless.add("/services")
        settings = FeedSettings(max_response_bytes=1024 * 1024, attempts=1)
        with pytest.raises(FeedError, match="the answer is larger than 1 MB"):
            read_feed(server.url, settings=settings)


def test_the_whole_feed_is_held_to_its_byte_limit() -> None:
    with feed_server() as server:
        settings = FeedSettings(per_page=2, max_bytes=4000)
        with pytest.raises(FeedError, match="the feed sent more than 4,000 bytes"):
            read_feed(server.url, settings=settings)


def test_a_list_that_never_ends_stops_at_the_page_limit() -> None:
    with feed_server() as server:
        server.never_last = True
        with pytest.raises(FeedError, match="more than 5 pages; nothing imported"):
            read_feed(server.url, settings=FeedSettings(max_pages=5))
    assert len(server.requests) == 5


def test_an_api_that_ignores_the_page_asked_for_is_refused() -> None:
    with feed_server() as server:
        server.ignore_page = True
        with pytest.raises(FeedError, match=r"same services as an earlier page"):
            read_feed(server.url, settings=QUICK)
    assert len(server.requests) == 2


def test_cancelling_midway_stops_before_the_next_request() -> None:
    cancel = threading.Event()
    outcome: list[BaseException] = []

    def fetch(url: str) -> None:
        try:
            read_feed(url, settings=QUICK, cancel=cancel)
        except BaseException as exc:
            outcome.append(exc)

    with feed_server() as server:
        server.held.add(f"/services/{IDS[1]}")
        worker = threading.Thread(target=fetch, args=(server.url,))
        worker.start()
        assert server.arrived.wait(10)
        cancel.set()
        server.release.set()
        worker.join(10)
    assert len(outcome) == 1 and isinstance(outcome[0], FeedCancelledError)
    assert str(outcome[0]) == "cancelled: nothing was imported"
    assert f"/services/{IDS[2]}" not in server.requests


def test_a_redirect_to_another_host_is_not_followed_and_says_where() -> None:
    with feed_server() as server:
        elsewhere = server.url.replace("127.0.0.1", "localhost") + "/services"
        server.redirects["/services"] = elsewhere
        with pytest.raises(FeedError, match="redirects to another host") as caught:
            read_feed(server.url, settings=QUICK)
    assert elsewhere in str(caught.value)


def test_a_redirect_on_the_same_host_is_followed() -> None:
    with feed_server() as server:
        server.redirects["/old/services"] = "/services"
        read = read_feed(server.url + "/old", settings=QUICK)
    assert len(read.services) == 3


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://directory.example.org/services", "https only"),
        ("ftp://directory.example.org/services", "not a web address"),
        ("https://", "not a web address"),
        ("https://name:secret@directory.example.org", "must not carry a password"),
        ("https://directory.example.org:port", "not a web address"),
    ],
)
def test_addresses_a_feed_may_not_be_read_from(url: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        checked_feed_url(url)


def test_plain_http_is_allowed_on_this_computer_only() -> None:
    for url in ("http://localhost:8000", "http://127.0.0.1/api", "http://[::1]:9/services"):
        assert checked_feed_url(url) == url
    assert checked_feed_url("https://directory.example.org/api")


def test_problems_are_named_by_the_service_address_and_nothing_is_returned() -> None:
    services = full_services()
    broken = copy.deepcopy(services)
    broken[1]["phones"][0]["number"] = "999999"
    broken.append(copy.deepcopy(services[0]))  # the same id twice
    with feed_server(broken) as server, pytest.raises(DirectoryImportError) as caught:
        read_feed(server.url, settings=QUICK)
    places = {problem.file for problem in caught.value.problems}
    assert f"{server.url}/services/{IDS[1]}" in places
    assert any("duplicate id" in problem.message for problem in caught.value.problems)


def test_a_feed_with_no_services_is_refused() -> None:
    with feed_server([]) as server, pytest.raises(DirectoryImportError):
        read_feed(server.url, settings=QUICK)


def test_an_error_status_is_reported_without_retrying() -> None:
    with feed_server() as server:
        server.failures["/services"] = [(404, {})]
        with pytest.raises(FeedError, match="answered 404"):
            read_feed(server.url, settings=QUICK)
    assert len(server.requests) == 1


def test_a_feed_nobody_answers_fails_after_the_tries_with_a_clear_message() -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    with pytest.raises(FeedError, match=r"the connection failed .*\(3 tries\)"):
        read_feed(f"http://127.0.0.1:{port}", settings=QUICK)
