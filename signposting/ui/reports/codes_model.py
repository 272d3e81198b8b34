"""Services and the practice's own codes, as an editable table."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from signposting.analysis.codes import CodeRow

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Service", "Suggested code", "Suggested term", "Practice code", "Practice term")
CODE_COLUMN, TERM_COLUMN = 3, 4


class ServiceCodesModel(QAbstractTableModel):
    """One row per service; the last two columns are edited and remembered until saved."""

    def __init__(self, rows: list[CodeRow]) -> None:
        super().__init__()
        self.rows = rows
        self.edits: dict[int, tuple[str, str]] = {}

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def current(self, row: int) -> tuple[str, str]:
        item = self.rows[row]
        return self.edits.get(item.service_id, (item.code, item.term))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return None
        item = self.rows[index.row()]
        code, term = self.current(index.row())
        return (item.service, item.directory_code, item.directory_term, code, term)[index.column()]

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() in (CODE_COLUMN, TERM_COLUMN):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or index.column() not in (CODE_COLUMN, TERM_COLUMN):
            return False
        if role != Qt.ItemDataRole.EditRole:
            return False
        code, term = self.current(index.row())
        text = str(value).strip()
        pair = (text, term) if index.column() == CODE_COLUMN else (code, text)
        self.edits[self.rows[index.row()].service_id] = pair
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole])
        return True

    def use_suggestion(self, row: int) -> None:
        """Copy the directory's suggested (checked) code into the practice's columns."""
        item = self.rows[row]
        if item.directory_code:
            self.edits[item.service_id] = (item.directory_code, item.directory_term)
            self.dataChanged.emit(self.index(row, CODE_COLUMN), self.index(row, TERM_COLUMN))
