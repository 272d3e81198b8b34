"""Hostile input to the search: a huge pasted "word" costs work in proportion to its length,
and the desk's box takes a bounded amount of text."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtWidgets import QApplication

from signposting.search import matcher
from signposting.search.matcher import TokenMatcher
from signposting.ui.desk.widgets import SearchBox


@pytest.fixture
def words() -> TokenMatcher:
    found = TokenMatcher(fuzzy_cutoff=0.8, min_prefix=3, prefix_strength=0.8)
    for word in ("pharmacy", "physiotherapy", "optometrist", "throat", "sore", "antidepressant"):
        found.add(word)
    return found


def test_a_huge_word_is_compared_only_with_words_of_a_reachable_length(
    words: TokenMatcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = matcher.process.extract

    def counted(query: str, choices: Any, **options: Any) -> Any:
        calls.append(len(list(choices)))
        return real(query, choices, **options)

    monkeypatch.setattr(matcher.process, "extract", counted)
    for length in (10_000, 100_000):
        calls.clear()
        assert words.expand("a" * length, partial=False) == []
        # Once per length a known word has, at most; never once per length in reach.
        assert len(calls) <= 6, (length, len(calls))
    calls.clear()
    assert words.expand("pharmcy", partial=False)[0][0] == "pharmacy"
    assert calls  # ordinary misspellings are still looked for


def test_the_desk_box_takes_a_bounded_amount_of_text(qtbot: QtBot) -> None:
    box = SearchBox(lambda: False)
    qtbot.addWidget(box)
    assert box.maxLength() == SearchBox.MAX_CHARACTERS == 1000
    QApplication.clipboard().setText("chest pain " * 2000)
    box.paste()
    assert len(box.text()) == 1000
    assert box.text().startswith("chest pain chest pain")
