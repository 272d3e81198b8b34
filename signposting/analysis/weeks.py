"""The weeks a report counts by: Monday to Sunday, none before the first record, and a week the
period or the records cover only in part said to be part of a week, not shown as a poor one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

DAYS_IN_WEEK = 7
#: Day names in English whatever the machine's locale (strftime's %a follows the locale).
SHORT_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _day(day: date) -> str:
    return f"{SHORT_DAY_NAMES[day.weekday()]} {day:%d/%m}"


@dataclass(frozen=True)
class WeekSpan:
    """One week commencing ``monday``, counted from ``first_day`` to ``last_day`` inclusive."""

    monday: date
    first_day: date
    last_day: date

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    @property
    def partial(self) -> bool:
        """Fewer than seven days counted: the period or the records start or end inside it."""
        return self.days < DAYS_IN_WEEK

    @property
    def label(self) -> str:
        return f"w/c {self.monday:%d/%m/%Y}"

    @property
    def short_label(self) -> str:
        """The week's Monday as a chart's axis shows it ('16/11')."""
        return f"{self.monday:%d/%m}"

    @property
    def counted(self) -> str:
        """The days counted, for a part week: 'Mon 16/11 to Fri 20/11' (or the one day)."""
        first = _day(self.first_day)
        return first if self.days == 1 else f"{first} to {_day(self.last_day)}"


def week_spans(start: date, end: date, records_began: date | None) -> list[WeekSpan]:
    """Every week from ``start`` to ``end`` (inclusive dates) that has begun to be recorded:
    nothing before ``records_began`` (the first record's day; None if there is none yet)."""
    if records_began is None:
        return []
    first = max(start, records_began)
    spans = []
    monday = first - timedelta(days=first.weekday())
    while monday <= end:
        sunday = monday + timedelta(days=DAYS_IN_WEEK - 1)
        spans.append(WeekSpan(monday, max(monday, first), min(sunday, end)))
        monday += timedelta(days=DAYS_IN_WEEK)
    return spans
