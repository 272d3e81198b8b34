"""The feeds a directory refreshes from: adding, listing, removing, and which are due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.accounts.permissions import Permission, require
from signposting.db.models import DirectoryFeed, FeedChange, ServiceFlag, StaffMember
from signposting.directory.io.feed import services_url
from signposting.errors import NotFoundError, ValidationError

#: Longest time between refreshes a feed can have, in days.
MAX_EVERY_DAYS = 365


@dataclass(frozen=True)
class FeedSummary:
    """A feed as ``directory feed list`` shows it."""

    id: int
    url: str
    every_days: int
    added_by: str
    last_checked_at: datetime | None
    last_result: str
    last_failed: bool
    next_due: datetime | None
    open_changes: int


def add_feed(
    session: Session, actor: StaffMember | None, url: str, every_days: int
) -> DirectoryFeed:
    """Remember a feed to refresh every ``every_days`` days (its ``/services`` address)."""
    require(actor, Permission.EDIT_DIRECTORY)
    if not 1 <= every_days <= MAX_EVERY_DAYS:
        raise ValidationError(f"refresh every 1 to {MAX_EVERY_DAYS} days, not {every_days}")
    address = services_url(url)
    existing = session.scalar(sa.select(DirectoryFeed).where(DirectoryFeed.url == address))
    if existing is not None:
        raise ValidationError(f"{address} is already feed {existing.id}")
    feed = DirectoryFeed(
        url=address,
        every_days=every_days,
        added_by_id=actor.id if actor else None,
        last_result="",
        last_failed=False,
    )
    session.add(feed)
    session.flush()
    return feed


def remove_feed(session: Session, actor: StaffMember | None, feed_id: int) -> str:
    """Stop refreshing a feed; its waiting changes go with it (their flags stay in the queue,
    for a manager to verify). Returns its address."""
    require(actor, Permission.EDIT_DIRECTORY)
    feed = get_feed(session, feed_id)
    address = feed.url
    session.delete(feed)
    session.flush()
    return address


def get_feed(session: Session, feed_id: int) -> DirectoryFeed:
    feed = session.get(DirectoryFeed, feed_id)
    if feed is None:
        raise NotFoundError(f"no feed {feed_id}: `signposting directory feed list` shows them")
    return feed


def next_due(feed: DirectoryFeed) -> datetime | None:
    """When the feed is next due; None means now (never read, or the last refresh failed)."""
    if feed.last_checked_at is None or feed.last_failed:
        return None
    return feed.last_checked_at + timedelta(days=feed.every_days)


def due_feeds(session: Session, now: datetime) -> list[DirectoryFeed]:
    feeds = session.scalars(sa.select(DirectoryFeed).order_by(DirectoryFeed.id))
    return [feed for feed in feeds if (due := next_due(feed)) is None or due <= now]


def open_changes_query() -> sa.Select[FeedChange]:
    """Changes no one has settled: not accepted or dismissed, and the service not verified
    since (verifying it in the review queue keeps it as it is)."""
    return (
        sa.select(FeedChange)
        .outerjoin(ServiceFlag, FeedChange.flag_id == ServiceFlag.id)
        .where(FeedChange.resolved_at.is_(None), ServiceFlag.resolved_at.is_(None))
        .order_by(FeedChange.id)
    )


def list_feeds(session: Session) -> list[FeedSummary]:
    waiting: dict[int, int] = {}
    for change in session.scalars(open_changes_query()):
        waiting[change.feed_id] = waiting.get(change.feed_id, 0) + 1
    return [
        FeedSummary(
            feed.id,
            feed.url,
            feed.every_days,
            feed.added_by.name if feed.added_by else "nobody",
            feed.last_checked_at,
            feed.last_result,
            feed.last_failed,
            next_due(feed),
            waiting.get(feed.id, 0),
        )
        for feed in session.scalars(sa.select(DirectoryFeed).order_by(DirectoryFeed.id))
    ]
