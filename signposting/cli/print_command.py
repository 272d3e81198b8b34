"""``signposting print PAGE -o FILE``: the red-flag card, the directory and the patient poster
as PDF or HTML for A4, and the phone message script as text."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from signposting.cli.common import open_database, out
from signposting.directory.printing import directory_html, red_flag_card_html
from signposting.errors import ValidationError
from signposting.export.atomic import atomic_binary_file
from signposting.export.pages import check_page_path, write_page
from signposting.recording.organisation import resolve_practice
from signposting.training.materials import phone_message, poster_html

Page = Callable[[Session, int], str]
PAGES: dict[str, Page] = {
    "red-flags": lambda session, _practice: red_flag_card_html(session),
    "directory": lambda session, _practice: directory_html(session),
    "patient-poster": poster_html,
}
TEXTS: dict[str, Page] = {"phone-message": phone_message}
#: The red-flag card is one page, so it uses narrower margins than the others.
MARGINS_MM = {"red-flags": 8.0}


def register(commands: Any) -> None:
    printing = commands.add_parser(
        "print", help="the red-flag card, directory or patient poster for A4; the phone message"
    )
    printing.add_argument("page", choices=sorted([*PAGES, *TEXTS]))
    printing.add_argument(
        "-o", "--output", required=True, type=Path, metavar="FILE.pdf|FILE.html|FILE.txt"
    )
    printing.add_argument("--practice", metavar="ODS", help="the practice (networks)")
    printing.set_defaults(handler=_print)


def _print(args: argparse.Namespace) -> int:
    is_text = args.page in TEXTS
    if is_text and args.output.suffix.lower() != ".txt":
        raise ValidationError("the phone message is written as .txt; name the file so")
    if not is_text:
        check_page_path(args.output)
    render = TEXTS[args.page] if is_text else PAGES[args.page]
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            content = render(session, resolve_practice(session, args.practice).id)
    finally:
        database.dispose()
    if is_text:
        with atomic_binary_file(args.output) as stream:
            stream.write(content.encode("utf-8"))
    else:
        write_page(content, args.output, margin_mm=MARGINS_MM.get(args.page, 15.0))
    out(f"wrote {args.page} to {args.output}")
    return 0
