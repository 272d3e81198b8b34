"""Proposing thesaurus words, and a proposed change in a line with its concept in words."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from signposting.db.models import ThesaurusChange
from signposting.domain import ThesaurusChangeKind
from signposting.labels import concept_label


def change_text(change: ThesaurusChange) -> str:
    """The change in a line, its concept in words: 'add \u201cthorax\u201d to Chest'."""
    words = ", ".join(f"\u201c{term}\u201d" for term in change.terms)
    concept = concept_label(change.concept) if change.concept else ""
    if change.kind is ThesaurusChangeKind.ADD:
        return f"add {words} to {concept}"
    if change.kind is ThesaurusChangeKind.REMOVE:
        return f"remove {words} from {concept}"
    return f"treat {words} alike"


class WordsDialog(QDialog):
    """Words or phrases, one per line, and why."""

    def __init__(self, title: str, prompt: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.words = QPlainTextEdit()
        self.words.setAccessibleName("Words, one per line")
        self.note = QLineEdit()
        self.note.setAccessibleName("Why this change")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(QLabel(prompt))
        form.addRow("Words (one per line):", self.words)
        form.addRow("Why:", self.note)
        form.addRow(buttons)

    def terms(self) -> list[str]:
        return [line.strip() for line in self.words.toPlainText().splitlines() if line.strip()]
