"""Open Referral JSON: HSDS 3.0 (one service, a list, or an API list page) and ORUK v1.

Reading recognises what a document is before reading it: a page of a paginated ``/services``
list says which page of how many it is (and so is never the whole directory), and a list of
organisations is refused unless its organisations carry their services. Writing gives an HSDS
3.0 list page holding every service (page 1 of 1), each object with a stable UUID.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from signposting.directory.io.files import load_json
from signposting.directory.io.hsds_parts import ServiceReader
from signposting.directory.io.hsds_read import from_hsds
from signposting.directory.io.hsds_write import EXTENSION, to_hsds
from signposting.directory.io.limits import MAX_ROWS
from signposting.directory.io.model import Problem, ServiceData
from signposting.directory.io.read_result import DirectoryRead, ListPage
from signposting.directory.io.tracking import FieldUse
from signposting.directory.opening import UK

__all__ = ["EXTENSION", "read_oruk_document", "read_oruk_json", "read_services", "write_oruk_json"]

#: Fields only an organisation has (HSDS 3.0 and ORUK v1): a service has ``url`` and ``status``.
ORGANIZATION_ONLY = {
    "website",
    "legal_status",
    "tax_status",
    "tax_id",
    "year_incorporated",
    "logo",
    "uri",
    "parent_organization_id",
    "organization_identifiers",
    "programs",
    "locations",
}
NOT_SERVICES = (
    "this is a list of organisations (an Open Referral /organizations response), not of "
    "services: export the /services list, or the organisations with their services"
)
MOST_NOTICES = 30


def today_in_uk() -> date:
    return datetime.now(UK).date()


def _count(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def list_page(document: dict[str, Any], size: int) -> ListPage | None:
    """The page a paginated list holds (HSDS 3.0 ``page_number``/``total_pages``… or ORUK v1
    ``number``/``totalPages``…), or None when it is the whole list."""
    number = _count(document.get("page_number", document.get("number")))
    pages = _count(document.get("total_pages", document.get("totalPages")))
    items = _count(document.get("total_items", document.get("totalElements")))
    first = document.get("first_page", document.get("first"))
    last = document.get("last_page", document.get("last"))
    whole = (pages is None or pages <= 1) and (items is None or items <= size)
    if whole and first is not False and last is not False:
        return None
    shown = 1 if number is None else number + 1 if number == 0 else number
    return ListPage(shown, pages or max(shown, 2), items, size)


def is_organization(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and "status" not in item
        and (bool(ORGANIZATION_ONLY & item.keys()) or isinstance(item.get("services"), list))
    )


def _services_of(items: Iterable[Any]) -> tuple[list[Any], int]:
    """Services, each organisation's nested ones in its place; and how many organisations
    came without any."""
    found: list[Any] = []
    bare = 0
    for item in items:
        if is_organization(item):
            nested = item.get("services")
            if isinstance(nested, list) and nested:
                organization = {k: v for k, v in item.items() if k != "services"}
                found += [
                    dict(s, organization=organization) if isinstance(s, dict) else s for s in nested
                ]
            else:
                bare += 1
                found.append(item)  # read_services names it as an organisation
        else:
            found.append(item)
    return found, bare


def document_services(document: Any) -> tuple[list[Any], ListPage | None, str]:
    """The service objects in a document, the page it is (if one of several), and why it
    cannot be read ("" when it can)."""
    page = None
    if isinstance(document, dict):
        for name in ("contents", "content", "services", "items"):
            if isinstance(document.get(name), list):
                items = document[name]
                if name in ("contents", "content"):
                    page = list_page(document, len(items))
                break
        else:
            items = [document] if "name" in document else []
    elif isinstance(document, list):
        items = document
    else:
        items = []
    services, bare = _services_of(items)
    if bare and bare == len(services):
        return [], None, NOT_SERVICES
    return services, page, ""


def read_services(
    items: list[Any],
    file: str,
    today: date,
    rows: list[int] | None = None,
    extension_places: dict[int, tuple[str, int]] | None = None,
) -> DirectoryRead:
    """Service objects (from JSON, or joined from a package's tables) read into a result with
    the fields nobody read, the notes kept and the notices; ``rows`` numbers them (1, 2, …
    by default)."""
    result, use = DirectoryRead(), FieldUse()
    numbers = rows or list(range(1, len(items) + 1))
    for number, item in zip(numbers, items, strict=True):
        reader = ServiceReader(file, number, result.problems, use, today)
        if is_organization(item):
            result.problems.append(Problem(file, number, "", "is an organisation, not a service"))
            continue
        place = (extension_places or {}).get(number)
        service = from_hsds(item, reader, place)
        result.notices += reader.notices
        if service is not None:
            result.services.append(service)
    ignored: set[str] = set()
    for item in items:
        use.ignored_in(item, "service", ignored)
    result.ignored = sorted(ignored)
    result.kept_in_notes = sorted(use.noted)
    result.notices = summarised(result.notices)
    return result


def summarised(notices: list[str]) -> list[str]:
    """Each notice once, at most ``MOST_NOTICES`` of them."""
    unique = list(dict.fromkeys(notices))
    if len(unique) <= MOST_NOTICES:
        return unique
    return [*unique[:MOST_NOTICES], f"(and {len(unique) - MOST_NOTICES} more such notes)"]


def read_oruk_document(text: str, file: str, *, today: date | None = None) -> DirectoryRead:
    """Read Open Referral JSON, with everything the preview must say about it."""
    problems: list[Problem] = []
    document = load_json(text, file, 0, problems)
    if problems:
        return DirectoryRead(problems=problems)
    items, page, refusal = document_services(document)
    if refusal:
        return DirectoryRead(problems=[Problem(file, 0, "", refusal)])
    if len(items) > MAX_ROWS:
        return DirectoryRead(problems=[Problem(file, 0, "", f"more than {MAX_ROWS} services")])
    if not items:
        message = (
            "no services found (expected an HSDS service, a list of services, an API page "
            "with 'contents', or organisations with their services)"
        )
        return DirectoryRead(problems=[Problem(file, 0, "", message)])
    result = read_services(items, file, today or today_in_uk())
    result.page = page
    return result


def read_oruk_json(text: str, file: str) -> tuple[list[ServiceData], list[Problem]]:
    """Services and problems from Open Referral JSON (see ``read_oruk_document``)."""
    result = read_oruk_document(text, file)
    return result.services, result.problems


def write_oruk_json(services: list[ServiceData], practice: str = "") -> str:
    """Every service as one HSDS 3.0 list page (page 1 of 1, so a reader knows it is whole)."""
    # Values stay as they are: JSON is read by programs, never opened as a spreadsheet, so no
    # formula can run from it. The CSV forms go through ``signposting.export.csv_safe``.
    page = {
        "total_items": len(services),
        "total_pages": 1,
        "page_number": 1,
        "size": len(services),
        "first_page": True,
        "last_page": True,
        "empty": not services,
        "contents": [to_hsds(service, practice) for service in services],
    }
    return json.dumps(page, ensure_ascii=False, indent=2, default=str)
