"""The red-flag banner: above everything, in words to read aloud, one click to record; and the
quiet note for a red flag mentioned only as past history."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from signposting.redflags.recogniser import Flag
from signposting.search.entries import RedFlagEntry
from signposting.search.heard import heard_as_typed
from signposting.ui.desk.widgets import EnterButton

BANNER_STYLE = """
QFrame#redFlagBanner { background-color: #a50e0e; border: 3px solid #000000; }
QFrame#redFlagBanner QLabel { color: #ffffff; }
QFrame#redFlagBanner QPushButton { background-color: #ffffff; color: #000000;
    font-weight: bold; padding: 6px 12px; border: 2px solid #000000; }
QFrame#redFlagBanner QPushButton:focus { border: 3px solid #ffd400; }
"""


RECORD_TEXT = "Record escalation (Ctrl+E)"


class RedFlagBanner(QFrame):
    """Shows every red flag raised, most urgent first; hidden when there is none."""

    escalation_requested = Signal(object)  # RedFlagEntry

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("redFlagBanner")
        self.setStyleSheet(BANNER_STYLE)
        self.setAccessibleName("Red flag")
        self.flags: list[Flag] = []
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
        self.heard_label.setWordWrap(True)
        self.others_label = QLabel()
        self.others_label.setWordWrap(True)
        for label in (self.heard_label, self.others_label):
            label.setTextFormat(Qt.TextFormat.PlainText)  # they quote what was typed
        self.recorded = False
        self.record_button = EnterButton(RECORD_TEXT)
        self.record_button.setAccessibleName("Record red-flag escalation")
        self.record_button.clicked.connect(self._record_first)
        # The button beside the action, the script under both at the banner's full width: on
        # a narrow (or scaled) screen the script takes as few lines as it can.
        action = QHBoxLayout()
        action.addWidget(self.action_label, stretch=1)
        action.addWidget(self.record_button, alignment=Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        layout.addLayout(action)
        layout.addWidget(self.script_label)
        layout.addWidget(self.heard_label)
        layout.addWidget(self.others_label)
        self.hide()

    def show_flags(self, flags: list[Flag], typed: str = "") -> None:
        """Show these flags (already most urgent first), or hide the banner if none; what was
        heard is shown in the words as ``typed``."""
        same = [f.entry.id for f in flags] == [f.entry.id for f in self.flags]
        self.flags = list(flags)
        if not same:  # a recorded escalation stays recorded while the same flags show
            self.recorded = False
            self.record_button.setEnabled(True)
            self.record_button.setText(RECORD_TEXT)
        if not self.flags:
            self.hide()
            return
        first = self.flags[0]
        entry = first.entry
        signed = "" if entry.signed_off else "  (protocol not yet signed off by a clinician)"
        action = first.action
        self.action_label.setText(action.upper() if first.urgency.rank == 0 else action)
        self.script_label.setText(f"Say: {entry.script}")
        heard = f"Heard: {heard_as_typed(first, typed)} \u00b7 " if first.evidence else ""
        self.heard_label.setText(f"{heard}{entry.title}{signed}")
        self.heard_label.setToolTip(first.explain())
        others = [
            f"{flag.action} ({heard_as_typed(flag, typed) or flag.entry.title})"
            for flag in self.flags[1:]
        ]
        self.others_label.setText("Also: " + "; ".join(others) if others else "")
        self.others_label.setVisible(bool(others))
        self.show()

    def mark_recorded(self) -> None:
        """The escalation is recorded; the action and script stay on screen while they are
        still being read out, until Escape or the next search."""
        self.recorded = True
        self.record_button.setEnabled(False)
        self.record_button.setText("Escalation recorded\n(Esc: next call)")

    @property
    def first(self) -> RedFlagEntry | None:
        """The protocol to record an escalation against: the most urgent shown."""
        return self.flags[0].entry if self.flags else None

    @property
    def first_flag(self) -> Flag | None:
        return self.flags[0] if self.flags else None

    def _record_first(self) -> None:
        if self.first is not None and not self.recorded:
            self.escalation_requested.emit(self.first)


class MentionNote(QLabel):
    """A quiet line for red flags heard only as clearly past history ("had a stroke in 2019"):
    never nothing, never the banner."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mentionNote")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)  # it quotes what was typed
        self.setAccessibleName("Mentioned red flags to check")
        self.setStyleSheet(
            "QLabel#mentionNote { background: #fff4ce; color: #3b2f00; padding: 4px 8px;"
            " border-left: 4px solid #8a6d00; }"
        )
        self.hide()

    def show_checks(self, checks: list[Flag], typed: str = "") -> None:
        if not checks:
            self.hide()
            return
        mentioned = "; ".join(
            f"{flag.entry.title} ({heard_as_typed(flag, typed)})" for flag in checks
        )
        self.setText(f"Mentioned: {mentioned}. Check it is not happening now.")
        self.show()
