"""Refreshing feeds on a schedule: what a feed offers waits in the review queue for a manager,
never applied unseen and never retiring anything.

A changed service is flagged (the review queue lists it, saying what the feed offers); a new
one waits in ``directory feed changes``. Accepting applies the fields that differed; dismissing,
or verifying the service in the review queue, keeps the entry as it is, and the same offer is
not raised again.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.accounts.permissions import Permission, require
from signposting.db.base import utc_now
from signposting.db.engine import Database
from signposting.db.models import (
    FeedChange,
    FeedChangeKind,
    Service,
    ServiceFlag,
    StaffMember,
)
from signposting.directory.editing import create_service, update_service
from signposting.directory.flags import MAX_COMMENT
from signposting.directory.io.feed import FeedRead, keep_practice_fields
from signposting.directory.io.feed_store import due_feeds, get_feed, open_changes_query
from signposting.directory.io.importer import preview_import
from signposting.directory.io.model import ServiceData, normalised
from signposting.domain import ServiceStatus
from signposting.errors import (
    NotFoundError,
    PermissionDeniedError,
    SignpostingError,
    ValidationError,
)

log = logging.getLogger(__name__)

#: The date the feed's publisher last checked the entry: not the practice's own check, so a
#: difference there alone is no change to review, and accepting never sets it.
NOT_OFFERED = frozenset({"key", "last_verified"})
#: Settled this way, the same offer is not raised again.
KEPT = ("dismissed", "kept as verified")


@dataclass
class RefreshResult:
    """What refreshing one feed did."""

    url: str
    queued_new: int = 0
    queued_changed: int = 0
    waiting: int = 0
    unchanged: int = 0
    not_in_feed: int = 0
    failed: str = ""

    def describe(self) -> str:
        if self.failed:
            return f"failed: {self.failed}"
        text = (
            f"{self.queued_changed} changed and {self.queued_new} new sent for review, "
            f"{self.waiting} already waiting, {self.unchanged} unchanged"
        )
        if self.not_in_feed:
            text += f"; {self.not_in_feed} not in the feed (nothing is retired)"
        return text


def record_refresh(
    session: Session, actor: StaffMember | None, feed_id: int, read: FeedRead, now: datetime
) -> RefreshResult:
    """Compare the feed as read with the directory and queue what differs for review."""
    require(actor, Permission.EDIT_DIRECTORY)
    feed = get_feed(session, feed_id)
    result = RefreshResult(feed.url)
    waiting = {c.service_key: c for c in session.scalars(_open_for(feed.id))}
    _close_verified(session, feed.id, now)
    settled = _last_settled(session, feed.id)
    keep_practice_fields(session, read)
    plan = preview_import(session, read.services)
    rows = {s.key: s for s in session.scalars(sa.select(Service))}
    offered: set[str] = set()
    changes: list[tuple[ServiceData, FeedChangeKind, list[str]]]
    changes = [(s, FeedChangeKind.NEW, []) for s in plan.new]
    changes += [(s, FeedChangeKind.CHANGED, f) for s, f in plan.changed]
    for service, kind, all_fields in changes:
        fields = [name for name in all_fields if name not in NOT_OFFERED]
        if kind is FeedChangeKind.CHANGED and not fields:
            result.unchanged += 1
            continue
        offered.add(service.key)
        values = _plain(service.values)
        current = waiting.get(service.key)
        if current is not None and _same(current.offered, values):
            result.waiting += 1
            continue
        if current is not None:
            _settle(current, actor, now, "superseded by a newer offer")
        last = settled.get(service.key)
        if last is not None and last.outcome in KEPT and _same(last.offered, values):
            result.unchanged += 1
            continue
        change = FeedChange(
            feed_id=feed.id,
            service_key=service.key,
            kind=kind,
            fields=fields,
            offered=values,
            found_at=now,
            outcome="",
        )
        session.add(change)
        session.flush()
        if kind is FeedChangeKind.CHANGED:
            row = rows[service.key]
            change.service_id = row.id
            change.flag = ServiceFlag(
                service_id=row.id,
                raised_by_id=actor.id if actor else None,
                comment=_flag_comment(feed.url, change, row),
            )
            result.queued_changed += 1
        else:
            result.queued_new += 1
    in_feed = {service.key for service in read.services}
    for key, change in waiting.items():
        if key not in offered and change.resolved_at is None:
            why = "now matches the directory" if key in in_feed else "no longer in the feed"
            _settle(change, actor, now, why)
    result.unchanged += plan.unchanged
    result.not_in_feed = len(plan.to_retire)
    feed.last_checked_at, feed.last_failed = now, False
    feed.last_result = result.describe()
    session.flush()
    log.info("feed %s refreshed: %s", feed.url, feed.last_result)
    return result


def record_refresh_failure(
    session: Session, actor: StaffMember | None, feed_id: int, message: str, now: datetime
) -> None:
    """Note why a refresh failed; the feed stays due, so the next refresh tries again."""
    require(actor, Permission.EDIT_DIRECTORY)
    feed = get_feed(session, feed_id)
    feed.last_failed = True
    feed.last_result = f"{now:%d/%m/%Y %H:%M} UTC: {message}"[:4000]
    session.flush()


def open_feed_changes(session: Session) -> list[FeedChange]:
    return list(session.scalars(open_changes_query()))


def accept_feed_change(session: Session, actor: StaffMember | None, change_id: int) -> Service:
    """Apply what the feed offers: a new service is added (never verified, so it joins the
    review queue); a changed one takes the feed's values for the fields that differed."""
    require(actor, Permission.EDIT_DIRECTORY)
    change = _waiting_change(session, change_id)
    values = normalised(change.offered)
    values["status"] = ServiceStatus(values["status"])
    if change.kind is FeedChangeKind.NEW:
        if session.scalar(sa.select(Service.id).where(Service.key == change.service_key)):
            raise ValidationError(f"{change.service_key!r} is in the directory already")
        fields = {k: v for k, v in values.items() if k not in NOT_OFFERED - {"key"}}
        service = create_service(session, actor, fields)
        change.service_id = service.id
    else:
        service = session.get_one(Service, change.service_id)
        fields = {name: values[name] for name in change.fields if name not in NOT_OFFERED}
        service = update_service(session, actor, service.id, service.version, fields)
    _settle(change, actor, utc_now(), "accepted")
    session.flush()
    return service


