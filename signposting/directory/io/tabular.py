"""Reading Open Referral tabular data packages: one CSV per object plus ``datapackage.json``.

Resources are found by their names in the descriptor, as the HSDS 3.0 specification's own
``datapackage.json`` names them (``service`` in ``services.csv``, ``phone``, ``schedule``,
``service_at_location`` …), or as ORUK v1 and the project's earlier exports named them; each
file is read from the path the descriptor gives, which must stay inside the package folder.
The tables are joined back into nested service objects and read as the JSON form is.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from signposting.directory.io.files import MEGABYTE, csv_rows, load_json, read_text, resource_path
from signposting.directory.io.limits import MAX_FILE_BYTES, MAX_PACKAGE_BYTES
from signposting.directory.io.model import Problem, ServiceData
from signposting.directory.io.oruk import read_services, today_in_uk
from signposting.directory.io.package_join import KNOWN, join_services
from signposting.directory.io.package_layout import canonical
from signposting.directory.io.read_result import DirectoryRead
from signposting.directory.io.tabular_write import write_package
from signposting.export.csv_safe import restore

__all__ = ["read_directory_package", "read_package", "write_package"]
DESCRIPTOR = "datapackage.json"
NO_SERVICES = (
    "no 'service' resource (expected a resource named 'service' with its file, as in the "
    'HSDS 3.0 datapackage.json: "name": "service", "path": "services.csv")'
)
Tables = dict[str, list[dict[str, str]]]


def _read_table(path: Path, problems: list[Problem]) -> list[dict[str, str]]:
    text = read_text(path, path.name, MAX_FILE_BYTES, problems)
    rows = csv_rows(text, path.name, problems) if text is not None else []
    if not rows:
        return []
    header = [restore(cell).strip() for cell in rows[0]]
    return [dict(zip(header, map(restore, row), strict=False)) for row in rows[1:]]


def _resource_paths(
    folder: Path, package: Any, problems: list[Problem]
) -> tuple[dict[str, Path], list[str]]:
    """Each known resource's file, confined to the package folder (problems name the field),
    and the names of the resources not read."""
    resources = package.get("resources") if isinstance(package, dict) else None
    if not isinstance(resources, list):
        problems.append(Problem(DESCRIPTOR, 0, "resources", "is not a list"))
        return {}, []
    paths: dict[str, Path] = {}
    unread: list[str] = []
    for index, resource in enumerate(resources):
        name = resource.get("name") if isinstance(resource, dict) else None
        if not isinstance(name, str):
            problems.append(Problem(DESCRIPTOR, 0, f"resources[{index}].name", "is not a name"))
            continue
        path = resource_path(folder, index, resource.get("path"), problems)
        if path is None:
            continue
        kind = canonical(name)
        if kind in KNOWN and kind not in paths:
            paths[kind] = path
        else:
            unread.append(f"{name} ({path.name})")
    return paths, unread


def _load_tables(
    folder: Path, problems: list[Problem]
) -> tuple[Tables, dict[str, Path], list[str]]:
    """Every table read here, within the limits; empty after any problem."""
    text = read_text(folder / DESCRIPTOR, DESCRIPTOR, MAX_FILE_BYTES, problems)
    package = load_json(text, DESCRIPTOR, 0, problems) if text is not None else None
    paths, unread = _resource_paths(folder, package, problems) if package is not None else ({}, [])
    if problems:
        return {}, {}, []
    if "service" not in paths:
        problems.append(Problem(DESCRIPTOR, 0, "", NO_SERVICES))
        return {}, {}, []
    missing = [name for name, path in paths.items() if not path.exists()]
    problems += [
        Problem(paths[name].name, 0, "", f"listed in {DESCRIPTOR} but missing") for name in missing
    ]
    total = sum(path.stat().st_size for name, path in paths.items() if name not in missing)
    if total > MAX_PACKAGE_BYTES:
        limit = MAX_PACKAGE_BYTES // MEGABYTE
        problems.append(Problem(DESCRIPTOR, 0, "", f"the package is over {limit} MB"))
    if problems:
        return {}, {}, []
    tables = {name: _read_table(path, problems) for name, path in paths.items()}
    return ({}, {}, []) if problems else (tables, paths, unread)


def read_directory_package(folder: Path, *, today: date | None = None) -> DirectoryRead:
    """Read a package folder (or its ``datapackage.json``), with what the preview must say."""
    folder = folder.parent if folder.name == DESCRIPTOR else folder
    problems: list[Problem] = []
    tables, paths, unread = _load_tables(folder, problems)
    if problems:
        return DirectoryRead(problems=problems)
    names = {kind: path.name for kind, path in paths.items()}
    joined = join_services(tables, names, problems)
    result = read_services(
        joined.items, names["service"], today or today_in_uk(), joined.rows, joined.extensions
    )
    result.problems[:0] = problems
    result.ignored += [f"resource {name}" for name in unread]
    result.ignored += joined.unlinked
    return result


def read_package(folder: Path) -> tuple[list[ServiceData], list[Problem]]:
    """Services and problems from a package (see ``read_directory_package``)."""
    result = read_directory_package(folder)
    return result.services, result.problems
