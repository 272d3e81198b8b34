"""Importing a directory file: read it whole, preview the effect, then apply it all or nothing."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.accounts.permissions import Permission, require
from signposting.db.audit_listener import record_bulk_creations
from signposting.db.base import utc_now
from signposting.db.models import Base, Practice, Service, StaffMember
from signposting.directory.io.excel import read_xlsx, write_xlsx
from signposting.directory.io.files import read_bytes, read_text
from signposting.directory.io.limits import (
    MAX_FILE_BYTES,
    RETIRE_WARNING_COUNT,
    RETIRE_WARNING_SHARE,
)
from signposting.directory.io.model import FIELDS, Problem, ServiceData, from_service, normalised
from signposting.directory.io.oruk import read_oruk_document, write_oruk_json
from signposting.directory.io.own_csv import read_csv_data, write_csv
from signposting.directory.io.read_result import DirectoryRead
from signposting.directory.io.service_checks import check_services
from signposting.directory.io.tabular import read_directory_package, write_package
from signposting.domain import ServiceStatus
from signposting.errors import ValidationError
from signposting.problems import InputProblemsError

log = logging.getLogger(__name__)
Progress = Callable[[int, int], None]
BATCH = 1000


class DirectoryImportError(InputProblemsError):
    """Every problem found, each with file, row and column; nothing was imported."""


def read_directory(path: Path, *, today: date | None = None) -> DirectoryRead:
    """A directory from ``.csv`` or ``.xlsx`` (the project's layout), ``.json`` (Open Referral:
    HSDS 3.0 or ORUK v1) or a data package folder / ``datapackage.json``, with what the preview
    must say (fields ignored, notes kept, a page of a longer list); raises with every problem
    found. ``today`` decides which schedules have ended (default: today in the UK)."""
    if path.is_dir() or path.name == "datapackage.json":
        result = read_directory_package(path, today=today)
    elif path.suffix.lower() in (".csv", ".xlsx"):
        problems: list[Problem] = []
        data = read_bytes(path, path.name, MAX_FILE_BYTES, problems)
        if data is None:
            raise DirectoryImportError(problems)
        read_sheet = read_xlsx if path.suffix.lower() == ".xlsx" else read_csv_data
        services, problems = read_sheet(data, path.name)
        result = DirectoryRead(services=services, problems=problems)
    elif path.suffix.lower() != ".json":
        raise DirectoryImportError(
            [Problem(path.name, 0, "", "expected .csv, .xlsx, .json or a data package folder")]
        )
    else:
        problems = []
        text = read_text(path, path.name, MAX_FILE_BYTES, problems)
        if text is None:
            raise DirectoryImportError(problems)
        result = read_oruk_document(text, path.name, today=today)
    own_layout = path.suffix.lower() in (".csv", ".xlsx")
    check_services(result.services, result.problems, path.name, "key" if own_layout else "id")
    if not result.services and not result.problems:
        result.problems.append(Problem(path.name, 0, "", "no services in the file"))
    if result.problems:
        raise DirectoryImportError(result.problems)
    return result


def read_directory_file(path: Path) -> list[ServiceData]:
    """The services of a directory file (see ``read_directory``); raises with every problem."""
    return read_directory(path).services


@dataclass
class ImportPreview:
    """What applying the file would do, before anything is changed."""

    new: list[ServiceData] = field(default_factory=list)
    changed: list[tuple[ServiceData, list[str]]] = field(default_factory=list)
    unchanged: int = 0
    to_retire: list[str] = field(default_factory=list)
    #: Services in use (not retired) before the import.
    current: int = 0

    def summary(self) -> str:
        return (
            f"{len(self.new)} new, {len(self.changed)} changed, {self.unchanged} unchanged, "
            f"{len(self.to_retire)} to retire"
        )

    @property
    def retires_many(self) -> bool:
        """Whether the import would retire more than a few services and more than a small
        share of those in use: the sign of a truncated or wrong file."""
        count = len(self.to_retire)
        return count > RETIRE_WARNING_COUNT and count > RETIRE_WARNING_SHARE * self.current

    def retire_warning(self) -> str:
        """A warning to show above the preview, or "" when the import retires few."""
        if not self.retires_many:
            return ""
        return (
            f"WARNING: this import would retire {len(self.to_retire)} of the {self.current} "
            "services in use. Is the file complete?"
        )


def preview_import(session: Session, services: list[ServiceData]) -> ImportPreview:
    current = {s.key: s for s in session.scalars(sa.select(Service))}
    result = ImportPreview()
    for service in services:
        existing = current.pop(service.key, None)
        if existing is None:
            result.new.append(service)
            continue
        before, after = normalised(from_service(existing).values), normalised(service.values)
        before["closures"] = existing.closures  # as stored: a malformed value is replaced
        differences = [name for name in FIELDS if before[name] != after[name]]
        if differences:
            result.changed.append((service, differences))
        else:
            result.unchanged += 1
    result.to_retire = sorted(
        s.name for s in current.values() if s.status is not ServiceStatus.RETIRED
    )
    result.current = sum(
        1 for s in session.scalars(sa.select(Service.status)) if s is not ServiceStatus.RETIRED
    )
    return result


def apply_import(
    session: Session,
    actor: StaffMember | None,
    services: list[ServiceData],
    *,
    retire_missing: bool = True,
    progress: Progress | None = None,
) -> ImportPreview:
    """Apply in the caller's transaction (so a failure leaves nothing half-imported)."""
    require(actor, Permission.EDIT_DIRECTORY)
    plan = preview_import(session, services)
    current = {s.key: s for s in session.scalars(sa.select(Service))}
    total = len(plan.new) + len(plan.changed)
    _insert_new(session, plan.new, progress, total)
    for done, (service, _fields) in enumerate(plan.changed, start=len(plan.new) + 1):
        values = normalised(service.values)
        row = current[service.key]
        for name in FIELDS:
            if name != "key":
                setattr(row, name, values[name])
        row.status = ServiceStatus(values["status"])
        if progress is not None and done % 500 == 0:
            progress(done, total)
    if retire_missing:
        keys = {s.key for s in services}
        for row in current.values():
            if row.key not in keys and row.status is not ServiceStatus.RETIRED:
                row.status = ServiceStatus.RETIRED
    session.flush()
    if progress is not None:
        progress(total, total)
    log.info("directory import: %s", plan.summary())
    return plan


