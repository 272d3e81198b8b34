"""Plain snapshots of directory rows: what the search needs, safe to hand between threads."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from signposting.db.models import RedFlagProtocol
from signposting.domain import ServiceStatus, Urgency


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
    status: ServiceStatus = ServiceStatus.ACTIVE
    alert: str = ""
    opening_sessions: tuple[dict[str, Any], ...] = ()
    closures: tuple[dict[str, Any], ...] = ()
    access_methods: tuple[str, ...] = ()


@dataclass(frozen=True)
class RedFlagEntry:
    """The matchable parts of a red-flag protocol."""

    id: int
    title: str
    urgency: Urgency
    action: str
    phrases: tuple[str, ...] = ()
    symptoms: tuple[str, ...] = ()
    script: str = ""
    signed_off: bool = False
    key: str = field(default="")

    @classmethod
    def from_model(cls, protocol: RedFlagProtocol) -> RedFlagEntry:
        return cls(
            id=protocol.id,
            key=protocol.key,
            title=protocol.title,
            urgency=protocol.urgency,
            action=protocol.action,
            phrases=tuple(protocol.phrases),
            symptoms=tuple(protocol.symptoms),
            script=protocol.script,
            signed_off=protocol.is_signed_off,
        )
