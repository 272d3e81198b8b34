"""Plain snapshots of directory rows: what the search needs, safe to hand between threads."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from signposting.domain import ServiceStatus
from signposting.redflags.protocol import RedFlagEntry


@dataclass(frozen=True)
class ServiceEntry:
    """The searchable and checkable parts of a service."""

    id: int
    name: str
    category: str = ""
    keywords: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    description: str = ""
    min_age: int | None = None
    max_age: int | None = None
    exclusions: tuple[str, ...] = ()
    #: Who the service is for, in words ("Women aged 16 to 64 only.").
    eligibility_notes: str = ""
    status: ServiceStatus = ServiceStatus.ACTIVE
    alert: str = ""
    opening_sessions: tuple[dict[str, Any], ...] = ()
    closures: tuple[dict[str, Any], ...] = ()
    access_methods: tuple[str, ...] = ()


__all__ = ["RedFlagEntry", "ServiceEntry"]
