"""Reading NHS England's practice-level "Appointments in General Practice" CSV.

The published file has one row per practice, month, professional type, mode, national category,
booking interval and status, for many practices: hundreds of MB for England. It is streamed, and
only the rows of the practices set up here are checked and kept, summed by month, professional
type (GP / other practice staff / unknown), status (attended / DNA / unknown) and mode.
Layout and vocabularies: docs/export-formats.md.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from signposting.problems import MAX_LISTED, InputProblemsError, Problem

MONTH = "APPOINTMENT_MONTH_START_DATE"
PRACTICE = "GP_CODE"
PRACTICE_NAME = "GP_NAME"
HCP_TYPE = "HCP_TYPE"
MODE = "APPT_MODE"
STATUS = "APPT_STATUS"
COUNT = "COUNT_OF_APPOINTMENTS"
#: The published header, in order (the reader finds columns by name, in any order).
PUBLISHED_COLUMNS = (
    MONTH,
    PRACTICE,
    PRACTICE_NAME,
    "SUPPLIER",
    "PCN_CODE",
    "PCN_NAME",
    "SUB_ICB_LOCATION_CODE",
    "SUB_ICB_LOCATION_NAME",
    HCP_TYPE,
    MODE,
    "NATIONAL_CATEGORY",
    "TIME_BETWEEN_BOOK_AND_APPT",
    COUNT,
    STATUS,
)
REQUIRED_COLUMNS = (MONTH, PRACTICE, HCP_TYPE, MODE, STATUS, COUNT)
#: A header with both of these is taken to be this file, and then must have every required column.
SIGNATURE = frozenset({PRACTICE, COUNT})

#: Published values, as NHS England spells them, and what they are stored as. The reader
#: compares them without regard to case or spacing.
HCP_TYPES = {"GP": "gp", "Other Practice staff": "other", "Unknown": "unknown"}
STATUSES = {"Attended": "attended", "DNA": "dna", "Unknown": "unknown"}
MODES = {
    "Face-to-Face": "face_to_face",
    "Telephone": "telephone",
    "Home Visit": "home_visit",
    "Video Conference/Online": "video_online",
    "Video/Online": "video_online",  # the label in files before "Video Conference/Online"
    "Unknown": "unknown",
}
#: How the report names the stored values.
LABELS = {
    "gp": "GP",
    "other": "other practice staff",
    "unknown": "unknown",
    "attended": "attended",
    "dna": "did not attend",
    "face_to_face": "face to face",
    "telephone": "telephone",
    "home_visit": "home visit",
    "video_online": "video or online",
}

_MONTH_FORM = re.compile(r"(\d{2})([A-Za-z]{3})(\d{4})")
_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
#: Most appointments one row may count (a practice's whole month is far below this).
MAX_ROW_COUNT = 1_000_000
#: Most appointments one stored cell may sum to (the database column is a 32-bit integer).
MAX_CELL_COUNT = 2_000_000_000
#: Problems kept for the message; the rest are counted.
MAX_PROBLEMS = 200
#: Distinct practice codes remembered while scanning (a national file has about 6,500).
MAX_CODES_REMEMBERED = 100_000
#: Distinct spellings of months remembered while scanning.
MAX_MONTHS_REMEMBERED = 1_000
#: Bytes read to recognise the header.
SNIFF_BYTES = 64 * 1024


class AppointmentsFileError(InputProblemsError):
    """Every problem in the file, the first of them listed; nothing was imported."""

    def __init__(self, problems: list[Problem], total: int | None = None) -> None:
        super().__init__(problems)
        self.total = max(total or 0, len(problems))
        listed = "\n".join(str(problem) for problem in problems[:MAX_LISTED])
        more = self.total - min(len(problems), MAX_LISTED)
        tail = f"\n(and {more:,} more)" if more else ""
        self.args = (f"{self.total:,} problem(s), nothing imported:\n{listed}{tail}",)


#: Each checked column's published values, and the same keyed by their lower-case spelling.
VOCABULARIES = {HCP_TYPE: HCP_TYPES, STATUS: STATUSES, MODE: MODES}
_LOOKUPS = {
    column: {spelling.lower(): value for spelling, value in published.items()}
    for column, published in VOCABULARIES.items()
}

#: (ODS code, first day of month, professional type, status, mode)
CellKey = tuple[str, date, str, str, str]


@dataclass
class NationalAppointments:
    """What a file held for the practices asked about, summed, ready to preview or store."""

    file: str
    wanted: tuple[str, ...]
    rows_read: int = 0
    rows_kept: dict[str, int] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    counts: dict[CellKey, int] = field(default_factory=dict)

    @property
    def practices(self) -> list[str]:
        """The wanted practices the file had rows for."""
        return sorted(self.rows_kept)

    @property
    def missing(self) -> list[str]:
        """The wanted practices the file had no rows for."""
        return [code for code in self.wanted if code not in self.rows_kept]

    @property
    def months(self) -> list[date]:
        return sorted({key[1] for key in self.counts})

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def month_total(self, ods_code: str, month: date, hcp_type: str | None = None) -> int:
        return sum(
            count
            for (code, when, hcp, _status, _mode), count in self.counts.items()
            if code == ods_code and when == month and hcp_type in (None, hcp)
        )

    def breakdown(self, ods_code: str, month: date, by: str) -> dict[str, int]:
        """One practice-month's appointments by ``"hcp_type"``, ``"status"`` or ``"mode"``."""
        position = {"hcp_type": 2, "status": 3, "mode": 4}[by]
        found: dict[str, int] = {}
        for key, count in self.counts.items():
            if key[0] == ods_code and key[1] == month:
                name = str(key[position])
                found[name] = found.get(name, 0) + count
        return found


