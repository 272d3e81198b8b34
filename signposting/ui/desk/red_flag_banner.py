"""The red-flag banner: above everything, in words to read aloud, one click to record."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from signposting.search.entries import RedFlagEntry

BANNER_STYLE = """
QFrame#redFlagBanner { background-color: #a50e0e; border: 3px solid #000000; }
QFrame#redFlagBanner QLabel { color: #ffffff; }
QFrame#redFlagBanner QPushButton { background-color: #ffffff; color: #000000;
    font-weight: bold; padding: 6px 12px; border: 2px solid #000000; }
QFrame#redFlagBanner QPushButton:focus { border: 3px solid #ffd400; }
"""


class RedFlagBanner(QFrame):
    """Shows every red flag raised, most urgent first; hidden when there is none."""

    escalation_requested = Signal(object)  # RedFlagEntry

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("redFlagBanner")
        self.setStyleSheet(BANNER_STYLE)
        self.setAccessibleName("Red flag")
        self.flags: list[RedFlagEntry] = []
        self.action_label = QLabel()
        self.action_label.setWordWrap(True)
        self.action_label.setAccessibleName("Red flag action")
        font = self.action_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.action_label.setFont(font)
        self.script_label = QLabel()
        self.script_label.setWordWrap(True)
        self.script_label.setAccessibleName("Red flag script")
        script_font = self.script_label.font()
        script_font.setPointSizeF(script_font.pointSizeF() * 1.2)
        self.script_label.setFont(script_font)
        self.heard_label = QLabel()
        self.others_label = QLabel()
        self.others_label.setWordWrap(True)
        self.record_button = QPushButton("Record escalation (Ctrl+E)")
        self.record_button.setAccessibleName("Record red-flag escalation")
        self.record_button.clicked.connect(self._record_first)
        text = QVBoxLayout()
        text.addWidget(self.action_label)
        text.addWidget(self.script_label)
        text.addWidget(self.heard_label)
        text.addWidget(self.others_label)
        layout = QHBoxLayout(self)
        layout.addLayout(text, stretch=1)
        layout.addWidget(self.record_button, alignment=Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_flags(self, flags: list[RedFlagEntry], heard: str = "") -> None:
        """Show these flags (already most urgent first), or hide the banner if none."""
        self.flags = list(flags)
        if not self.flags:
            self.hide()
            return
        first = self.flags[0]
        signed = "" if first.signed_off else "  (protocol not yet signed off by a clinician)"
        self.action_label.setText(first.action.upper() if first.urgency.rank == 0 else first.action)
        self.script_label.setText(f"Say: {first.script}")
        self.heard_label.setText(
            f"Heard: \u201c{heard}\u201d · {first.title}{signed}" if heard else first.title
        )
        others = [f"{flag.action} ({flag.title})" for flag in self.flags[1:]]
        self.others_label.setText("Also: " + "; ".join(others) if others else "")
        self.others_label.setVisible(bool(others))
        self.show()

    @property
    def first(self) -> RedFlagEntry | None:
        return self.flags[0] if self.flags else None

    def _record_first(self) -> None:
        if self.first is not None:
            self.escalation_requested.emit(self.first)
