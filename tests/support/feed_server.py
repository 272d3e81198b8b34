"""A live Open Referral API on 127.0.0.1 in a thread, serving the test fixtures in the HSDS 3.0
API layout (or ORUK v1 pages as they are), with misbehaviour the tests script: an error
status before success, a slow answer, an answer that never ends, a redirect, a held answer."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

FIXTURES = Path(__file__).parent.parent / "fixtures" / "feeds"
#: The one-to-one fields a HSDS 3.0 ``/services`` list carries (schema/compiled/service_list.json).
LIST_KEYS = (
    "id",
    "organization_id",
    "program_id",
    "name",
    "alternate_name",
    "description",
    "url",
    "email",
    "status",
    "interpretation_services",
    "application_process",
    "fees_description",
    "wait_time",
    "fees",
    "accreditations",
    "eligibility_description",
    "minimum_age",
    "maximum_age",
    "assured_date",
    "assurer_email",
    "licenses",
    "alert",
    "last_modified",
    "organization",
    "program",
)
#: How long a held answer waits for the test to let it go, at most.
HOLD_SECONDS = 20


def full_services() -> list[dict[str, Any]]:
    """The fixture feed's services, whole, in id order."""
    folder = FIXTURES / "hsds3" / "services"
    return [json.loads(p.read_text("utf-8")) for p in sorted(folder.glob("*.json"))]


def v1_pages() -> list[dict[str, Any]]:
    folder = FIXTURES / "oruk_v1"
    return [json.loads(p.read_text("utf-8")) for p in sorted(folder.glob("services_page_*.json"))]


def hsds_page(services: list[dict[str, Any]], page: int, per_page: int) -> dict[str, Any]:
    """A ``/services`` page as HSDS 3.0 lays it out: one-to-one fields only, no children."""
    total_pages = max(1, -(-len(services) // per_page))
    chosen = services[(page - 1) * per_page : page * per_page]
    return {
        "total_items": len(services),
        "total_pages": total_pages,
        "page_number": page,
        "size": len(chosen),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not services,
        "contents": [{key: s.get(key) for key in LIST_KEYS} for s in chosen],
    }


class FeedServer:
    """Serves ``services`` at ``/services`` and ``/services/{id}``; ``v1`` serves ORUK v1
    pages instead. Scripted answers are keyed by path (``/services`` or ``/services/ID``)."""

    def __init__(self, services: list[dict[str, Any]], *, v1: list[dict[str, Any]] | None = None):
        self.services, self.v1 = services, v1
        #: Statuses to answer first, in order, per path; each is used once.
        self.failures: dict[str, list[tuple[int, dict[str, str]]]] = {}
        #: Seconds to wait before answering, per path (every time).
        self.delays: dict[str, float] = {}
        #: Paths whose answer never ends.
        self.endless: set[str] = set()
        #: Path to the Location a redirect sends to.
        self.redirects: dict[str, str] = {}
        #: Every page says another follows, each with a new service (a list that never ends).
        self.never_last = False
        #: Answer page 1 whatever page is asked for, saying more follow (``?page`` ignored).
        self.ignore_page = False
        #: ORUK v1 pages numbered from 0 (``?page=0`` is the first).
        self.zero_based = False
        #: List pages carry each service whole, children and all.
        self.full_lists = False
        #: Answers to paths in ``held`` wait until ``release`` is set.
        self.held: set[str] = set()
        self.release = threading.Event()
        self.arrived = threading.Event()
        self.requests: list[str] = []
        self.user_agents: list[str] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def close(self) -> None:
        self.release.set()
        self._server.shutdown()
        self._server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        feed = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: the tests read ``requests`` instead."""

            def do_GET(self) -> None:
                feed.requests.append(self.path)
                feed.user_agents.append(self.headers.get("User-Agent", ""))
                parts = urlsplit(self.path)
                path = parts.path.rstrip("/")
                if path in feed.held or self.path in feed.held:
                    feed.arrived.set()
                    feed.release.wait(HOLD_SECONDS)
                time.sleep(feed.delays.get(path, 0))
                waiting = feed.failures.get(path)
                if waiting:
                    status, headers = waiting.pop(0)
                    self._send(status, {"error": "try later"}, headers)
                elif path in feed.redirects:
                    query = f"?{parts.query}" if parts.query else ""
                    self._send(302, {}, {"Location": feed.redirects[path] + query})
                elif path in feed.endless:
                    self._endless()
                elif path.endswith("/services"):
                    self._send(200, feed.page(parse_qs(parts.query)))
                elif "/services/" in path:
                    self._service(unquote(path.rsplit("/", 1)[1]))
                else:
                    self._send(404, {"error": "not found"})

            def _service(self, identifier: str) -> None:
                found = [s for s in feed.services if s["id"] == identifier]
                if found:
                    self._send(200, found[0])
                else:
                    self._send(404, {"error": "no such id"})

            def _endless(self) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                try:
                    while True:
                        self.wfile.write(b" " * 65536)
                except OSError:
                    return

            def _send(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
                data = json.dumps(body).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                try:
                    self.wfile.write(data)
                except OSError:
                    return

        return Handler

    def page(self, query: dict[str, list[str]]) -> dict[str, Any]:
        number = int(query.get("page", ["1"])[0])
        per_page = int(query.get("per_page", ["2"])[0])
        if self.v1 is not None:
            index = number if self.zero_based else number - 1
            if 0 <= index < len(self.v1):
                return self.v1[index]
            return {"content": [], "number": number, "first": False, "last": True}
        if self.never_last:
            item = {key: self.services[0].get(key) for key in LIST_KEYS}
            item["id"] = f"endless-{number}"
            return {"page_number": number, "last_page": False, "contents": [item]}
        if self.full_lists:
            return dict(
                hsds_page(self.services, number, per_page),
                contents=self.services[(number - 1) * per_page : number * per_page],
            )
        if self.ignore_page:
            return dict(hsds_page(self.services, 1, per_page), last_page=False, total_pages=None)
        return hsds_page(self.services, number, per_page)


@contextmanager
def feed_server(
    services: list[dict[str, Any]] | None = None, *, v1: list[dict[str, Any]] | None = None
) -> Iterator[FeedServer]:
    server = FeedServer(full_services() if services is None else services, v1=v1)
    try:
        yield server
    finally:
        server.close()