def is_national_header(cells: Iterable[str]) -> bool:
    """True when a header row is that of NHS England's practice-level appointments file."""
    return {cell.strip().lstrip("\ufeff").upper() for cell in cells} >= SIGNATURE


def looks_national(path: Path) -> bool:
    """True when the file's first line is the practice-level appointments header."""
    try:
        with path.open("rb") as stream:
            start = stream.read(SNIFF_BYTES)
    except OSError:
        return False
    first = start.decode("utf-8", errors="replace").splitlines()[:1]
    try:
        return bool(first) and is_national_header(next(csv.reader(first)))
    except csv.Error:
        return False


def read_national_appointments(path: Path, ods_codes: Iterable[str]) -> NationalAppointments:
    """Stream the file, keeping the rows whose GP_CODE is one of ``ods_codes``.

    Raises AppointmentsFileError naming file, row and column for every problem (a row of another
    practice is only checked for its shape), or when no row is for any of the practices.
    """
    wanted = tuple(sorted({code.strip().upper() for code in ods_codes}))
    try:
        stream = path.open("rb")
    except OSError as exc:
        problem = Problem(path.name, 0, "", f"cannot read: {exc.strerror}")
        raise AppointmentsFileError([problem]) from exc
    with stream, io.TextIOWrapper(stream, "utf-8-sig", errors="replace", newline="") as text:
        return _Scan(path.name, wanted).run(csv.reader(text))


