"""Asking what to do with unsaved edits before the editor moves on: Save, Discard or Cancel."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import QMessageBox, QWidget


class UnsavedChoice(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


_CHOICES = {
    QMessageBox.StandardButton.Save: UnsavedChoice.SAVE,
    QMessageBox.StandardButton.Discard: UnsavedChoice.DISCARD,
}


def ask_about_unsaved(parent: QWidget | None, name: str) -> UnsavedChoice:
    """Save (the default), Discard, or Cancel (also Esc and closing the box): stay put."""
    Button = QMessageBox.StandardButton  # noqa: N806 - the enum, named for reading
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Unsaved changes",
        f"{name} has changes that are not saved. Save them?",
        Button.Save | Button.Discard | Button.Cancel,
        parent,
    )
    box.setInformativeText("Discard throws the changes away. Cancel goes back to the service.")
    box.setDefaultButton(Button.Save)
    box.setEscapeButton(Button.Cancel)
    box.exec()
    return _CHOICES.get(box.standardButton(box.clickedButton()), UnsavedChoice.CANCEL)