def dismiss_feed_change(session: Session, actor: StaffMember | None, change_id: int) -> None:
    """Keep the directory as it is; the same offer from the feed is not raised again."""
    require(actor, Permission.EDIT_DIRECTORY)
    _settle(_waiting_change(session, change_id), actor, utc_now(), "dismissed")
    session.flush()


Reader = Callable[[str], FeedRead]


def refresh_due_feeds(
    database: Database, actor_id: int | None, read: Reader, now: datetime
) -> list[RefreshResult]:
    """Read every due feed and queue what it offers, each feed in its own transaction, acting
    for ``actor_id`` or else for the manager who added the feed. A feed that cannot be read
    is noted and stays due; the others go on."""
    with database.unit_of_work() as session:
        due = [(f.id, f.url, f.added_by_id) for f in due_feeds(session, now)]
    results = []
    for feed_id, url, added_by_id in due:
        who = actor_id if actor_id is not None else added_by_id
        try:
            results.append(_refresh_one(database, (who, feed_id, url), read, now))
        except PermissionDeniedError as exc:
            results.append(RefreshResult(url, failed=f"{exc}; refresh it as a manager (--as)"))
    return results


def _refresh_one(
    database: Database, feed: tuple[int | None, int, str], read: Reader, now: datetime
) -> RefreshResult:
    """One feed: ``feed`` is (who acts, the feed's id, its address)."""
    who, feed_id, url = feed
    with database.unit_of_work() as session:
        require(_actor(session, who), Permission.EDIT_DIRECTORY)
    try:
        fetched = read(url)
    except SignpostingError as exc:
        message = str(exc)
    except Exception as exc:  # a fault of this feed's alone: noted, and the rest go on
        log.exception("refreshing feed %s failed", url)
        message = f"unexpected failure: {exc or type(exc).__name__}"
    else:
        with database.unit_of_work() as session:
            actor = _actor(session, who)
            session.info["actor"] = actor
            return record_refresh(session, actor, feed_id, fetched, now)
    with database.unit_of_work() as session:
        record_refresh_failure(session, _actor(session, who), feed_id, message, now)
    return RefreshResult(url, failed=message)


