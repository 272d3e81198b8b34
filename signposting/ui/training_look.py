"""How every training screen looks: a TRAINING banner and a colour scheme unlike the live desk
(not red, which is kept for red flags, nor yellow, which means offline)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

TRAINING_BANNER_TEXT = (
    "TRAINING MODE · practice only: nothing recorded here is a real record, and none of it "
    "reaches live records, exports or savings figures"
)
#: Window colours for training: a violet frame and lilac background.
TRAINING_STYLE = """
QMainWindow, QDialog { background-color: #efe6f7; }
QLabel#trainingBanner { background-color: #5b2a86; color: #ffffff; font-weight: bold;
    padding: 6px; border: 3px dashed #ffffff; }
QStatusBar { background-color: #5b2a86; color: #ffffff; }
"""


def training_banner(parent: QWidget | None = None) -> QLabel:
    banner = QLabel(TRAINING_BANNER_TEXT, parent)
    banner.setObjectName("trainingBanner")
    banner.setAccessibleName("Training mode")
    banner.setAlignment(Qt.AlignmentFlag.AlignCenter)
    banner.setWordWrap(True)
    font = banner.font()
    font.setPointSizeF(font.pointSizeF() * 1.3)
    banner.setFont(font)
    return banner


def apply_training_look(window: QWidget) -> None:
    """Colour a window (and the dialogs it opens) for training, and say so in its title."""
    window.setStyleSheet(TRAINING_STYLE)
    if not window.windowTitle().startswith("TRAINING"):
        window.setWindowTitle(f"TRAINING: {window.windowTitle()}")
