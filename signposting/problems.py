"""One thing wrong with an input file, located as precisely as the format allows."""

from __future__ import annotations

from dataclasses import dataclass

from signposting.errors import ValidationError

MAX_LISTED = 25


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


class InputProblemsError(ValidationError):
    """Every problem found in an input, each located; nothing was changed."""

    def __init__(self, problems: list[Problem], what: str = "imported") -> None:
        self.problems = problems
        listed = "\n".join(str(p) for p in problems[:MAX_LISTED])
        more = f"\n(and {len(problems) - MAX_LISTED} more)" if len(problems) > MAX_LISTED else ""
        super().__init__(f"{len(problems)} problem(s), nothing {what}:\n{listed}{more}")
