"""``signposting directory import https://…`` (a live Open Referral UK feed) and
``directory feed add|list|refresh|changes|accept|dismiss|remove``.

A feed import adds and changes services and retires none unless ``--retire-missing`` says so.
Feeds refreshed on a schedule put what they offer in the review queue instead of applying it.
The feed modules (and their HTTP client) load only when a feed command runs.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from signposting.cli.common import open_database, out
from signposting.cli.staff_command import signed_in
from signposting.errors import ValidationError

PREVIEW_LINES = 20


def is_feed_address(text: str) -> bool:
    return text.strip().lower().startswith(("https://", "http://"))


def path_or_url(text: str) -> Path | str:
    """A feed's address as typed (a Path would fold its ``//``), else a file's path."""
    return text.strip() if is_feed_address(text) else Path(text)


def add_import_options(load: argparse.ArgumentParser) -> None:
    load.add_argument(
        "--retire-missing",
        action="store_true",
        help="feeds only: retire services the feed lacks (a feed import otherwise keeps them)",
    )


def import_from_feed(args: argparse.Namespace) -> int:
    """Fetch the whole feed, preview it, then apply it all or nothing."""
    from signposting.cli.directory_io_commands import _confirm_retiring  # noqa: PLC0415
    from signposting.directory.io.feed import keep_practice_fields, read_feed  # noqa: PLC0415
    from signposting.directory.io.feed_preview import (  # noqa: PLC0415
        feed_preview_lines,
        feed_retire_warning,
        feed_summary,
    )
    from signposting.directory.io.importer import apply_import, preview_import  # noqa: PLC0415

    if args.retire_missing and args.keep_missing:
        raise ValidationError("give --retire-missing or --keep-missing, not both")
    retire = bool(args.retire_missing)
    read = read_feed(str(args.file), progress=_progress_on_terminal)
    _end_progress_line()
    out(read.describe())
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            keep_practice_fields(session, read)
            plan = preview_import(session, read.services)
            out(feed_summary(plan, retire))
            for line in feed_preview_lines(plan, retire, limit=PREVIEW_LINES):
                out(f"  {line}")
            warning = feed_retire_warning(plan, retire)
            if warning:
                out(warning)
            if args.dry_run:
                out("dry run: nothing imported")
                return 0
            if warning and not args.allow_retiring:
                _confirm_retiring(len(plan.to_retire))
            if args.actor is None:
                raise ValidationError("say which manager is importing: --as NAME")
            actor = signed_in(session, args.actor)
            session.info["actor"] = actor
            apply_import(session, actor, read.services, retire_missing=retire)
        out("imported")
    finally:
        database.dispose()
    return 0


def _progress_on_terminal(progress: Any) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\r{progress.describe()}\x1b[K")
        sys.stderr.flush()


def _end_progress_line() -> None:
    if sys.stderr.isatty():
        sys.stderr.write("\n")


def register(actions: Any) -> None:
    feed = actions.add_parser("feed", help="live Open Referral UK feeds refreshed on a schedule")
    feed_actions = feed.add_subparsers(dest="feed_command", metavar="ACTION", required=True)
    add = feed_actions.add_parser("add", help="refresh from a feed every few days")
    add.add_argument("url", metavar="URL", help="the API's address or its /services address")
    add.add_argument("--every", type=int, required=True, metavar="DAYS")
    add.add_argument("--as", dest="actor", metavar="NAME", required=True)
    add.set_defaults(handler=_add)
    listing = feed_actions.add_parser("list", help="the feeds, when each is due, what it found")
    listing.set_defaults(handler=_list)
    refresh = feed_actions.add_parser(
        "refresh", help="read the feeds that are due; what they offer goes to the review queue"
    )
    refresh.add_argument(
        "--as",
        dest="actor",
        metavar="NAME",
        help="the manager refreshing (default: the manager who added each feed)",
    )
    refresh.set_defaults(handler=_refresh)
    changes = feed_actions.add_parser("changes", help="what the feeds offer, waiting for review")
    changes.set_defaults(handler=_changes)
    for name, what in (("accept", "apply what the feed offers"), ("dismiss", "keep it as it is")):
        settle = feed_actions.add_parser(name, help=f"{what} (a change from `feed changes`)")
        settle.add_argument("change", type=int, metavar="ID")
        settle.add_argument("--as", dest="actor", metavar="NAME", required=True)
        settle.set_defaults(handler=_settle, settle=name)
    remove = feed_actions.add_parser("remove", help="stop refreshing from a feed")
    remove.add_argument("feed", type=int, metavar="ID")
    remove.add_argument("--as", dest="actor", metavar="NAME", required=True)
    remove.set_defaults(handler=_remove)


def _add(args: argparse.Namespace) -> int:
    from signposting.directory.io.feed_store import add_feed  # noqa: PLC0415

    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            actor = signed_in(session, args.actor)
            session.info["actor"] = actor
            feed = add_feed(session, actor, args.url, args.every)
            out(f"feed {feed.id}: {feed.url}, refreshed every {feed.every_days} days")
    finally:
        database.dispose()
    return 0


def _list(args: argparse.Namespace) -> int:
    from signposting.directory.io.feed_store import list_feeds  # noqa: PLC0415

    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            feeds = list_feeds(session)
    finally:
        database.dispose()
    if not feeds:
        out("no feeds: `signposting directory feed add URL --every DAYS --as MANAGER` adds one")
    for feed in feeds:
        checked = f"{feed.last_checked_at:%d/%m/%Y %H:%M} UTC" if feed.last_checked_at else "never"
        due = f"{feed.next_due:%d/%m/%Y %H:%M} UTC" if feed.next_due else "now"
        out(f"{feed.id:>4}  {feed.url}  every {feed.every_days} days, added by {feed.added_by}")
        out(f"      last read {checked}; next due {due}; {feed.open_changes} waiting for review")
        if feed.last_result:
            out(f"      {'FAILED: ' if feed.last_failed else ''}{feed.last_result}")
    return 0


def _refresh(args: argparse.Namespace) -> int:
    from signposting.directory.io.feed import read_feed  # noqa: PLC0415
    from signposting.directory.io.feed_refresh import refresh_due_feeds  # noqa: PLC0415

    database = open_database(args)
    try:
        actor_id = None
        if args.actor is not None:
            with database.unit_of_work() as session:
                actor = signed_in(session, args.actor)
                actor_id = actor.id if actor else None
        results = refresh_due_feeds(database, actor_id, read_feed, datetime.now(UTC))
    finally:
        database.dispose()
    if not results:
        out("no feed is due")
    for result in results:
        out(f"{result.url}: {result.describe()}")
    return 1 if any(result.failed for result in results) else 0


def _changes(args: argparse.Namespace) -> int:
    from signposting.directory.io.feed_refresh import open_feed_changes  # noqa: PLC0415

    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            changes = open_feed_changes(session)
            lines = [
                f"{c.id:>5}  {c.kind.value}: {c.offered.get('name')} ({c.service_key})"
                + (f": {', '.join(c.fields)}" if c.fields else "")
                + f"  [feed {c.feed_id}]"
                for c in changes
            ]
    finally:
        database.dispose()
    if not lines:
        out("nothing waiting from the feeds")
    for line in lines:
        out(line)
    return 0


def _settle(args: argparse.Namespace) -> int:
    from signposting.directory.io.feed_refresh import (  # noqa: PLC0415
        accept_feed_change,
        dismiss_feed_change,
    )

    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            actor = signed_in(session, args.actor)
            session.info["actor"] = actor
            if args.settle == "accept":
                service = accept_feed_change(session, actor, args.change)
                out(f"accepted: {service.name} now has what the feed offers")
            else:
                dismiss_feed_change(session, actor, args.change)
                out(f"dismissed feed change {args.change}: the entry stays as it is")
    finally:
        database.dispose()
    return 0


def _remove(args: argparse.Namespace) -> int:
    from signposting.directory.io.feed_store import remove_feed  # noqa: PLC0415

    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            actor = signed_in(session, args.actor)
            session.info["actor"] = actor
            address = remove_feed(session, actor, args.feed)
    finally:
        database.dispose()
    out(f"removed feed {args.feed} ({address}); nothing in the directory changed")
    return 0
