"""The one-page red-flag card and the printed directory, from Jinja2 templates to A4 PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from signposting.cli.main import main
from signposting.db.engine import Database
from signposting.directory.demo import load_demo
from signposting.directory.printing import directory_html, first_sentence, red_flag_card_html
from signposting.redflags.protocol import shipped_protocols


@pytest.fixture
def demo(database: Database) -> Database:
    with database.unit_of_work() as session:
        load_demo(session)
    return database


def test_card_lists_every_protocol_most_urgent_first(demo: Database) -> None:
    with demo.unit_of_work() as session:
        html = red_flag_card_html(session)
    titles = [fields["title"] for fields in shipped_protocols()]
    assert all(title.replace("&", "&amp;") in html for title in titles)
    order = [
        html.index(band)
        for band in (
            "CALL 999 NOW",
            "GO TO A&amp;E NOW",
            "URGENT: SAME-DAY CLINICIAN",
            "URGENT: NHS 111 TODAY",
        )
    ]
    assert order == sorted(order)
    assert "Not yet signed off by a practice clinician: 65 protocol(s)" in html
    assert "&ldquo;numb down below&rdquo;" in html


def test_directory_page_lists_services_by_category(demo: Database) -> None:
    with demo.unit_of_work() as session:
        html = directory_html(session)
    assert "<h2>Community pharmacy</h2>" in html
    assert "TEMPORARILY CLOSED" in html  # the demo's podiatry service
    assert "01632 960201" in html


def test_first_sentence() -> None:
    assert first_sentence("Call 999 now. Then wait.") == "Call 999 now."
    assert first_sentence("No full stop") == "No full stop"


def test_red_flag_card_pdf_is_one_a4_page(
    demo: Database, database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card = tmp_path / "card.pdf"
    assert main(["--database", database_url, "print", "red-flags", "-o", str(card)]) == 0
    pdf = card.read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == 1
    assert re.search(rb"/MediaBox\s*\[\s*0 0 595", pdf)  # A4 is 595 x 842 points
    directory = tmp_path / "directory.pdf"
    assert main(["--database", database_url, "print", "directory", "-o", str(directory)]) == 0
    assert len(re.findall(rb"/Type\s*/Page\b", directory.read_bytes())) >= 2
    assert (
        main(["--database", database_url, "print", "directory", "-o", str(tmp_path / "d.doc")]) == 1
    )
    assert "written as .pdf or .html" in capsys.readouterr().err
