"""Table columns sized to what they hold, one of them taking the spare width, and the widths a
manager drags kept between openings of the window."""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QHeaderView, QTableWidget

from signposting.config import data_directory

#: A column sized to its contents is never wider than this, so one long cell cannot push the
#: stretching column off the screen; the cell's tooltip holds the whole text.
WIDEST = 360


def layout_settings() -> QSettings:
    """Where window layout (column widths) is kept: beside the user's other Signposting data."""
    path = data_directory() / "window-layout.ini"
    return QSettings(str(path), QSettings.Format.IniFormat)


class RememberedColumns:
    """Column ``stretch`` fills the table's width; the others start at their contents' width
    (at most ``WIDEST``) and, once a manager drags one, open at that width next time."""

    def __init__(self, table: QTableWidget, key: str, *, stretch: int) -> None:
        self.table, self.key, self.stretch = table, f"columns/{key}", stretch
        self.fitted = False
        self.sizing = False  # set while the program, not a manager, sizes the columns
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(48)
        for column in range(table.columnCount()):
            mode = QHeaderView.ResizeMode.Stretch if column == stretch else None
            header.setSectionResizeMode(column, mode or QHeaderView.ResizeMode.Interactive)
        header.sectionResized.connect(self._resized)

    def saved(self) -> dict[int, int]:
        """The widths kept from an earlier opening, by column (only sensible ones)."""
        value = layout_settings().value(self.key, "")
        widths: dict[int, int] = {}
        for part in str(value or "").split(","):
            column, _, width = part.partition(":")
            if column.isdigit() and width.isdigit() and int(column) < self.table.columnCount():
                widths[int(column)] = max(48, min(int(width), 2000))
        return widths

    def fit(self) -> None:
        """Size the columns once the first rows are in: kept widths first, else the contents."""
        if self.fitted or self.table.rowCount() == 0:
            return
        self.fitted = True
        kept = self.saved()
        self.sizing = True  # sizing from contents is not a manager's choice to keep
        try:
            for column in range(self.table.columnCount()):
                if column == self.stretch:
                    continue
                if column in kept:
                    self.table.setColumnWidth(column, kept[column])
                else:
                    self.table.resizeColumnToContents(column)
                    width = self.table.columnWidth(column)
                    self.table.setColumnWidth(column, min(width, WIDEST))
        finally:
            self.sizing = False

    def _resized(self, column: int, _old: int, _new: int) -> None:
        if column == self.stretch or not self.fitted or self.sizing:
            return
        widths = ",".join(
            f"{c}:{self.table.columnWidth(c)}"
            for c in range(self.table.columnCount())
            if c != self.stretch
        )
        settings = layout_settings()
        settings.setValue(self.key, widths)
        settings.sync()
