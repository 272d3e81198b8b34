"""Showing a draft's impact, and asking a clinician to confirm a sign-off in its light."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QPlainTextEdit, QWidget

from signposting.redflags.impact import Impact


class ImpactText(QPlainTextEdit):
    """The impact of a draft, read-only, in plain words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setAccessibleName("What this draft changes")
        self.setPlaceholderText(
            "Check the impact to see which calls this draft gains, loses and newly "
            "false-alarms, over every protocol's examples and the shipped tuning calls."
        )

    def show_impact(self, impact: Impact) -> None:
        self.setPlainText("\n".join(impact.lines()))


def confirm_sign_off(parent: QWidget, what: str, impact: Impact) -> bool:
    """Ask the clinician, showing what signing off changes at every desk."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning if impact.harmful else QMessageBox.Icon.Question)
    box.setWindowTitle("Sign off and put in force at every desk?")
    warning = (
        "\n\nThis change loses calls the desk recognises now, or adds false alarms."
        if impact.harmful
        else ""
    )
    box.setText(f"Sign off: {what}\n\n{impact.summary()}{warning}")
    box.setDetailedText("\n".join(impact.lines()))
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes
