"""Type a phrase and see what the desk would raise, with the words heard and their concepts."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from signposting.labels import concept_label
from signposting.redflags.evaluation import desk_partial
from signposting.redflags.recogniser import Recogniser


def describe(recogniser: Recogniser, text: str, name: Callable[[str], str] = concept_label) -> str:
    """Plain text: the banner, quiet checks, and every concept heard, each concept as
    ``name`` gives it (in words; ``str`` gives the names rules are written with)."""
    if not text.strip():
        return "Type what a caller might say."
    result = recogniser.recognise(text, last_partial=desk_partial(text))
    lines = []
    for flag in result.banner:
        heard = ", ".join(f"{e.words} \u2192 {name(e.concept)}" for e in flag.evidence)
        lines.append(f"RAISES {flag.entry.title}: {flag.action}")
        lines.append(f"    because {flag.entry.title}: {heard}")
    for flag in result.checks:
        lines.append(f"Quiet check (past mention): {flag.entry.title}, {flag.because}")
    if not lines:
        lines.append("Raises no red flag.")
    heard = "; ".join(
        f"\u2018{m.words}\u2019 \u2192 {', '.join(sorted(name(c) for c in m.concepts))}"
        + (" (guessed)" if m.guessed else "")
        for m in result.mentions
    )
    lines.append(f"Heard: {heard or 'no concepts'}")
    return "\n".join(lines)


class TryPhrase(QWidget):
    """A line to type in and the recogniser's answer below it; with a draft, the answer with
    the draft applied as well."""

    def __init__(self, recogniser: Recogniser, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.recogniser = recogniser
        self.draft: Recogniser | None = None
        self.phrase = QLineEdit()
        self.phrase.setPlaceholderText("Try a phrase, e.g. my dad keeps clutching his chest")
        self.phrase.setAccessibleName("Try a phrase")
        self.answer = QLabel(describe(recogniser, ""))
        self.answer.setWordWrap(True)
        self.answer.setMinimumHeight(90)
        self.answer.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.answer.setAccessibleName("What the desk would raise")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel("Try a phrase:"))
        layout.addWidget(self.phrase)
        layout.addWidget(self.answer)
        layout.addStretch(1)
        self.phrase.textChanged.connect(self.update_answer)

    def set_recogniser(self, recogniser: Recogniser) -> None:
        self.recogniser = recogniser
        self.update_answer()

    def set_draft(self, draft: Recogniser | None) -> None:
        """Also show what the desk would raise with this draft in force."""
        self.draft = draft
        self.update_answer()

    def update_answer(self) -> None:
        """The answer in words; its tooltip names concepts as the rules write them."""
        self.answer.setText(self._answer(concept_label))
        text = self.phrase.text()
        self.answer.setToolTip(self._answer(str) if text.strip() else "")

    def _answer(self, name: Callable[[str], str]) -> str:
        text = self.phrase.text()
        if self.draft is None or not text.strip():
            return describe(self.recogniser, text, name)
        return (
            f"Now:\n{describe(self.recogniser, text, name)}\n\n"
            f"With the selected change:\n{describe(self.draft, text, name)}"
        )