class _Scan:
    """One pass over the rows: shape of every row, full checks of the practices' rows."""

    def __init__(self, file: str, wanted: tuple[str, ...]) -> None:
        self.result = NationalAppointments(file, wanted)
        self.wanted = set(wanted)
        self.problems: list[Problem] = []
        self.problem_count = 0
        self.header: list[str] = []
        self.columns: dict[str, int] = {}
        self.months: dict[str, date | str] = {}
        self.other_codes: set[str] = set()
        self.other_months: set[str] = set()

    def problem(self, row: int, column: str, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(self.result.file, row, column, message))

    def run(self, reader: Iterator[list[str]]) -> NationalAppointments:
        try:
            self._read_header(next(reader, []))
            self._read_rows(reader)
        except csv.Error as exc:
            self.problem(_line(reader), "", f"not readable as CSV: {exc}")
        self._finish()
        return self.result

    def _read_header(self, header: list[str]) -> None:
        self.header = [cell.strip().lstrip("\ufeff") for cell in header]
        names = [cell.upper() for cell in self.header]
        if not set(names) >= SIGNATURE:
            self.problem(
                1,
                "",
                "not NHS England's practice-level appointments file (no GP_CODE "
                "and COUNT_OF_APPOINTMENTS columns in the first line)",
            )
        missing = [name for name in REQUIRED_COLUMNS if name not in names]
        if missing:
            self.problem(1, "", f"the header has no {', '.join(missing)} column")
        if self.problems:
            raise AppointmentsFileError(self.problems)
        self.columns = {name: names.index(name) for name in REQUIRED_COLUMNS}
        if PRACTICE_NAME in names:
            self.columns[PRACTICE_NAME] = names.index(PRACTICE_NAME)

    def _read_rows(self, reader: Iterator[list[str]]) -> None:
        width = len(self.header)
        practice_at, month_at = self.columns[PRACTICE], self.columns[MONTH]
        matches: dict[str, str] = {}  # a GP_CODE as written -> the wanted code, or "" if not wanted
        other_months = self.other_months
        rows = 0
        for row in reader:
            if len(row) != width:
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue  # a blank line
                self.problem(
                    _line(reader),
                    "",
                    f"{len(row)} cells where the header has {width}: is the file cut short?",
                )
                continue
            rows += 1
            raw = row[practice_at]
            ods = matches.get(raw)
            if ods is None:
                clean = raw.strip().upper()
                ods = clean if clean in self.wanted else ""
                if len(matches) < MAX_CODES_REMEMBERED:
                    matches[raw] = ods
                if not ods and len(self.other_codes) < MAX_CODES_REMEMBERED:
                    self.other_codes.add(clean)
            if ods:
                self._keep(row, ods, _line(reader))
            elif len(other_months) < MAX_MONTHS_REMEMBERED:
                other_months.add(row[month_at])
        self.result.rows_read = rows

    def _keep(self, row: list[str], ods: str, line: int) -> None:
        result = self.result
        result.rows_kept[ods] = result.rows_kept.get(ods, 0) + 1
        if ods not in result.names and PRACTICE_NAME in self.columns:
            result.names[ods] = " ".join(row[self.columns[PRACTICE_NAME]].split())
        month = self._month(row[self.columns[MONTH]])
        if isinstance(month, str):
            self.problem(line, self.header[self.columns[MONTH]], month)
        hcp = self._value(row, line, HCP_TYPE)
        status = self._value(row, line, STATUS)
        mode = self._value(row, line, MODE)
        count = self._count(row, line)
        if isinstance(month, date) and hcp and status and mode and count is not None:
            key = (ods, month, hcp, status, mode)
            result.counts[key] = result.counts.get(key, 0) + count

    def _month(self, text: str) -> date | str:
        """The month's first day, or what is wrong with the text (remembered per spelling)."""
        known = self.months.get(text)
        if known is not None:
            return known
        found: date | str
        match = _MONTH_FORM.fullmatch(text.strip())
        name = match.group(2).upper() if match else ""
        if not match or name not in _MONTHS:
            found = f"{text!r} is not a month start date like 01JUL2026"
        elif match.group(1) != "01":
            found = f"{text!r} is not the first day of a month"
        else:
            found = date(int(match.group(3)), _MONTHS.index(name) + 1, 1)
        if len(self.months) < MAX_MONTHS_REMEMBERED:
            self.months[text] = found
        return found

    def _value(self, row: list[str], line: int, column: str) -> str:
        text = row[self.columns[column]]
        value = _LOOKUPS[column].get(" ".join(text.split()).lower(), "")
        if not value:
            published = ", ".join(VOCABULARIES[column])
            self.problem(
                line,
                self.header[self.columns[column]],
                f"{text!r} is not one of the published values ({published})",
            )
        return value

    def _count(self, row: list[str], line: int) -> int | None:
        text = row[self.columns[COUNT]].strip()
        if not (text.isascii() and text.isdigit()):
            self.problem(line, self.header[self.columns[COUNT]], f"{text!r} is not a whole number")
            return None
        if int(text) > MAX_ROW_COUNT:
            self.problem(
                line, self.header[self.columns[COUNT]], f"{text} is more than {MAX_ROW_COUNT:,}"
            )
            return None
        return int(text)

    def _finish(self) -> None:
        result = self.result
        if not self.problems and result.rows_read == 0:
            self.problem(1, "", "no data rows below the header")
        if not self.problems and not result.rows_kept:
            self.problem(0, self.header[self.columns[PRACTICE]], self._no_rows_message())
        if any(count > MAX_CELL_COUNT for count in result.counts.values()):
            self.problem(0, "", f"a practice-month sums to more than {MAX_CELL_COUNT:,}")
        if self.problems:
            raise AppointmentsFileError(self.problems, self.problem_count)

    def _no_rows_message(self) -> str:
        codes = ", ".join(self.result.wanted) or "no practice"
        others = sorted(code for code in self.other_codes if code)
        months = sorted(
            found for found in map(self._month, self.other_months) if isinstance(found, date)
        )
        seen = f"{len(others):,} other practice(s), for example {', '.join(others[:5])}"
        if months:
            seen += f", in {months[0]:%b %Y}" + (
                f" to {months[-1]:%b %Y}" if months[-1] != months[0] else ""
            )
        return f"no rows for {codes}: the file has rows for {seen}"


def _line(reader: Iterator[list[str]]) -> int:
    """The line of the file the reader has reached (a csv reader counts them)."""
    return int(getattr(reader, "line_num", 0))
