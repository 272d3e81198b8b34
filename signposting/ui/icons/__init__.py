"""The application's icon: a white signpost on NHS blue, shipped as package data.

``signposting.svg`` is the source; ``packaging/make_icons.py`` renders the PNG and the ICO from it.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from PySide6.QtGui import QIcon

APP_ICON = "signposting"


def icon_path(name: str) -> Path:
    """The path of one of the icon files in this package, such as ``signposting.ico``."""
    return Path(str(resources.files(__name__).joinpath(name)))


def app_icon() -> QIcon:
    """The window and taskbar icon: every size in the ICO, and the PNG for large ones."""
    icon = QIcon()
    for name in (f"{APP_ICON}.ico", f"{APP_ICON}.png"):
        path = icon_path(name)
        if path.is_file():
            icon.addFile(str(path))
    return icon
