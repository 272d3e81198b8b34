"""The desk's saved copy of the directory, so a desk can open and search while the database
server is unreachable. Written after each successful load; read only when the server is not."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.config import data_directory
from signposting.db.engine import Database
from signposting.db.models import Service, TrainingCopy
from signposting.directory.io.model import from_service
from signposting.directory.opening import usable_closures
from signposting.directory.sharing import hidden_services
from signposting.domain import ServiceStatus
from signposting.export.atomic import atomic_path
from signposting.redflags.changes import signed_off_changes
from signposting.redflags.thesaurus import Change, Thesaurus, shipped_thesaurus, with_changes
from signposting.search.entries import RedFlagEntry, ServiceEntry
from signposting.search.loader import practice_vocabulary, red_flag_entries

log = logging.getLogger(__name__)
FORMAT = 2


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


def take_snapshot(
    session: Session, practice_id: int, practice_name: str, staff: list[dict[str, Any]]
) -> Snapshot:
    services = []
    hidden = hidden_services(session, practice_id)
    query = sa.select(Service).where(Service.status != ServiceStatus.RETIRED)
    for service in session.scalars(query):
        if service.id in hidden:
            continue
        values = from_service(service).values
        values["id"] = service.id
        values["last_verified"] = (
            service.last_verified.isoformat() if service.last_verified else None
        )
        services.append(values)
    flags = [entry.to_json() for entry in red_flag_entries(session)]
    training = bool(session.scalar(sa.select(sa.func.count()).select_from(TrainingCopy)))
    thesaurus_changes = [change.to_json() for change in signed_off_changes(session)]
    return Snapshot(
        practice_id,
        practice_name,
        staff,
        services,
        flags,
        practice_vocabulary(session),
        training,
        thesaurus_changes,
    )


def write_snapshot(path: Path, snapshot: Snapshot) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as temporary:
        temporary.write_text(
            json.dumps({"format": FORMAT, **asdict(snapshot)}, default=str), "utf-8"
        )


def read_snapshot(path: Path) -> Snapshot | None:
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if data.pop("format", None) != FORMAT:
        return None
    return Snapshot(**data)
