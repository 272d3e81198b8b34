"""The list of services beside the editor, with a filter box: type to narrow it by name,
category or status (Ctrl+F goes to the box, Esc empties it)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from signposting.domain import ServiceStatus
from signposting.labels import age_band_text, label

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCHED_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class ListedService:
    """What the list shows of a service, and what the filter looks through."""

    service_id: int
    name: str
    category: str
    status: ServiceStatus
    min_age: int | None = None
    max_age: int | None = None

    @property
    def text(self) -> str:
        if self.status is ServiceStatus.ACTIVE:
            return self.name
        return f"{self.name} ({label(self.status)})"

    @property
    def tooltip(self) -> str:
        return f"{self.category}: {label(self.status)}; {age_band_text(self.min_age, self.max_age)}"

    @property
    def searched(self) -> str:
        return f"{self.name} {self.category} {label(self.status)}".casefold()


def matches(searched: str, wanted: str) -> bool:
    """Every word typed is found somewhere in the name, category or status."""
    return all(word in searched for word in wanted.casefold().split())


class ServiceList(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = QLineEdit(placeholderText="Filter by name, category or status (Ctrl+F)")
        self.filter.setAccessibleName("Filter services")
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Services")
        # A long name wraps onto a second line rather than running off the side.
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.shown = QLabel()
        self.shown.setAccessibleName("Services shown")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, stretch=1)
        layout.addWidget(self.shown)
        self.filter.textChanged.connect(self.apply_filter)
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.setContext(Qt.ShortcutContext.WindowShortcut)  # only while this list is showing
        find.activated.connect(self.focus_filter)
        clear = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.filter)
        clear.setContext(Qt.ShortcutContext.WidgetShortcut)
        clear.activated.connect(self.filter.clear)

    def focus_filter(self) -> None:
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()

    def fill(self, services: list[ListedService], keep: int | None) -> None:
        """Replace the rows, keeping service ``keep`` current without announcing a change."""
        self.list.blockSignals(True)
        try:
            self.list.clear()
            for service in services:
                item = QListWidgetItem(service.text)
                item.setData(ID_ROLE, service.service_id)
                item.setData(SEARCHED_ROLE, service.searched)
                item.setToolTip(service.tooltip)
                self.list.addItem(item)
            self.select_quietly(keep)
        finally:
            self.list.blockSignals(False)
        self.apply_filter()

    def row_of(self, service_id: int | None) -> int:
        for row in range(self.list.count()):
            if self.list.item(row).data(ID_ROLE) == service_id:
                return row
        return -1

    def select_quietly(self, service_id: int | None) -> None:
        """Make ``service_id`` current again without loading it (after Cancel, say)."""
        blocked = self.list.blockSignals(True)
        try:
            self.list.setCurrentRow(self.row_of(service_id))
        finally:
            self.list.blockSignals(blocked)

    def apply_filter(self) -> None:
        wanted = self.filter.text()
        visible = 0
        for row in range(self.list.count()):
            item = self.list.item(row)
            hidden = not matches(str(item.data(SEARCHED_ROLE)), wanted)
            item.setHidden(hidden)
            visible += not hidden
        total = self.list.count()
        self.shown.setText(
            f"{visible} of {total} services" if wanted.strip() else f"{total} services"
        )

    def visible_names(self) -> list[str]:
        return [
            self.list.item(row).text()
            for row in range(self.list.count())
            if not self.list.item(row).isHidden()
        ]
