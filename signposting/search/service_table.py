"""The services a search index holds, with the words and phrases each was indexed by.

Opened from a saved index, every service stays packed (a few hundred bytes) until it is first
asked for: a desk on 100,000 services unpacks the few dozen a search looks at, not all of them.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import cast

from signposting.domain import ServiceStatus
from signposting.search import safe_pickle
from signposting.search.entries import ServiceEntry

#: One service: the entry, the stems it was indexed by, and the stems of each of its phrases.
Row = tuple[ServiceEntry, frozenset[str], tuple[frozenset[str], ...]]


class ServiceTable(Mapping[int, ServiceEntry]):
    """Service id -> entry, with ``words`` and ``phrases`` beside each."""

    def __init__(self) -> None:
        self._rows: dict[int, Row] = {}
        self._packed: dict[int, bytes] = {}
        #: (category as written, status) -> service ids: browsing needs no service unpacked.
        self._grouped: dict[tuple[str, ServiceStatus], set[int]] = {}

    def put(
        self, entry: ServiceEntry, words: frozenset[str], phrases: list[frozenset[str]]
    ) -> None:
        self.discard(entry.id)
        self._rows[entry.id] = (entry, words, tuple(phrases))
        self._grouped.setdefault((entry.category, entry.status), set()).add(entry.id)

    def discard(self, service_id: int) -> frozenset[str]:
        """Forget a service; the words it was indexed by (none if it was not here)."""
        row = self._row(service_id)
        if row is None:
            return frozenset()
        del self._rows[service_id]
        group = (row[0].category, row[0].status)
        self._grouped[group].discard(service_id)
        if not self._grouped[group]:
            del self._grouped[group]
        return row[1]

    def groups(self) -> Iterator[tuple[str, ServiceStatus, frozenset[int]]]:
        """Each category as written with a status, and the services in it."""
        for (category, status), ids in self._grouped.items():
            yield category, status, frozenset(ids)

    def words(self, service_id: int) -> frozenset[str]:
        row = self._row(service_id)
        return row[1] if row is not None else frozenset()

    def phrases(self, service_id: int) -> tuple[frozenset[str], ...]:
        row = self._row(service_id)
        return row[2] if row is not None else ()

    def __getitem__(self, service_id: int) -> ServiceEntry:
        row = self._row(service_id)
        if row is None:
            raise KeyError(service_id)
        return row[0]

    def __contains__(self, service_id: object) -> bool:
        return service_id in self._rows or service_id in self._packed

    def __iter__(self) -> Iterator[int]:
        yield from list(self._rows)
        yield from list(self._packed)

    def __len__(self) -> int:
        return len(self._rows) + len(self._packed)

    def _row(self, service_id: int) -> Row | None:
        row = self._rows.get(service_id)
        if row is None:
            packed = self._packed.pop(service_id, None)
            if packed is None:
                return None
            row = self._rows[service_id] = _unpack(packed)
        return row

    def __getstate__(self) -> dict[str, object]:
        """Every service packed on its own (saved with a prebuilt index)."""
        packed = dict(self._packed)
        for service_id, row in self._rows.items():
            packed[service_id] = safe_pickle.dumps(row)
        return {"_rows": {}, "_packed": packed, "_grouped": self._grouped}


def _unpack(packed: bytes) -> Row:
    row = safe_pickle.loads(packed)
    if not (isinstance(row, tuple) and len(row) == 3 and isinstance(row[0], ServiceEntry)):
        raise ValueError("a saved service is not a service")
    return cast(Row, row)
