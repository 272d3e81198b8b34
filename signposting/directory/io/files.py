"""Reading import files within the limits: bounded reads, CSV and JSON that cannot crash the
reader, and data package paths kept inside the package folder.

JSON and data packages are UTF-8 by their specifications (``read_text``). A CSV saved from a
spreadsheet may be UTF-8 with or without a byte-order mark, or Windows-1252 (Excel's "CSV (Comma
delimited)" on Windows), and separated by commas, semicolons (Excel where the decimal mark is a
comma) or tabs: ``decode_spreadsheet_text`` and ``sniff_delimiter`` tell which.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import stat
from collections.abc import Collection
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from signposting.directory.io.limits import MAX_FIELD_CHARS, MAX_JSON_DEPTH, MAX_ROWS
from signposting.directory.io.model import Problem

log = logging.getLogger(__name__)
MEGABYTE = 1024 * 1024
TOO_LONG = f"a cell is longer than {MAX_FIELD_CHARS} characters"
#: The delimiters a CSV import recognises; a file that shows none of them is read with commas.
DELIMITERS = ",;\t"
#: How much of a CSV the delimiter is guessed from (``csv.Sniffer`` slows on long samples).
SNIFF_CHARS = 8192
SAVE_AS_UTF8 = 'save it from the spreadsheet as "CSV UTF-8 (Comma delimited)"'
#: What a file starts with when it is not text at all, and what to tell the user.
NOT_TEXT = (
    (b"\xff\xfe", f'is UTF-16 text (a spreadsheet\'s "Unicode Text"): {SAVE_AS_UTF8}'),
    (b"\xfe\xff", f'is UTF-16 text (a spreadsheet\'s "Unicode Text"): {SAVE_AS_UTF8}'),
    (b"PK\x03\x04", "is a zip file, not text: an Excel workbook must be named .xlsx"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        f"is an Excel 97-2003 workbook (.xls), not text: {SAVE_AS_UTF8}",
    ),
)


def read_bytes(path: Path, name: str, limit: int, problems: list[Problem]) -> bytes | None:
    """The bytes of a regular file of at most ``limit`` bytes, or None with a problem."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            problems.append(Problem(name, 0, "", "is not a regular file"))
            return None
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as exc:
        problems.append(Problem(name, 0, "", f"cannot read: {exc.strerror}"))
        return None
    if len(data) > limit:
        problems.append(Problem(name, 0, "", f"is larger than {limit // MEGABYTE} MB"))
        return None
    return data


def read_text(path: Path, name: str, limit: int, problems: list[Problem]) -> str | None:
    """The UTF-8 text of a regular file of at most ``limit`` bytes, or None with a problem."""
    data = read_bytes(path, name, limit, problems)
    if data is None:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(
            Problem(name, 0, "", f"not UTF-8 text (byte {exc.start}): save it as UTF-8")
        )
        return None


def decode_spreadsheet_text(data: bytes, name: str, problems: list[Problem]) -> str | None:
    """Text as a spreadsheet saves it: UTF-8 (with or without a byte-order mark), else
    Windows-1252; anything else (UTF-16, a workbook, bytes neither can read) gets a problem."""
    for start, message in NOT_TEXT:
        if data.startswith(start):
            problems.append(Problem(name, 0, "", message))
            return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.append(
            Problem(
                name,
                0,
                "",
                f"not UTF-8 or Windows-1252 text (line {line}, byte {exc.start}): {SAVE_AS_UTF8}",
            )
        )
        return None
    log.info("%s: read as Windows-1252 (not UTF-8)", name)
    return text


def sniff_delimiter(text: str, expected: Collection[str] = ()) -> str:
    """The delimiter of CSV text, one of ``DELIMITERS``, as ``csv.Sniffer`` guesses it from the
    first lines (comma when it cannot tell). When the guess splits the header so that the
    ``expected`` column names are not all there but another delimiter finds them, that one wins:
    a header is the surest sign of how a file is separated."""
    sample = text[:SNIFF_CHARS]
    if len(text) > SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n") + 1]
    try:
        guess = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        guess = ","
    if expected:
        first_line = sample.lstrip("\ufeff").partition("\n")[0].rstrip("\r")

        def names(delimiter: str) -> set[str]:
            cells = next(csv.reader([first_line], delimiter=delimiter), [])
            return {cell.strip() for cell in cells}

        if not set(expected) <= names(guess):
            guess = next((d for d in DELIMITERS if set(expected) <= names(d)), guess)
    return guess


def csv_rows(
    text: str, file: str, problems: list[Problem], delimiter: str = ","
) -> list[list[str]]:
    """Every non-blank record of CSV text (the header first), or none with a problem."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    try:
        for row in reader:
            if len(rows) > MAX_ROWS:
                problems.append(Problem(file, 0, "", f"more than {MAX_ROWS} rows"))
                return []
            if row:
                rows.append(row)
    except csv.Error as exc:
        too_long = "field larger than field limit" in str(exc)
        message = TOO_LONG if too_long else f"not readable as CSV: {exc}"
        problems.append(Problem(file, reader.line_num, "", message))
        return []
    for number, row in enumerate(rows, start=1):
        if any(len(cell) > MAX_FIELD_CHARS for cell in row):
            problems.append(Problem(file, number, "", TOO_LONG))
            return []
    return rows


def load_json(text: str, file: str, row: int, problems: list[Problem]) -> Any:
    """A JSON document no deeper than ``MAX_JSON_DEPTH``, or None with a problem."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        problems.append(
            Problem(file, row or exc.lineno, "", f"not valid JSON: {exc.msg} (column {exc.colno})")
        )
        return None
    except RecursionError:
        problems.append(Problem(file, row, "", f"nested deeper than {MAX_JSON_DEPTH} levels"))
        return None
    except ValueError as exc:  # a number of thousands of digits
        problems.append(Problem(file, row, "", f"not valid JSON: {str(exc)[:120]}"))
        return None
    if _depth(document) > MAX_JSON_DEPTH:
        problems.append(Problem(file, row, "", f"nested deeper than {MAX_JSON_DEPTH} levels"))
        return None
    return document


def _depth(document: Any) -> int:
    deepest, waiting = 0, [(document, 1)]
    while waiting:
        value, depth = waiting.pop()
        deepest = max(deepest, depth)
        if deepest > MAX_JSON_DEPTH:
            break
        if isinstance(value, dict):
            waiting += [(child, depth + 1) for child in value.values()]
        elif isinstance(value, list):
            waiting += [(child, depth + 1) for child in value]
    return deepest


def resource_path(folder: Path, index: int, raw: Any, problems: list[Problem]) -> Path | None:
    """Where a package's resource lives: a regular file inside ``folder``, never elsewhere."""
    column = f"resources[{index}].path"

    def refuse(message: str) -> None:
        problems.append(Problem("datapackage.json", 0, column, f"{str(raw)[:80]!r}: {message}"))

    if not isinstance(raw, str) or not raw.strip() or "\x00" in raw:
        refuse("must be the name of one file in the package folder")
        return None
    windows = PureWindowsPath(raw)
    if PurePosixPath(raw).is_absolute() or windows.drive or windows.root:
        refuse("an absolute path: files must be inside the package folder")
        return None
    if ".." in PurePosixPath(raw).parts or ".." in windows.parts:
        refuse("goes outside the package folder ('..')")
        return None
    path = folder / raw
    try:
        inside = path.resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):
        inside = False
    if not inside:
        refuse("leads outside the package folder (a link?)")
        return None
    if path.exists() and not path.is_file():
        refuse("is not a regular file")
        return None
    return path
