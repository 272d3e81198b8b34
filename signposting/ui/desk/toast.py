"""A confirmation that stays for a few seconds with an Undo button."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

UNDO_SECONDS = 8


class Toast(QFrame):
    """'Recorded: …  [Undo (Ctrl+Z)]', hidden again after ``UNDO_SECONDS``."""

    undo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("toast")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "QFrame#toast { background-color: #0b5d1e; } QFrame#toast QLabel { color: #ffffff; }"
        )
        self.message = QLabel()
        self.message.setWordWrap(True)  # a long service name wraps rather than widen the desk
        self.message.setAccessibleName("Confirmation")
        self.undo_button = QPushButton("Undo (Ctrl+Z)")
        self.undo_button.setAccessibleName("Undo last record")
        self.undo_button.clicked.connect(self.undo_requested)
        layout = QHBoxLayout(self)
        layout.addWidget(self.message, stretch=1)
        layout.addWidget(self.undo_button)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.hide)
        self.hide()

    def show_message(self, text: str, *, undoable: bool) -> None:
        self.message.setText(text)
        self.undo_button.setVisible(undoable)
        self.show()
        self.timer.start(UNDO_SECONDS * 1000)

    @property
    def can_undo(self) -> bool:
        return self.isVisible() and self.undo_button.isVisible()
