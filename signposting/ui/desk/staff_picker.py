"""Choosing who is at the desk at the start of a shift (no password for receptionists)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from signposting.reception.session import StaffChoice

StaffId = int
STAFF_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class StaffPicker(QDialog):
    """A list of the practice's staff; Enter or double-click chooses."""

    def __init__(self, staff: list[StaffChoice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Who is at the desk?")
        self.list = QListWidget()
        self.list.setAccessibleName("Staff")
        for member in staff:
            item = QListWidgetItem(f"{member.name} ({member.role})")
            item.setData(STAFF_ID_ROLE, member.id)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(self.accept)
        self.list.itemActivated.connect(self.accept)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Choose your name for this shift:"))
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def chosen_id(self) -> StaffId | None:
        item = self.list.currentItem()
        return None if item is None else int(item.data(STAFF_ID_ROLE))
