"""Printing HTML to an A4 PDF with Qt's text engine, charts supplied as rendered SVG."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QMarginsF, QSizeF, QUrl
from PySide6.QtGui import (
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from signposting.export.atomic import atomic_path

CHART_SCALE = 2  # render charts at twice their size so they stay sharp in print
RESOLUTION = 300
SCREEN_DPI = 96


def ensure_gui() -> QGuiApplication:
    """A Qt application to render with; offscreen when there is no display (command line).
    A full QApplication, so a window opened later in the same process still works."""
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QApplication([])


def svg_image(svg: str) -> QImage:
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    size = renderer.defaultSize() * CHART_SCALE
    image = QImage(size, QImage.Format.Format_ARGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    return image


def write_pdf(
    html: str, path: Path, charts: dict[str, str] | None = None, *, margin_mm: float = 15
) -> None:
    """Lay ``html`` out on A4 and write the PDF whole (a temporary file renamed into place)."""
    ensure_gui()
    document = QTextDocument()
    for name, svg in (charts or {}).items():
        document.addResource(
            QTextDocument.ResourceType.ImageResource, QUrl(f"chart:{name}"), svg_image(svg)
        )
    document.setHtml(html)
    with atomic_path(path) as temporary:
        writer = QPdfWriter(str(temporary))
        writer.setResolution(RESOLUTION)
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                QMarginsF(margin_mm, margin_mm, margin_mm, margin_mm),
                QPageLayout.Unit.Millimeter,
            )
        )
        # Lay the document out on an A4 page measured in screen pixels (96 per inch), so the
        # 640-pixel charts and full-width tables fit; printing scales it to the writer.
        page = writer.pageLayout().paintRect(QPageLayout.Unit.Inch)
        document.setPageSize(QSizeF(page.width() * SCREEN_DPI, page.height() * SCREEN_DPI))
        document.print_(writer)
        del writer  # finishes the file