def _insert_new(
    session: Session, new: list[ServiceData], progress: Progress | None, total: int
) -> None:
    """New services in bulk (one statement per batch), audited as if added one by one."""
    now = utc_now()
    for start in range(0, len(new), BATCH):
        batch = [normalised(service.values) for service in new[start : start + BATCH]]
        for values in batch:
            values.update(
                status=ServiceStatus(values["status"]),
                is_example=False,
                created_at=now,
                updated_at=now,
                version=1,
            )
        # Core executemany: no RETURNING per row, the ids are read back below.
        session.connection().execute(sa.insert(Base.metadata.tables["service"]), batch)
        keys = [values["key"] for values in batch]
        found = session.execute(sa.select(Service.key, Service.id).where(Service.key.in_(keys)))
        id_of: dict[str, int] = {row.key: row.id for row in found}
        record_bulk_creations(session, "service", [(id_of[v["key"]], v) for v in batch])
        if progress is not None:
            progress(min(start + BATCH, len(new)), total)


def export_directory(session: Session, path: Path, kind: str) -> int:
    """Write every service: ``csv`` or ``xlsx`` (the project's layout) or ``oruk`` (.json file,
    else a data package folder). Returns how many were written."""
    services = [from_service(s) for s in session.scalars(sa.select(Service).order_by(Service.key))]
    # The practice is part of every exported id (HSDS ids are UUIDs; see hsds_ids).
    practice = session.scalar(sa.select(Practice.ods_code).order_by(Practice.id).limit(1)) or ""
    if kind == "csv":
        path.write_text(write_csv(services), encoding="utf-8-sig", newline="")
    elif kind == "xlsx":
        write_xlsx(path, services)
    elif kind == "oruk" and path.suffix.lower() == ".json":
        path.write_text(write_oruk_json(services, practice), encoding="utf-8")
    elif kind == "oruk":
        write_package(path, services, practice)
    else:
        raise ValidationError(f"unknown format {kind!r}: use oruk, csv or xlsx")
    return len(services)
