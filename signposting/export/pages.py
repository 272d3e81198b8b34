"""Writing a rendered page as HTML, or as PDF through Qt (loaded only when a PDF is asked for)."""

from __future__ import annotations

from pathlib import Path

from signposting.errors import ValidationError
from signposting.export.atomic import atomic_binary_file

PAGE_SUFFIXES = {".pdf", ".html", ".htm"}


def check_page_path(path: Path) -> None:
    if path.suffix.lower() not in PAGE_SUFFIXES:
        raise ValidationError("pages are written as .pdf or .html; name the file so")


def write_page(html: str, path: Path, *, margin_mm: float = 15.0) -> None:
    """Write ``html`` to ``path``: a PDF for ``.pdf``, else the HTML itself (atomically)."""
    check_page_path(path)
    if path.suffix.lower() == ".pdf":
        from signposting.ui.pdf import write_pdf  # noqa: PLC0415 - Qt only for PDF

        write_pdf(html, path, margin_mm=margin_mm)
        return
    with atomic_binary_file(path) as stream:
        stream.write(html.encode("utf-8"))
