"""Fetching JSON from a live Open Referral feed, safely: https only (plain http on this computer
only), bounded time, bytes and retries, no silent hops to another host, and a way to cancel."""

from __future__ import annotations

import email.utils
import ipaddress
import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from signposting import __version__
from signposting.directory.io.files import MEGABYTE, load_json
from signposting.directory.io.limits import MAX_FEED_BYTES, MAX_FEED_PAGES, MAX_FILE_BYTES
from signposting.errors import SignpostingError, ValidationError
from signposting.problems import Problem

log = logging.getLogger(__name__)

USER_AGENT = (
    f"Signposting/{__version__} (Open Referral UK directory import for a GP practice; "
    "https://github.com/signposting/signposting)"
)
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})
#: Answers worth another try: the server is busy or briefly broken.
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_REDIRECTS = 5
CHUNK = 64 * 1024


class FeedError(SignpostingError):
    """The feed could not be read; nothing was imported."""


class FeedCancelledError(FeedError):
    """The person asked to stop; nothing was imported."""

    def __init__(self) -> None:
        super().__init__("cancelled: nothing was imported")


@dataclass(frozen=True)
class FeedSettings:
    """How patient and how trusting a fetch is. The defaults suit a real feed; tests shorten
    the waits."""

    connect_timeout: float = 10.0
    #: Longest silence while a response is arriving.
    read_timeout: float = 30.0
    #: Longest a whole response may take, however steadily it trickles in.
    response_seconds: float = 120.0
    #: Tries of one request, the first included.
    attempts: int = 4
    #: The first wait before trying again; each later wait doubles it.
    backoff_seconds: float = 1.0
    #: Longest wait a server may ask for (Retry-After); a longer one gives up at once.
    max_retry_after: float = 60.0
    per_page: int = 100
    max_pages: int = MAX_FEED_PAGES
    max_bytes: int = MAX_FEED_BYTES
    max_response_bytes: int = MAX_FILE_BYTES


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this computer (where a test or local feed may use plain http)."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def checked_feed_url(url: str) -> str:
    """The address, if a feed may be read from it: https, or http on this computer only; no
    password in it. Raises ``ValidationError`` saying why not."""
    text = url.strip()
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError as exc:
        raise ValidationError(f"{text!r} is not a web address: {exc}") from exc
    if parts.scheme not in ("http", "https") or not host:
        raise ValidationError(f"{text!r} is not a web address (https://…)")
    if parts.scheme == "http" and not is_loopback(host):
        raise ValidationError(
            f"{text!r}: feeds are read over https only (plain http is allowed only on this "
            "computer, for testing)"
        )
    if parts.username or parts.password:
        raise ValidationError(f"{parts.hostname}: a feed address must not carry a password")
    return text


@dataclass
class FeedClient:
    """One feed's requests: counts every byte against the limits and can be cancelled."""

    settings: FeedSettings = field(default_factory=FeedSettings)
    cancel: threading.Event = field(default_factory=threading.Event)
    bytes_read: int = 0
    requests: int = 0
    _client: httpx.Client | None = None

    def __enter__(self) -> FeedClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._client is not None:
            self._client.close()

    def check_cancelled(self) -> None:
        if self.cancel.is_set():
            raise FeedCancelledError

    def get_json(self, url: str) -> Any:
        """The JSON document at ``url``, after retries where the server is briefly unwell."""
        text = self._get_text(url)
        problems: list[Problem] = []
        document = load_json(text, url, 0, problems)
        if problems:
            raise FeedError(str(problems[0]))
        return document

    def _get_text(self, url: str) -> str:
        for attempt in range(1, self.settings.attempts + 1):
            self.check_cancelled()
            try:
                status, body, wait = self._request(url)
            except httpx.TimeoutException:
                problem, wait = f"no answer within {self.settings.read_timeout:g} s", None
            except httpx.TransportError as exc:
                problem, wait = f"the connection failed ({exc or type(exc).__name__})", None
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                raise FeedError(f"{url}: {exc or type(exc).__name__}") from exc
            else:
                if status is None:
                    return body
                problem = f"the server answered {status}"
            if wait is not None and wait > self.settings.max_retry_after:
                raise FeedError(f"{url}: {problem} and asks to wait {wait:g} s: try again later")
            if attempt == self.settings.attempts:
                raise FeedError(f"{url}: {problem} ({attempt} tries); nothing was imported")
            delay = wait if wait is not None else self.settings.backoff_seconds * 2 ** (attempt - 1)
            log.info("feed %s: %s; trying again in %.1f s", url, problem, delay)
            if self.cancel.wait(delay):
                raise FeedCancelledError
        raise AssertionError("unreachable")  # pragma: no cover

    def _request(self, url: str) -> tuple[int | None, str, float | None]:
        """(None, text, None) on success; (status, "", Retry-After or None) for a status
        worth retrying. Other failures raise ``FeedError``."""
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            self.check_cancelled()
            self.requests += 1
            with self._http(current).stream("GET", current) as response:
                if response.is_redirect:
                    current = self._redirect(current, response.headers.get("location", ""))
                    continue
                if response.status_code in RETRY_STATUSES:
                    return response.status_code, "", retry_after(response.headers)
                if response.status_code != 200:
                    raise FeedError(f"{current}: the server answered {response.status_code}")
                return None, self._body(current, response), None
        raise FeedError(f"{url}: more than {MAX_REDIRECTS} redirects")

    def _http(self, url: str) -> httpx.Client:
        if self._client is None:
            settings = self.settings
            self._client = httpx.Client(
                timeout=httpx.Timeout(settings.read_timeout, connect=settings.connect_timeout),
                follow_redirects=False,
                headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
                # A feed on this computer never goes through the system's proxy.
                trust_env=not is_loopback(urlsplit(url).hostname or ""),
            )
        return self._client

    def _redirect(self, current: str, location: str) -> str:
        """Follow a redirect on the same host (and never from https to http); refuse others,
        naming where it led."""
        target = urljoin(current, location)
        here, there = urlsplit(current), urlsplit(target)
        if (there.hostname or "").lower() != (here.hostname or "").lower():
            raise FeedError(
                f"{current} redirects to another host ({target}): not followed; "
                "import from that address if you trust it"
            )
        if here.scheme == "https" and there.scheme != "https":
            raise FeedError(f"{current} redirects from https to {target}: not followed")
        checked_feed_url(target)
        log.info("feed %s redirects to %s on the same host", current, target)
        return target

    def _body(self, url: str, response: httpx.Response) -> str:
        limit = self.settings.max_response_bytes
        started = time.monotonic()
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FeedError(f"{url}: the answer is larger than {_size(limit)}")
        received = bytearray()
        for chunk in response.iter_bytes(CHUNK):
            self.check_cancelled()
            received += chunk
            self.bytes_read += len(chunk)
            if len(received) > limit:
                raise FeedError(f"{url}: the answer is larger than {_size(limit)}")
            if self.bytes_read > self.settings.max_bytes:
                raise FeedError(f"{url}: the feed sent more than {_size(self.settings.max_bytes)}")
            if time.monotonic() - started > self.settings.response_seconds:
                raise FeedError(
                    f"{url}: the answer took longer than {self.settings.response_seconds:g} s"
                )
        try:
            return bytes(received).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FeedError(f"{url}: not UTF-8 text (byte {exc.start})") from exc


def _size(limit: int) -> str:
    return f"{limit // MEGABYTE} MB" if limit >= MEGABYTE else f"{limit:,} bytes"


def retry_after(headers: httpx.Headers) -> float | None:
    """Seconds a server asks to wait (``Retry-After`` as seconds or as a date), or None."""
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
