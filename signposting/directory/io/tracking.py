"""Which fields of an Open Referral file were read, so the preview can name every one ignored.

Readers take each field through ``FieldUse.take``; afterwards ``ignored_in`` walks the source
objects and names each non-empty field nobody took, as ``kind.field`` (``location.latitude``).
Identifiers and links between objects (``id``, ``…_id``) are structure, not content, and are
never listed.
"""

from __future__ import annotations

from typing import Any

#: The object kind held under each key, where the key's name does not say it plainly.
CHILD_KINDS = {
    "phones": "phone",
    "schedules": "schedule",
    "regular_schedules": "regular_schedule",
    "regular_schedule": "regular_schedule",
    "holiday_schedules": "holiday_schedule",
    "service_at_locations": "service_at_location",
    "addresses": "address",
    "physical_addresses": "physical_address",
    "postal_addresses": "postal_address",
    "attributes": "attribute",
    "contacts": "contact",
    "eligibilitys": "eligibility",
    "service_taxonomys": "service_taxonomy",
    "languages": "language",
    "service_areas": "service_area",
    "cost_options": "cost_option",
    "required_documents": "required_document",
    "fundings": "funding",
    "services": "service",
    "locations": "location",
    "accessibility": "accessibility",
    "accessibility_for_disabilities": "accessibility_for_disabilities",
}


def is_empty(value: Any) -> bool:
    return value is None or value in ("", [], {})


def is_structure(key: str) -> bool:
    """Identifiers and links: how objects hang together, not what they say."""
    return key == "id" or key.endswith("_id")


def child_kind(key: str) -> str:
    return CHILD_KINDS.get(key, key)


class FieldUse:
    """Records each (object, field) a reader took, and the fields it kept as notes."""

    def __init__(self) -> None:
        self._taken: set[tuple[int, str]] = set()
        self._keep: list[Any] = []  # the objects taken from, so their ids stay theirs
        self.noted: set[str] = set()

    def take(self, item: Any, key: str) -> Any:
        """``item[key]`` (None if absent or ``item`` is not an object), marked as read."""
        if not isinstance(item, dict):
            return None
        self._taken.add((id(item), key))
        self._keep.append(item)
        return item.get(key)

    def take_all(self, item: Any) -> None:
        """Mark every field of ``item`` as read (an object the project wrote itself)."""
        if isinstance(item, dict):
            for key in item:
                self.take(item, key)

    def note(self, kind: str, item: dict[str, Any], key: str) -> Any:
        """Take a field whose text is kept in the service's notes."""
        value = self.take(item, key)
        if not is_empty(value):
            self.noted.add(f"{kind}.{key}")
            self._take_within(value)
        return value

    def _take_within(self, value: Any) -> None:
        """Everything inside a field kept whole (its objects' fields) is read too."""
        for child in value if isinstance(value, list) else [value]:
            if isinstance(child, dict):
                self.take_all(child)
                for inner in child.values():
                    self._take_within(inner)

    def was_taken(self, item: Any, key: str) -> bool:
        return (id(item), key) in self._taken

    def ignored_in(self, item: Any, kind: str, found: set[str]) -> None:
        """Add to ``found`` each non-empty field of ``item`` (and of the children read) that
        was not taken."""
        if not isinstance(item, dict):
            return
        for key, value in item.items():
            if is_structure(key) or is_empty(value):
                continue
            if not self.was_taken(item, key):
                found.add(f"{kind}.{key}")
                continue
            children = value if isinstance(value, list) else [value]
            for child in children:
                if isinstance(child, dict):
                    self.ignored_in(child, child_kind(key), found)
