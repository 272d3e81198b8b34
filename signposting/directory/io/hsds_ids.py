"""Stable identifiers for exported Open Referral objects.

HSDS 3.0 wants every object's ``id`` to be a UUID. Each is a version 5 UUID (a hash, not random)
of the project's fixed namespace, the practice's ODS code, the service's key and the object's
place, so exporting the same directory twice gives the same ids, and another system can follow
a service from one export to the next.
"""

from __future__ import annotations

import uuid

#: The project's namespace for version 5 UUIDs. Fixed for ever: changing it changes every id.
NAMESPACE = uuid.UUID("6f3c2a4e-93d1-5b7e-8c0a-5e1f2d9b4c71")


def object_id(practice: str, *path: str) -> str:
    """The UUID of the object at ``path`` (the service key, then the object's kind and number)
    in the practice's directory."""
    return str(uuid.uuid5(NAMESPACE, "/".join((practice, *path))))


def service_id(practice: str, key: str) -> str:
    return object_id(practice, "service", key)


def part_id(practice: str, key: str, kind: str, number: int = 0) -> str:
    """A service's phone, schedule, location, … numbered from 0 in the order written."""
    return object_id(practice, "service", key, kind, str(number))


def term_id(practice: str, vocabulary: str, name: str) -> str:
    """A taxonomy term, shared by every service that uses it."""
    return object_id(practice, "taxonomy_term", vocabulary, name)
