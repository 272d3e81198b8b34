"""A list with columns: one row per thing, each part of it in its own column sized to what it
holds, the whole row in a line for messages (and in each cell's tooltip)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QHeaderView, QStyle, QTreeWidget, QTreeWidgetItem, QWidget

from signposting.ui.manage.columns import WIDEST

ID_ROLE = Qt.ItemDataRole.UserRole + 1
#: No column is narrower than this, so a short heading and a few letters always show.
NARROWEST = 64
#: Room beyond a column's contents, so its text does not run into the next column.
SPARE = 12


class Row(QTreeWidgetItem):
    """One row: its cells, and the whole row in a line (``text()`` with no column)."""

    def __init__(self, cells: Sequence[str], whole: str) -> None:
        super().__init__(list(cells))
        self.whole = whole

    def text(self, column: int | None = None) -> str:
        return self.whole if column is None else super().text(column)


class ColumnList(QTreeWidget):
    """Rows under column headings, one chosen at a time, with a list's ways (``count``,
    ``item``, ``setCurrentRow``, ``currentRowChanged``). Column ``stretch`` (the last unless
    said) takes the spare width, eliding what does not fit; the others fit their contents,
    between ``NARROWEST`` and ``WIDEST``."""

    currentRowChanged = Signal(int)  # noqa: N815 - a list's name for it

    def __init__(
        self,
        headings: Sequence[str],
        name: str,
        parent: QWidget | None = None,
        *,
        stretch: int = -1,
    ) -> None:
        super().__init__(parent)
        self.setColumnCount(len(headings))
        self.setHeaderLabels(list(headings))
        self.setAccessibleName(name)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAllColumnsShowFocus(True)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.stretch = stretch % len(headings)
        header = self.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(NARROWEST)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(self.stretch, QHeaderView.ResizeMode.Stretch)
        self.currentItemChanged.connect(self._current_changed)

    def add_row(
        self,
        cells: Sequence[str],
        whole: str,
        data: object,
        tooltips: Sequence[str | None] = (),
    ) -> Row:
        """A row of ``cells``; each cell's tooltip is its entry in ``tooltips`` (if any), else
        the whole row."""
        row = Row(cells, whole)
        row.setData(0, ID_ROLE, data)
        for column in range(len(cells)):
            tip = tooltips[column] if column < len(tooltips) else None
            row.setToolTip(column, tip or whole)
        self.addTopLevelItem(row)
        return row

    def fit_columns(self) -> None:
        """Each column but the stretching one as wide as its heading and every row's text (all
        rows, not only those in view), within limits."""
        metrics = self.fontMetrics()
        margin = 2 * (self.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
        rows = [self.item(row) for row in range(self.count())]
        for column in range(self.columnCount()):
            if column == self.stretch:
                continue
            texts = (metrics.horizontalAdvance(row.text(column)) + margin for row in rows)
            width = max([self.header().sectionSizeHint(column), *texts]) + SPARE
            self.setColumnWidth(column, max(NARROWEST, min(width, WIDEST)))

    def count(self) -> int:
        return self.topLevelItemCount()

    def item(self, row: int) -> Row:
        found = self.topLevelItem(row)
        if not isinstance(found, Row):
            raise IndexError(row)
        return found

    def currentRow(self) -> int:  # noqa: N802 - a list's name for it
        current = self.currentItem()
        return -1 if current is None else self.indexOfTopLevelItem(current)

    def setCurrentRow(self, row: int) -> None:  # noqa: N802 - a list's name for it
        found = self.topLevelItem(row)
        if found is None:
            self.setCurrentIndex(QModelIndex())
        else:
            self.setCurrentItem(found)

    def current_data(self) -> object:
        current = self.currentItem()
        return None if current is None else current.data(0, ID_ROLE)

    def _current_changed(self, *_: QTreeWidgetItem | None) -> None:
        self.currentRowChanged.emit(self.currentRow())
