"""One thing wrong with an input file, located as precisely as the format allows."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """``row`` 0 means the file as a whole; ``column`` may be empty."""

    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row else "file"
        if self.column:
            where += f", column {self.column!r}"
        return f"{self.file}: {where}: {self.message}"
