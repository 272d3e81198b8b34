"""The installed Qt binding keeps Python's reference counts straight.

A desk makes tens of thousands of Qt calls a day; a binding that loses a reference to ``None``
on each call that returns nothing (PySide6 6.12.0 on Python 3.11) crashes the app after a few
hours. This guards the version range in ``pyproject.toml``.
"""

from __future__ import annotations

import gc
import sys

from pytestqt.qtbot import QtBot

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem

CALLS = 100


def _none_references() -> int:
    gc.collect()
    return sys.getrefcount(None)


def test_calls_that_return_nothing_leave_none_alone(qtbot: QtBot) -> None:
    label, listing = QLabel(), QListWidget()
    qtbot.addWidget(label)
    qtbot.addWidget(listing)
    before = _none_references()
    for number in range(CALLS):
        label.setText(f"call {number}")
        item = QListWidgetItem(f"row {number}")
        item.setData(Qt.ItemDataRole.UserRole, number)
        listing.addItem(item)
    listing.clear()
    lost = before - _none_references()
    assert lost < CALLS // 10, f"the Qt binding lost {lost} references to None in {CALLS} calls"
