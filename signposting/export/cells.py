"""Making every exported cell safe to open in a spreadsheet."""

from __future__ import annotations

#: A cell starting with one of these may be run as a formula by Excel, LibreOffice or Sheets.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """Prefix a would-be formula with an apostrophe so it shows as text (OWASP's advice)."""
    if value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
