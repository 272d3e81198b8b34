"""Reading reports exported from EMIS Web and SystmOne: GP appointment counts, and counts of the
codes a practice records in its signposting template.

No public specification exists for these files. What is handled: title lines above the header,
UTF-8 with or without BOM and Windows-1252, dd/mm/yyyy, dd-Mmm-yyyy, "27 Jan 2026" and ISO
dates, blank repeated cells in aggregate reports (filled down), and one-row-per-event files
without a count column. See docs/export-formats.md.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.accounts.permissions import Permission, require
from signposting.analysis.national_appointments import looks_national
from signposting.db.models import ImportedCount, StaffMember
from signposting.errors import ValidationError
from signposting.export.dates import parse_date
from signposting.problems import Problem
from signposting.search.text import normalise

HEADER_SEARCH_LINES = 25
APPOINTMENTS = "gp_appointments"
CODED = "coded_signposts"

#: Accepted header names (normalised) for each kind of column.
COLUMN_NAMES = {
    "ods": {
        "organisation",
        "organisation code",
        "organisation ods code",
        "ods code",
        "ods",
        "practice code",
        "practice",
        "org code",
        "organisation id",
        "cdb",
    },
    "date": {
        "date",
        "event date",
        "appointment date",
        "consultation date",
        "date recorded",
        "entry date",
        "slot date",
        "period start",
        "from",
        "start date",
    },
    "end": {"period end", "to", "end date"},
    "code": {
        "code",
        "snomed code",
        "snomed ct code",
        "snomed ct concept id",
        "concept id",
        "read code",
        "ctv3 code",
        "clinical code",
    },
    "term": {
        "term",
        "description",
        "code description",
        "code term",
        "rubric",
        "snomed ct term",
        "preferred term",
    },
    "count": {
        "count",
        "number",
        "total",
        "events",
        "appointments",
        "number of appointments",
        "appointment count",
        "no of appointments",
        "frequency",
        "value",
    },
    "role": {
        "clinician type",
        "staff role",
        "role",
        "job category",
        "clinician role",
        "session holder role",
        "slot type",
    },
}
FILL_DOWN = ("ods", "date", "end", "role")


#: Problems in clinical-system files are located the same way as in directory files.
ImportProblem = Problem


class ClinicalImportError(ValidationError):
    """The file could not be read; every problem found is listed, and nothing was imported."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = problems
        shown = "\n".join(str(problem) for problem in problems[:20])
        more = f"\n(and {len(problems) - 20} more)" if len(problems) > 20 else ""
        super().__init__(shown + more)


@dataclass(frozen=True)
class CountRow:
    ods_code: str
    period_start: date
    period_end: date
    code: str | None
    term: str
    count: int


@dataclass(frozen=True)
class ClinicalReport:
    """A parsed report: what kind it is and its rows, ready to preview or store."""

    file: str
    kind: str
    rows: list[CountRow]

    @property
    def total(self) -> int:
        return sum(row.count for row in self.rows)

    @property
    def first_day(self) -> date:
        return min(row.period_start for row in self.rows)

    @property
    def last_day(self) -> date:
        return max(row.period_end for row in self.rows)

    @property
    def practices(self) -> list[str]:
        return sorted({row.ods_code for row in self.rows})


def decode(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), else Windows-1252; anything else is a clear error."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise ClinicalImportError(
            [ImportProblem(name, 0, "", f"not text in UTF-8 or Windows-1252 (byte {exc.start})")]
        ) from exc


