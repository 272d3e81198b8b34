"""What reading a directory file found besides its services: the fields it ignored, what it
kept in notes, what the manager should know, and whether the file is one page of several."""

from __future__ import annotations

from dataclasses import dataclass, field

from signposting.directory.io.model import Problem, ServiceData

#: Most names listed on one preview line before "and N more".
LISTED_NAMES = 40


@dataclass(frozen=True)
class ListPage:
    """One page of a paginated list (an API's ``/services`` page)."""

    page_number: int
    total_pages: int
    total_items: int | None = None
    size: int | None = None

    def describe(self) -> str:
        items = f" ({self.size} of {self.total_items} services)" if self.total_items else ""
        return f"page {self.page_number} of {self.total_pages}{items}"


@dataclass
class DirectoryRead:
    """Services read from a file, with everything the preview must say about the reading."""

    services: list[ServiceData] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Fields with content that have no place in the directory, as ``kind.field``.
    ignored: list[str] = field(default_factory=list)
    #: Fields with no field of their own whose text was kept in the service's notes.
    kept_in_notes: list[str] = field(default_factory=list)
    #: Things the manager should know: converted times, schedules kept as notes, …
    notices: list[str] = field(default_factory=list)
    #: Set when the file is one page of a longer list: never the whole directory.
    page: ListPage | None = None

    @property
    def partial(self) -> bool:
        """Whether the file holds only part of a directory (so must not retire the rest)."""
        return self.page is not None

    def preview_lines(self) -> list[str]:
        """Lines for the import preview, the most important first."""
        lines = []
        if self.page is not None:
            lines.append(
                f"this file is {self.page.describe()} of a longer list, not the whole directory"
            )
        if self.ignored:
            lines.append(f"ignored: {_names(self.ignored)}")
        if self.kept_in_notes:
            lines.append(f"kept in the service notes: {_names(self.kept_in_notes)}")
        lines += self.notices
        # A field name in JSON may hold a lone surrogate ("\ud800"), which no output can write.
        return [line.encode("utf-8", "backslashreplace").decode("utf-8") for line in lines]


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:LISTED_NAMES])
    more = len(names) - LISTED_NAMES
    return f"{shown} and {more} more" if more > 0 else shown
