"""Reading import files within the limits: bounded reads, CSV and JSON that cannot crash the
reader, and data package paths kept inside the package folder."""

from __future__ import annotations

import csv
import io
import json
import stat
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from signposting.directory.io.limits import MAX_FIELD_CHARS, MAX_JSON_DEPTH, MAX_ROWS
from signposting.directory.io.model import Problem

MEGABYTE = 1024 * 1024
TOO_LONG = f"a cell is longer than {MAX_FIELD_CHARS} characters"


def read_text(path: Path, name: str, limit: int, problems: list[Problem]) -> str | None:
    """The UTF-8 text of a regular file of at most ``limit`` bytes, or None with a problem."""
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
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(
            Problem(name, 0, "", f"not UTF-8 text (byte {exc.start}): save it as UTF-8")
        )
        return None


def csv_rows(text: str, file: str, problems: list[Problem]) -> list[list[str]]:
    """Every non-blank record of CSV text (the header first), or none with a problem."""
    reader = csv.reader(io.StringIO(text, newline=""))
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