def _classify(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = normalise(cell)
        for kind, names in COLUMN_NAMES.items():
            if name in names and kind not in found:
                found[kind] = index
    return found


def _find_header(rows: list[list[str]], name: str) -> tuple[int, dict[str, int]]:
    for number, row in enumerate(rows[:HEADER_SEARCH_LINES]):
        columns = _classify(row)
        if "ods" in columns and "date" in columns:
            return number, columns
    seen = "; ".join(",".join(r)[:60] for r in rows[:3]) or "an empty file"
    raise ClinicalImportError(
        [
            ImportProblem(
                name,
                0,
                "",
                (
                    "no header row found in the first 25 lines: expected a GP appointments "
                    "report (organisation, date, and count or one row per appointment) or a "
                    "coded-activity report (organisation, date, code, term, and count or one "
                    f"row per event); found: {seen}"
                ),
            )
        ]
    )


def parse_report(data: bytes, name: str) -> ClinicalReport:
    """Parse a whole file; raises ClinicalImportError listing every problem, changing nothing."""
    text = decode(data, name)
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise ClinicalImportError([ImportProblem(name, 0, "", f"not a CSV file: {exc}")]) from exc
    header_index, columns = _find_header(rows, name)
    header = rows[header_index]
    kind = CODED if "code" in columns else APPOINTMENTS
    parsed: list[CountRow] = []
    problems: list[ImportProblem] = []
    last: dict[str, str] = {}
    for offset, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        if not any(cell.strip() for cell in row):
            continue
        values = {key: (row[i].strip() if i < len(row) else "") for key, i in columns.items()}
        if _is_total_row(values):
            continue
        for key in FILL_DOWN:
            if key in values:
                values[key] = values[key] or last.get(key, "")
                last[key] = values[key]
        if (
            kind == APPOINTMENTS
            and "role" in values
            and "gp" not in normalise(values["role"]).split()
        ):
            continue  # a role column is present: only GP appointments count
        result = _row(values, _Where(offset, name, header, columns), kind)
        if isinstance(result, CountRow):
            parsed.append(result)
        else:
            problems.extend(result)
    if problems:
        raise ClinicalImportError(problems)
    if not parsed:
        raise ClinicalImportError(
            [ImportProblem(name, header_index + 1, "", "no data rows below the header")]
        )
    return ClinicalReport(name, kind, parsed)


def _is_gp(values: dict[str, str]) -> bool:
    return "role" not in values or "gp" in normalise(values["role"]).split()


def _is_total_row(values: dict[str, str]) -> bool:
    return normalise(values.get("ods", "")) in {"total", "grand total", "totals"}


@dataclass(frozen=True)
class _Where:
    row: int
    file: str
    header: list[str]
    columns: dict[str, int]


def _row(values: dict[str, str], where: _Where, kind: str) -> CountRow | list[ImportProblem]:
    problems = []

    def problem(key: str, message: str) -> None:
        column = where.header[where.columns[key]]
        problems.append(ImportProblem(where.file, where.row, column, message))

    ods = values["ods"].upper()
    if not ods or len(ods) > 12 or not ods.replace(" ", "").isalnum():
        problem("ods", f"{values['ods']!r} is not an organisation (ODS) code")
    start = end = None
    try:
        start = parse_date(values["date"])
        end = parse_date(values["end"]) if values.get("end") else start
    except ValueError as exc:
        problem("end" if start else "date", str(exc))
    count = 1
    if "count" in values:
        text = values["count"].replace(",", "")
        if not text.isdigit():
            problem("count", f"{values['count']!r} is not a whole number")
        else:
            count = int(text)
    code = values.get("code") or None
    if kind == CODED and not code:
        problem("code", "no code")
    if start and end and end < start:
        problem("end", "the period ends before it starts")
    if problems or start is None or end is None:
        return problems
    return CountRow(ods, start, end, code, values.get("term", ""), count)


def read_report(path: Path) -> ClinicalReport:
    """Read a clinical-system report whole. NHS England's practice-level appointments file is
    refused here with a pointer: it is streamed by signposting.analysis.national_appointments."""
    if looks_national(path):
        raise ClinicalImportError(
            [
                ImportProblem(
                    path.name,
                    1,
                    "",
                    "this is NHS England's practice-level appointments file, not a report from "
                    "the clinical system: import it with 'signposting clinical import FILE'",
                )
            ]
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ClinicalImportError(
            [ImportProblem(path.name, 0, "", f"cannot read: {exc.strerror}")]
        ) from exc
    return parse_report(data, path.name)


def store_report(session: Session, actor: StaffMember | None, report: ClinicalReport) -> int:
    """Keep the counts, replacing any imported before for the same practice, period and code
    (so importing a file twice does not count it twice). Returns the rows stored."""
    require(actor, Permission.IMPORT_CLINICAL_COUNTS)
    for row in report.rows:
        session.execute(
            sa.delete(ImportedCount).where(
                ImportedCount.kind == report.kind,
                ImportedCount.ods_code == row.ods_code,
                ImportedCount.period_start == row.period_start,
                ImportedCount.period_end == row.period_end,
                ImportedCount.code.is_(None)
                if row.code is None
                else ImportedCount.code == row.code,
            )
        )
    merged: dict[tuple[str, date, date, str | None], CountRow] = {}
    for row in report.rows:
        key = (row.ods_code, row.period_start, row.period_end, row.code)
        previous = merged.get(key)
        if previous is not None:
            total = previous.count + row.count
            merged[key] = CountRow(*key, previous.term or row.term, total)
        else:
            merged[key] = row
    session.add_all(
        ImportedCount(
            kind=report.kind,
            ods_code=row.ods_code,
            period_start=row.period_start,
            period_end=row.period_end,
            code=row.code,
            term=row.term[:255],
            count=row.count,
            source_file=report.file[:255],
        )
        for row in merged.values()
    )
    return len(merged)
