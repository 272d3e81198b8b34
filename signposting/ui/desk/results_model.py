"""The ranked services as a Qt list model."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import QApplication

from signposting.search.engine import ServiceMatch

Index = QModelIndex | QPersistentModelIndex
MatchRole = Qt.ItemDataRole.UserRole + 1


def state_text(match: ServiceMatch) -> str:
    """Whether the caller can use it, and if so whether it is open: a service that is only
    closed right now is not called unsuitable ("Closed now: opens 08:30")."""
    eligibility = match.eligibility
    if not eligibility.fits:
        return f"Not suitable: {eligibility.fit_reason}"
    if eligibility.closed_now:
        return "Closed now" + eligibility.opening.removeprefix("Closed")
    return f"Suitable · {eligibility.opening}"


class ServiceResultsModel(QAbstractListModel):
    """One row per matched service: its name, and whether and why it suits this caller."""

    def __init__(self) -> None:
        super().__init__()
        self._matches: list[ServiceMatch] = []

    def set_matches(self, matches: list[ServiceMatch]) -> None:
        self.beginResetModel()
        self._matches = list(matches)
        self.endResetModel()

    def match_at(self, row: int) -> ServiceMatch | None:
        return self._matches[row] if 0 <= row < len(self._matches) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self._matches)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._matches):
            return None
        match = self._matches[index.row()]
        eligibility = match.eligibility
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{match.entry.name}\n{state_text(match)}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{match.entry.name}. {state_text(match)}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return eligibility.reason or eligibility.opening
        if role == Qt.ItemDataRole.ForegroundRole and eligibility.blocking:
            return QBrush(QApplication.palette().color(QPalette.ColorRole.PlaceholderText))
        if role == MatchRole:
            return match
        return None
