"""Reading a live Open Referral UK feed into directory services.

The feed is an HSDS 3.0 API (``GET /services`` pages of ``contents`` with ``total_pages``,
``page_number``, ``last_page`` …) or an ORUK v1 API (pages of ``content`` with ``totalPages``,
``number``, ``last`` …). Every page is followed to the end; a service listed without its
children (phones, schedules, locations) is fetched whole from ``/services/{id}``. The services
are then read and checked exactly as an ORUK JSON file is, and the whole feed is refused if any
is wrong.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.db.models import Service
from signposting.directory.io.feed_http import (
    FeedClient,
    FeedError,
    FeedSettings,
    checked_feed_url,
)
from signposting.directory.io.importer import DirectoryImportError
from signposting.directory.io.limits import MAX_ROWS
from signposting.directory.io.model import Problem, ServiceData, from_service
from signposting.directory.io.oruk import EXTENSION, read_oruk_json
from signposting.directory.io.service_checks import check_services

log = logging.getLogger(__name__)

#: A listed service with none of these was listed without its children: fetch it whole.
CHILD_KEYS = (
    "phones",
    "schedules",
    "service_at_locations",
    "contacts",
    "attributes",
    "regular_schedules",
    "service_taxonomys",
)
#: What only the project's own extension (``x_signposting``) carries. A service the feed sends
#: without it says nothing about these, so one already in the directory keeps its own.
PRACTICE_FIELDS = (
    "keywords",
    "access_methods",
    "exclusions",
    "patient_script",
    "snomed_code",
    "snomed_term",
    "review_interval_days",
    "closures",
)


@dataclass(frozen=True)
class FeedProgress:
    """How far a fetch has gone: pages of the list, then services fetched one by one."""

    pages_done: int
    #: None until the feed says how many pages it has.
    pages_total: int | None
    services_listed: int
    #: Services that needed fetching whole, and how many of those are done.
    details_total: int = 0
    details_done: int = 0

    def describe(self) -> str:
        of = f" of {self.pages_total}" if self.pages_total else ""
        text = f"page {self.pages_done}{of}, {self.services_listed} services listed"
        if self.details_total:
            text += f"; {self.details_done} of {self.details_total} fetched in full"
        return text


Progress = Callable[[FeedProgress], None]


@dataclass
class FeedRead:
    """A feed read whole and checked: its services, and what it took to get them."""

    url: str
    services: list[ServiceData] = field(default_factory=list)
    pages: int = 0
    fetched_in_full: int = 0
    bytes_read: int = 0
    #: Services sent without the project's extension (as any other publisher sends them).
    plain_keys: frozenset[str] = frozenset()

    def describe(self) -> str:
        whole = f" ({self.fetched_in_full} fetched one by one)" if self.fetched_in_full else ""
        pages = "1 page" if self.pages == 1 else f"{self.pages} pages"
        return f"{self.url}: {len(self.services)} services in {pages}{whole}"


@dataclass(frozen=True)
class Page:
    items: list[Any]
    total_pages: int | None
    last: bool | None
    first: bool | None


def services_url(url: str) -> str:
    """The feed's ``/services`` address, from the API's base address or that address itself."""
    parts = urlsplit(checked_feed_url(url))
    path = parts.path.rstrip("/")
    if not path.endswith("/services"):
        path = f"{path}/services"
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def page_url(list_url: str, page: int, per_page: int) -> str:
    parts = urlsplit(list_url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k not in ("page", "per_page")]
    query += [("page", str(page)), ("per_page", str(per_page))]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


def service_url(list_url: str, service_id: str) -> str:
    parts = urlsplit(list_url)
    path = f"{parts.path}/{quote(service_id, safe='')}"
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def read_page(document: Any, url: str) -> Page:
    """A page of either layout; a bare list is taken as the whole feed."""
    if isinstance(document, list):
        return Page(document, 1, True, True)
    if not isinstance(document, dict):
        raise FeedError(f"{url}: not a page of services (expected a JSON object)")
    items = document.get("contents")
    if not isinstance(items, list):
        items = document.get("content")
    if not isinstance(items, list):
        raise FeedError(
            f"{url}: not a page of services (no 'contents' list, nor an ORUK v1 'content' list)"
        )
    return Page(
        items,
        _whole(document.get("total_pages", document.get("totalPages"))),
        _flag(document.get("last_page", document.get("last"))),
        _flag(document.get("first_page", document.get("first"))),
    )


def _whole(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _flag(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _ends(page: Page, pages_read: int) -> bool:
    if not page.items or page.last is True:
        return True
    if page.total_pages is not None:
        return pages_read >= page.total_pages
    return page.last is None  # no sign of more pages: one page was all of it


@dataclass
class FetchedFeed:
    """Every service object a feed listed, each whole, before reading."""

    url: str
    items: list[Any]
    pages: int
    fetched_in_full: int
    bytes_read: int


def fetch_feed(
    url: str,
    *,
    settings: FeedSettings | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> FetchedFeed:
    """Every listed service, whole: each page followed to the end, and each service listed
    without its children fetched from ``/services/{id}``."""
    list_url = services_url(url)
    with FeedClient(settings or FeedSettings(), cancel or threading.Event()) as client:
        items, pages, total = _list_everything(client, list_url, progress)
        needing = [
            i for i, item in enumerate(items) if _lacks_children(item) and _id_of(item) is not None
        ]
        for done, index in enumerate(needing, start=1):
            items[index] = _whole_service(client, list_url, items[index])
            if progress is not None:
                progress(FeedProgress(pages, total, len(items), len(needing), done))
    log.info(
        "feed %s: %d services, %d pages, %d bytes", list_url, len(items), pages, client.bytes_read
    )
    return FetchedFeed(list_url, items, pages, len(needing), client.bytes_read)


def _list_everything(
    client: FeedClient, list_url: str, progress: Progress | None
) -> tuple[list[Any], int, int | None]:
    settings = client.settings
    items: list[Any] = []
    seen: set[str] = set()
    number, pages = 1, 0
    while True:
        if pages >= settings.max_pages:
            raise FeedError(f"{list_url}: more than {settings.max_pages} pages; nothing imported")
        url = page_url(list_url, number, settings.per_page)
        page = read_page(client.get_json(url), url)
        pages += 1
        if pages == 1 and number == 1 and page.first is False:
            number, pages = 0, 0  # the API counts pages from 0: start again at its first
            continue
        ids = {i for i in map(_id_of, page.items) if i is not None}
        if ids and ids <= seen:
            raise FeedError(
                f"{url}: the same services as an earlier page (does the API ignore ?page=?)"
            )
        seen |= ids
        items += page.items
        if len(items) > MAX_ROWS:
            raise FeedError(f"{list_url}: more than {MAX_ROWS} services; nothing imported")
        if progress is not None:
            progress(FeedProgress(pages, page.total_pages, len(items)))
        if _ends(page, pages):
            return items, pages, page.total_pages
        number += 1


def _id_of(item: Any) -> str | None:
    value = item.get("id") if isinstance(item, dict) else None
    return str(value) if isinstance(value, (str, int)) and str(value).strip() else None


def _lacks_children(item: Any) -> bool:
    return isinstance(item, dict) and not any(key in item for key in CHILD_KEYS)


def _whole_service(client: FeedClient, list_url: str, listed: dict[str, Any]) -> Any:
    identifier = str(_id_of(listed))
    url = service_url(list_url, identifier)
    document = client.get_json(url)
    if not isinstance(document, dict) or _id_of(document) != identifier:
        raise FeedError(f"{url}: not the service {identifier!r} the list named")
    return document


def read_feed(
    url: str,
    *,
    settings: FeedSettings | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> FeedRead:
    """The feed's services, read and checked; raises ``DirectoryImportError`` naming every
    problem (by the service's address), ``FeedError`` when the feed cannot be fetched, and
    ``FeedCancelledError`` when cancelled."""
    fetched = fetch_feed(url, settings=settings, progress=progress, cancel=cancel)
    services = services_from_items(fetched.url, fetched.items)
    plain = frozenset(
        key
        for item in fetched.items
        if isinstance(item, dict) and EXTENSION not in item and (key := _id_of(item))
    )
    return FeedRead(
        fetched.url,
        services,
        fetched.pages,
        fetched.fetched_in_full,
        fetched.bytes_read,
        plain,
    )


def keep_practice_fields(session: Session, read: FeedRead) -> None:
    """Give each service the feed sent without the project's extension the directory's own
    keywords, patient script, codes and the like, so importing it keeps them."""
    rows = {row.key: row for row in session.scalars(sa.select(Service))}
    for service in read.services:
        row = rows.get(service.key)
        if row is not None and service.key in read.plain_keys:
            own = from_service(row).values
            for name in PRACTICE_FIELDS:
                service.values[name] = own[name]


def services_from_items(list_url: str, items: list[Any]) -> list[ServiceData]:
    """Read fetched service objects as an ORUK document and check them as a file is checked."""
    services, problems = read_oruk_json(json.dumps({"contents": items}), list_url)
    check_services(services, problems, list_url, "id")
    if not services and not problems:
        problems.append(Problem(list_url, 0, "", "the feed lists no services"))
    if problems:
        raise DirectoryImportError([_located(p, list_url, items) for p in problems])
    return services


def _located(problem: Problem, list_url: str, items: list[Any]) -> Problem:
    """A problem in service N of the feed, named by that service's own address."""
    if problem.file != list_url or not 1 <= problem.row <= len(items):
        return problem
    identifier = _id_of(items[problem.row - 1])
    if identifier is None:
        return problem
    return Problem(service_url(list_url, identifier), problem.row, problem.column, problem.message)
