"""``signposting print red-flags | directory -o FILE.pdf|FILE.html``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from signposting.cli.common import open_database, out
from signposting.directory.printing import directory_html, red_flag_card_html
from signposting.errors import ValidationError
from signposting.export.atomic import atomic_binary_file

PAGES = {"red-flags": red_flag_card_html, "directory": directory_html}
#: The red-flag card is one page, so it uses narrower margins than the directory.
MARGINS_MM = {"red-flags": 8.0, "directory": 15.0}


def register(commands: Any) -> None:
    printing = commands.add_parser("print", help="the red-flag card or the directory, for A4")
    printing.add_argument("page", choices=sorted(PAGES))
    printing.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.pdf|FILE.html")
    printing.set_defaults(handler=_print)


def _print(args: argparse.Namespace) -> int:
    suffix = args.output.suffix.lower()
    if suffix not in {".pdf", ".html", ".htm"}:
        raise ValidationError("pages are written as .pdf or .html; name the file so")
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            html = PAGES[args.page](session)
    finally:
        database.dispose()
    if suffix == ".pdf":
        from signposting.ui.pdf import write_pdf  # noqa: PLC0415 - Qt only for PDF

        write_pdf(html, args.output, margin_mm=MARGINS_MM[args.page])
    else:
        with atomic_binary_file(args.output) as stream:
            stream.write(html.encode("utf-8"))
    out(f"wrote {args.page} to {args.output}")
    return 0
