"""The one CSV writer every export goes through: formula-safe cells in RFC 4180 text.

Dialect: comma separated; a field is quoted only if it holds a comma, a double quote, a
carriage return or a line feed, and a double quote inside it is doubled; every line, the last
too, ends with CRLF (as RFC 4180 and Excel expect). The encoding belongs to each export (the
records profiles offer UTF-8 with a BOM or Windows-1252, the directory CSV has a BOM, the Open
Referral UK package is plain UTF-8), so this module makes text and leaves bytes to its callers.

Formula safety follows OWASP's advice on CSV injection: a cell that a spreadsheet would read as
a formula is written with a leading apostrophe, which makes it text. Headers are cells like any
other. A cell is formula-like when

- it starts with a tab, a carriage return (OWASP) or a NUL (OWASP ASVS 1.2.10), or
- its first character that is not white space, a control or a format character (zero-width
  space, byte-order mark) is ``=``, ``+``, ``-`` or ``@``, or a full-width form of one (U+FF1D,
  U+FF0B, U+FF0D, U+FF20), a precaution for spreadsheets that fold full-width characters into
  plain ones. White space is looked past too: a spreadsheet or import step that trims cells
  would otherwise leave the trigger first.

A leading ``|`` or ``%`` starts no formula in Excel, LibreOffice or Google Sheets (a DDE payload
such as ``=cmd|' /C calc'!A0`` needs its ``=``), so they are left alone. A cell that already
starts with apostrophes before something formula-like gets one more, so ``restore`` (stripping
exactly one apostrophe, and only there) gives back every original cell: an export imports back
unchanged.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable

MARK = "'"
LINE_END = "\r\n"
#: Characters that make a formula of a cell when they are its first character to count.
FORMULA_TRIGGERS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
#: Characters that are dangerous as the very first character, whatever follows them.
LEADING_TRIGGERS = ("\t", "\r", "\0")
_NEEDS_QUOTES = (",", '"', "\r", "\n")
_SKIPPED_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet might read ``text``, as a whole cell, as a formula."""
    if text.startswith(LEADING_TRIGGERS):
        return True
    for char in text:
        if char in FORMULA_TRIGGERS:
            return True
        if unicodedata.category(char) not in _SKIPPED_CATEGORIES:
            return False
    return False


def neutralise(value: str) -> str:
    """``value`` with an apostrophe before it if it is formula-like (past any apostrophes)."""
    return MARK + value if is_formula_like(value.lstrip(MARK)) else value


def restore(cell: str) -> str:
    """Undo ``neutralise``: strip one leading apostrophe, only where one was added."""
    return cell[1:] if cell.startswith(MARK) and is_formula_like(cell.lstrip(MARK)) else cell


def csv_field(value: object) -> str:
    """One field as written: ``None`` as empty, formula-safe, quoted only where it must be."""
    text = neutralise("" if value is None else str(value))
    if any(mark in text for mark in _NEEDS_QUOTES):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_line(values: Iterable[object]) -> str:
    """One row as a CRLF-ended line of formula-safe fields."""
    fields = [csv_field(value) for value in values]
    if fields == [""]:  # a lone empty field is quoted, or the line would read as no row at all
        return '""' + LINE_END
    return ",".join(fields) + LINE_END


def csv_text(rows: Iterable[Iterable[object]]) -> str:
    """Rows (the header first) as CSV text; the only way this project writes a CSV."""
    return "".join(csv_line(row) for row in rows)


def read_rows(text: str) -> list[list[str]]:
    """CSV text as rows of cells with the writer's apostrophes taken off; blank lines skipped."""
    reader = csv.reader(io.StringIO(text, newline=""))
    return [[restore(cell) for cell in row] for row in reader if row]


def read_records(text: str) -> list[dict[str, str]]:
    """CSV text with a header row as one dict per row (a short row lacks the missing keys)."""
    rows = read_rows(text)
    if not rows:
        return []
    header = rows[0]
    return [dict(zip(header, row, strict=False)) for row in rows[1:]]
