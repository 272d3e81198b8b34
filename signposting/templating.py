"""Jinja2 environments for the HTML the toolkit renders (cards, printouts, reports)."""

from __future__ import annotations

import jinja2


def template_environment(package: str) -> jinja2.Environment:
    """Templates from ``package``'s ``templates`` folder, HTML-escaped, tidy whitespace."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
