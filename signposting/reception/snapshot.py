"""The desk's saved copy of the directory, so a desk can open and search while the database
server is unreachable. Written after a successful load when the directory has changed since the
copy on disk (its fingerprint says so); read only when the server is not reachable."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.config import data_directory
from signposting.db.engine import Database
from signposting.db.models import Service, TrainingCopy
from signposting.directory.io.model import from_service
from signposting.directory.opening import usable_closures
from signposting.directory.queries import services_state
from signposting.directory.sharing import hidden_services
from signposting.domain import ServiceStatus
from signposting.export.atomic import atomic_path
from signposting.redflags.changes import signed_off_changes
from signposting.redflags.thesaurus import Change, Thesaurus, shipped_thesaurus, with_changes
from signposting.search.entries import RedFlagEntry, ServiceEntry
from signposting.search.loader import practice_vocabulary, red_flag_entries

log = logging.getLogger(__name__)
FORMAT = 3
#: Copies this version reads: format 2 is format 3 without the fingerprint.
READABLE_FORMATS = (2, 3)
_HEAD = re.compile(rb'^\{"format": 3, "fingerprint": "([0-9a-f]{64})"')


def snapshot_path(database: Database) -> Path:
    digest = hashlib.sha256(database.describe().encode()).hexdigest()[:16]
    return data_directory() / f"directory-copy-{digest}.json"


@dataclass
class Snapshot:
    practice_id: int
    practice_name: str
    staff: list[dict[str, Any]]
    services: list[dict[str, Any]]
    red_flags: list[dict[str, Any]]
    vocabulary: list[list[str]]
    #: Taken from a training copy: a desk opened on it offline still says TRAINING.
    training: bool = False
    #: The practice's signed-off red-flag thesaurus changes.
    thesaurus_changes: list[dict[str, Any]] = field(default_factory=list)
    #: What the directory looked like when the copy was taken (see ``copy_fingerprint``).
    fingerprint: str = ""

    def to_json(self) -> dict[str, Any]:
        """The copy as it is written, sharing (not copying) this copy's lists."""
        return {
            "format": FORMAT,
            "fingerprint": self.fingerprint,
            "practice_id": self.practice_id,
            "practice_name": self.practice_name,
            "staff": self.staff,
            "services": self.services,
            "red_flags": self.red_flags,
            "vocabulary": self.vocabulary,
            "training": self.training,
            "thesaurus_changes": self.thesaurus_changes,
        }

    def service_entries(self) -> list[ServiceEntry]:
        return [
            ServiceEntry(
                id=v["id"],
                name=v["name"],
                category=v["category"],
                keywords=tuple(v["keywords"]),
                conditions=tuple(v["conditions"]),
                description=v["description"] or "",
                min_age=v["min_age"],
                max_age=v["max_age"],
                exclusions=tuple(v["exclusions"]),
                eligibility_notes=v.get("eligibility_notes") or "",
                status=ServiceStatus(v["status"]),
                alert=v["alert"] or "",
                opening_sessions=tuple(v["opening_sessions"]),
                closures=tuple(usable_closures(v["closures"])),
                access_methods=tuple(v["access_methods"]),
            )
            for v in self.services
        ]

    def red_flag_entries(self) -> list[RedFlagEntry]:
        return [RedFlagEntry.from_json(flag) for flag in self.red_flags]

    def thesaurus(self) -> Thesaurus:
        changes = [Change.from_json(change) for change in self.thesaurus_changes]
        return with_changes(shipped_thesaurus(), changes)

    def service(self, service_id: int) -> dict[str, Any] | None:
        return next((v for v in self.services if v["id"] == service_id), None)


@dataclass(frozen=True)
class _Small:
    """The parts of a copy small enough to read whole when fingerprinting."""

    hidden: set[int]
    red_flags: list[dict[str, Any]]
    vocabulary: list[list[str]]
    training: bool
    thesaurus_changes: list[dict[str, Any]]


def _small_parts(session: Session, practice_id: int) -> _Small:
    return _Small(
        hidden_services(session, practice_id),
        [entry.to_json() for entry in red_flag_entries(session)],
        practice_vocabulary(session),
        bool(session.scalar(sa.select(sa.func.count()).select_from(TrainingCopy))),
        [change.to_json() for change in signed_off_changes(session)],
    )


def _fingerprint(
    session: Session,
    practice_id: int,
    practice_name: str,
    staff: list[dict[str, Any]],
    small: _Small,
) -> str:
    services = services_state(session)
    parts = [FORMAT, practice_id, practice_name, staff, services, sorted(small.hidden)]
    parts += [small.red_flags, small.vocabulary, small.training, small.thesaurus_changes]
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()


def copy_fingerprint(
    session: Session, practice_id: int, practice_name: str, staff: list[dict[str, Any]]
) -> str:
    """A digest of what a copy would hold: services by count, highest id, latest change and
    version total (as the directory watcher sees them); everything smaller by its content."""
    return _fingerprint(
        session, practice_id, practice_name, staff, _small_parts(session, practice_id)
    )


def take_snapshot(
    session: Session, practice_id: int, practice_name: str, staff: list[dict[str, Any]]
) -> Snapshot:
    small = _small_parts(session, practice_id)
    # Taken before the services are read: a change in between makes the next start rewrite.
    fingerprint = _fingerprint(session, practice_id, practice_name, staff, small)
    services = []
    query = sa.select(Service).where(Service.status != ServiceStatus.RETIRED)
    for service in session.scalars(query):
        if service.id in small.hidden:
            continue
        values = from_service(service).values
        values["id"] = service.id
        values["last_verified"] = (
            service.last_verified.isoformat() if service.last_verified else None
        )
        services.append(values)
    return Snapshot(
        practice_id,
        practice_name,
        staff,
        services,
        small.red_flags,
        small.vocabulary,
        small.training,
        small.thesaurus_changes,
        fingerprint,
    )


def write_snapshot(path: Path, snapshot: Snapshot) -> None:
    """Write the copy whole or not at all (a temporary file renamed into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as temporary:
        temporary.write_text(json.dumps(snapshot.to_json(), default=str), "utf-8")


def saved_fingerprint(path: Path) -> str | None:
    """The fingerprint of the copy at ``path``, read from its first line without parsing it."""
    try:
        with path.open("rb") as stream:
            match = _HEAD.match(stream.read(128))
    except OSError:
        return None
    return match.group(1).decode() if match else None


def read_snapshot(path: Path) -> Snapshot | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if data.pop("format", None) not in READABLE_FORMATS:
        return None
    return Snapshot(**data)
