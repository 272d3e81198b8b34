#!/usr/bin/env python3
"""Render the application icon's PNG and multi-size ICO from its SVG.

Run after changing signposting/ui/icons/signposting.svg:
    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "signposting" / "ui" / "icons"
PNG_SIZE = 256
ICO_SIZES = (16, 24, 32, 48, 64, 256)


def render(renderer: QSvgRenderer, size: int) -> bytes:
    """The SVG drawn at ``size`` pixels square, as PNG bytes."""
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico(images: dict[int, bytes]) -> bytes:
    """An ICO container holding one PNG-compressed image per size (Windows Vista and later)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = len(header) + 16 * len(images)
    entries, payload = b"", b""
    for size, png in sorted(images.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        payload += png
        offset += len(png)
    return header + entries + payload


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(ICONS / "signposting.svg"))
    if not renderer.isValid():
        sys.stderr.write("make_icons: the SVG did not load\n")
        return 1
    (ICONS / "signposting.png").write_bytes(render(renderer, PNG_SIZE))
    (ICONS / "signposting.ico").write_bytes(ico({s: render(renderer, s) for s in ICO_SIZES}))
    del app
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
