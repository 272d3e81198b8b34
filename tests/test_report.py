"""The savings report: HTML and PDF with charts, through the command line as a manager runs it."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from signposting.accounts.passwords import add_staff
from signposting.analysis.assumptions import Assumptions
from signposting.analysis.report import benchmarks, render_report_html, summary
from signposting.analysis.savings import analyse
from signposting.cli.main import main
from signposting.db.engine import Database
from signposting.domain import Outcome, Role
from signposting.recording.recorder import SignpostRequest, record_signpost
from tests.factories import acting_manager, make_practice, make_service

JANUARY = (date(2026, 1, 1), date(2026, 1, 31))


@pytest.fixture
def filled(database: Database) -> Database:
    with database.unit_of_work() as session:
        practice = make_practice(session, "A81001")
        pharmacy = make_service(
            session, key="p", name="<b>Pharmacy</b> & co", category="Community pharmacy"
        )
        physio = make_service(session, key="m", name="MSK physio")
        ids = practice.id, pharmacy.id, physio.id
        add_staff(
            session, None, "Report Manager", Role.MANAGER, practice=None, password="pw-1234567890"
        )
    for day, service, outcome in [
        (5, ids[1], Outcome.ACCEPTED),
        (6, ids[1], Outcome.ACCEPTED),
        (7, ids[2], Outcome.ACCEPTED),
        (8, ids[2], Outcome.DECLINED),
    ]:
        record_signpost(
            database,
            SignpostRequest(
                ids[0],
                outcome,
                service_id=service,
                recorded_at=datetime(2026, 1, day, 10, tzinfo=UTC),
            ),
        )
    return database


def test_summary_and_benchmarks_in_plain_words(filled: Database) -> None:
    with filled.unit_of_work() as session:
        analysis = analyse(session, acting_manager(session), *JANUARY, Assumptions())
    text = summary(analysis)
    assert "recorded 4 signposts. 3 (75.0%) were accepted" in text
    assert "We estimate 3 GP appointments were avoided" in text
    assert "worth about £90" in text
    assert (
        "100% of accepted signposts would otherwise have been a GP appointment of 10 minutes"
        in text
    )
    rows = {b.measure: b for b in benchmarks(analysis)}
    assert rows["Signposts declined by the patient"].ours == "25.0%"
    assert rows["Signposts to community pharmacy"].ours == "50.0%"
    assert rows["GP minutes released per signpost"].ours == "7.5"
    assert rows["GP time released"].ours == "not known"


def test_html_report_has_figures_assumptions_and_three_charts(filled: Database) -> None:
    with filled.unit_of_work() as session:
        html = render_report_html(
            analyse(session, acting_manager(session), *JANUARY, Assumptions())
        )
    assert html.count("<svg") == 3
    assert "Time for Care costed a GP appointment at £30" in html
    assert "Stevens et al., BMJ Open 2017" in html
    assert "&lt;b&gt;Pharmacy&lt;/b&gt; &amp; co" in html  # names are escaped
    assert "<b>Pharmacy</b>" not in html
    assert "w/c 05/01/2026" not in html or "05/01/2026" in html


def test_cli_html_and_pdf(
    filled: Database,
    database_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SIGNPOSTING_PASSWORD", "pw-1234567890")
    html_path, pdf_path = tmp_path / "r.html", tmp_path / "r.pdf"
    for path in (html_path, pdf_path):
        assert (
            main(
                [
                    "--database",
                    database_url,
                    "report",
                    "--as",
                    "Report Manager",
                    "--from",
                    "01/01/2026",
                    "--to",
                    "31/01/2026",
                    "-o",
                    str(path),
                ]
            )
            == 0
        )
    assert "wrote the savings report for 01/01/2026 to 31/01/2026" in capsys.readouterr().out
    assert "recorded 4 signposts" in html_path.read_text("utf-8")
    pdf = pdf_path.read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 2
    assert len(re.findall(rb"/Subtype\s*/Image", pdf)) >= 3  # the three charts


def test_cli_report_errors(
    database_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = ["--database", database_url, "report", "--as", "Nobody"]
    assert main([*report, "-o", str(tmp_path / "r.docx")]) == 1
    assert "written as .html or .pdf" in capsys.readouterr().err
    assert (
        main(
            [
                "--database",
                database_url,
                "report",
                "--as",
                "Nobody",
                "--from",
                "02/02/2026",
                "--to",
                "01/02/2026",
                "-o",
                str(tmp_path / "r.html"),
            ]
        )
        == 1
    )
    assert "--from is after --to" in capsys.readouterr().err


def test_cli_clinical_import(
    database_url: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "appointments.csv"
    path.write_text(
        "Organisation,Period Start,Period End,Appointments\nA81001,01/01/2026,31/01/2026,900\n"
    )
    assert main(["--database", database_url, "clinical", "import", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "GP appointments, 1 rows, total 900" in out and "nothing imported" in out
    assert main(["--database", database_url, "clinical", "import", str(path)]) == 1
    assert "say which manager is importing: --as NAME" in capsys.readouterr().err
    database = Database(database_url)
    with database.unit_of_work() as session:
        add_staff(
            session, None, "Counts Manager", Role.MANAGER, practice=None, password="pw-1234567890"
        )
    database.dispose()
    monkeypatch.setenv("SIGNPOSTING_PASSWORD", "pw-1234567890")
    importing = ["--database", database_url, "clinical", "import", "--as", "Counts Manager"]
    assert main([*importing, str(path)]) == 0
    assert "imported 1 rows" in capsys.readouterr().out
    broken = tmp_path / "broken.csv"
    broken.write_text("Organisation,Date,Count\nA81001,yesterday,4\n")
    assert main([*importing, str(broken)]) == 1
    assert "broken.csv: row 2, column 'Date'" in capsys.readouterr().err
