"""The checks every imported directory gets once read, whatever it came from (a file or a live
feed): each service's fields, then no id twice."""

from __future__ import annotations

from signposting.directory.io.model import Problem, ServiceData
from signposting.directory.io.values import check_service


def check_services(
    services: list[ServiceData], problems: list[Problem], file: str, id_column: str
) -> None:
    """Check and clean every service in place; add each problem found, located, and one for
    every id seen before (in ``file``, whose ``id_column`` holds the id)."""
    for service in services:
        check_service(service, problems)
    seen: dict[str, int] = {}
    for service in services:
        if service.key in seen:
            problems.append(
                Problem(
                    service.file or file,
                    service.row,
                    id_column,
                    f"duplicate id {service.key!r} (also row {seen[service.key]})",
                )
            )
        seen[service.key] = service.row