def _actor(session: Session, staff_id: int | None) -> StaffMember | None:
    return session.get(StaffMember, staff_id) if staff_id is not None else None


def _open_for(feed_id: int) -> sa.Select[FeedChange]:
    return open_changes_query().where(FeedChange.feed_id == feed_id)


def _close_verified(session: Session, feed_id: int, now: datetime) -> None:
    """Changes whose service was verified in the review queue: kept as it is."""
    query = (
        sa.select(FeedChange)
        .join(ServiceFlag, FeedChange.flag_id == ServiceFlag.id)
        .where(
            FeedChange.feed_id == feed_id,
            FeedChange.resolved_at.is_(None),
            ServiceFlag.resolved_at.is_not(None),
        )
    )
    for change in session.scalars(query):
        change.resolved_at, change.outcome = now, "kept as verified"
        change.resolved_by_id = change.flag.resolved_by_id if change.flag else None


def _last_settled(session: Session, feed_id: int) -> dict[str, FeedChange]:
    query = (
        sa.select(FeedChange)
        .where(FeedChange.feed_id == feed_id, FeedChange.resolved_at.is_not(None))
        .order_by(FeedChange.resolved_at, FeedChange.id)
    )
    return {change.service_key: change for change in session.scalars(query)}


def _waiting_change(session: Session, change_id: int) -> FeedChange:
    change = session.get(FeedChange, change_id)
    if change is None:
        raise NotFoundError(f"no feed change {change_id}: `directory feed changes` lists them")
    if change.resolved_at is not None:
        raise ValidationError(f"feed change {change_id} was {change.outcome} already")
    return change


def _settle(change: FeedChange, actor: StaffMember | None, now: datetime, outcome: str) -> None:
    change.resolved_at, change.outcome = now, outcome
    change.resolved_by_id = actor.id if actor else None
    if change.flag is not None and change.flag.resolved_at is None:
        change.flag.resolved_at = now
        change.flag.resolved_by_id = change.resolved_by_id


def _plain(values: dict[str, Any]) -> dict[str, Any]:
    """Values as JSON keeps them (dates as ISO text), so an offer compares with a stored one."""
    return dict(json.loads(json.dumps(normalised(values), default=str)))


def _same(stored: dict[str, Any], values: dict[str, Any]) -> bool:
    return json.dumps(stored, sort_keys=True) == json.dumps(values, sort_keys=True)


def _flag_comment(url: str, change: FeedChange, row: Service) -> str:
    offered = change.offered
    described = []
    for name in change.fields:
        value, now = offered.get(name), getattr(row, name)
        if isinstance(value, (str, int)) and len(str(value)) <= 80 and name != "description":
            described.append(f"{name.replace('_', ' ')} {value!r} (now {_short(now)})")
        else:
            described.append(f"{name.replace('_', ' ')}")
    text = (
        f"The feed {urlsplit(url).hostname} offers a change to {'; '.join(described)}. "
        "Accept it under 'Offered by directory feeds' below (or `signposting directory feed "
        f"accept {change.id}`); verifying keeps the entry as it is."
    )
    return text if len(text) <= MAX_COMMENT else f"{text[: MAX_COMMENT - 1]}…"


def _short(value: Any) -> str:
    text = repr(getattr(value, "value", value))
    return text if len(text) <= 60 else f"{text[:57]}…"
