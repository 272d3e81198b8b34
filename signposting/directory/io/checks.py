"""Turning raw text from a file into service values, collecting every problem with its place."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from signposting.directory import validation
from signposting.directory.io.model import Problem
from signposting.domain import AccessMethod, ServiceStatus

#: Longest problem message: a quoted value of thousands of characters is cut short.
MESSAGE_CHARS = 300


class RowChecker:
    """Checks one row's fields; problems are kept (with file, row, column) rather than raised."""

    def __init__(self, file: str, row: int, problems: list[Problem]) -> None:
        self.file, self.row, self.problems = file, row, problems

    def fail(self, column: str, message: str) -> None:
        short = message if len(message) <= MESSAGE_CHARS else f"{message[: MESSAGE_CHARS - 1]}…"
        self.problems.append(Problem(self.file, self.row, column, short))

    def apply(self, column: str, check: Callable[..., Any], *args: Any) -> Any:
        try:
            return check(*args)
        except validation.FieldError as exc:
            self.fail(column, str(exc))
        except (TypeError, AttributeError):
            self.fail(column, f"unexpected value {args[0]!r}" if args else "unexpected value")
        return None

    def required(self, column: str, value: Any) -> str:
        """A text that must not be blank, kept as it came: the CSV reader has trimmed its cells
        already, all but those whose apostrophe kept a leading tab or carriage return."""
        text = "" if value is None else str(value)
        if not text.strip():
            self.fail(column, "is empty")
            return ""
        return text

    def status(self, column: str, value: str) -> str:
        try:
            return ServiceStatus(value.strip() or "active").value
        except ValueError:
            self.fail(column, f"{value!r} is not active, temporarily_closed or retired")
            return "active"

    def access(self, column: str, values: list[str]) -> list[str]:
        kept = []
        for value in values:
            try:
                kept.append(AccessMethod(value).value)
            except ValueError:
                names = ", ".join(m.value for m in AccessMethod)
                self.fail(column, f"{value!r} is not one of {names}")
        return kept

    def ages(
        self, low_column: str, low: Any, high_column: str, high: Any
    ) -> tuple[int | None, int | None]:
        minimum = self.apply(low_column, validation.age, low)
        maximum = self.apply(high_column, validation.age, high)
        if minimum is not None and maximum is not None and minimum > maximum:
            self.fail(high_column, f"maximum age {maximum} is below the minimum {minimum}")
        return minimum, maximum
