"""The savings report: a plain-language summary, figures beside their assumptions, charts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

import jinja2

from signposting.analysis.appointment_months import SOURCE, AppointmentComparison
from signposting.analysis.charts import OUTCOME_COLOURS, bar_chart, column_chart, share_bar
from signposting.analysis.savings import SavingsAnalysis
from signposting.domain import Outcome
from signposting.export.profiles import OUTCOME_LABELS
from signposting.templating import template_environment

TOP_SERVICES = 12
COMMUNITY_PHARMACY = "community pharmacy"


@dataclass(frozen=True)
class Benchmark:
    """A published figure and ours, measured the same way where the data allows."""

    measure: str
    ours: str
    published: str
    source: str


def percent(value: float | None) -> str:
    return "not known" if value is None else f"{100 * value:.1f}%"


def benchmarks(analysis: SavingsAnalysis) -> list[Benchmark]:
    total = analysis.total
    per_signpost = total.minutes / total.signposts if total.signposts else None
    pharmacy = sum(
        row.figures.signposts
        for row in analysis.categories
        if COMMUNITY_PHARMACY in row.label.lower()
    )
    avoided_share = (
        total.appointments_avoided / analysis.gp_appointments if analysis.gp_appointments else None
    )
    return [
        Benchmark(
            "GP time released",
            percent(analysis.share_of_gp_time),
            "up to 10% of GP time",
            "GP Forward View aim",
        ),
        Benchmark(
            "GP appointments avoided, as a share of all GP appointments",
            percent(avoided_share),
            "27% potentially avoidable; just over 20% in 2018",
            "Making Time in General Practice (2015); Primary Care Foundation audit (2018)",
        ),
        Benchmark(
            "GP minutes released per signpost",
            "not known" if per_signpost is None else f"{per_signpost:.1f}",
            "about 5.9 (South Tees); about 7.7 (Wakefield practice)",
            "South Tees: 26,747 GP hours from 269,994 navigations; Wakefield: 743 hours from 5,819",
        ),
        Benchmark(
            "Signposts declined by the patient",
            percent(total.share(total.declined)),
            "8%",
            "South Tees",
        ),
        Benchmark(
            "Signposts to community pharmacy",
            percent(total.share(pharmacy)),
            "29%",
            "South Tees",
        ),
    ]


@dataclass(frozen=True)
class AppointmentRow:
    """One month of the signposts-against-appointments table, as the report shows it."""

    month: str
    signposts: str
    accepted: str
    gp_appointments: str
    per_thousand: str
    note: str


def _number(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def _rate(value: float | None) -> str:
    return "" if value is None else f"{value:,.1f}"


def appointment_rows(comparison: AppointmentComparison) -> list[AppointmentRow]:
    """Each month of the period: signposts beside GP appointments, saying where data is missing
    or the period covers only part of the month (no rate is given then)."""
    rows = []
    for row in comparison.months:
        notes = []
        if row.gp_appointments is None:
            notes.append("no national data for this month")
        elif row.without_data:
            notes.append(f"no national data for {', '.join(row.without_data)}")
        if not row.whole_month:
            notes.append(f"part month: {row.first_day:%d/%m} to {row.last_day:%d/%m}")
        rows.append(
            AppointmentRow(
                month=f"{row.month:%b %Y}",
                signposts=f"{row.signposts:,}",
                accepted=f"{row.accepted:,}",
                gp_appointments=_number(row.gp_appointments),
                per_thousand=_rate(row.per_thousand(row.signposts)),
                note="; ".join(notes),
            )
        )
    return rows


def appointment_source(comparison: AppointmentComparison) -> str:
    """Where the monthly appointment counts come from, and which months are held."""
    if not comparison.has_data or comparison.held_from is None or comparison.held_to is None:
        return ""
    held = f"{comparison.held_from:%B %Y}" + (
        f" to {comparison.held_to:%B %Y}" if comparison.held_to != comparison.held_from else ""
    )
    files = ", ".join(comparison.sources[:3]) + (" …" if len(comparison.sources) > 3 else "")
    when = (
        f", last imported {comparison.last_imported:%d/%m/%Y}" if comparison.last_imported else ""
    )
    return (
        f"Source: {SOURCE} for {', '.join(comparison.ods_codes)} (GP_CODE), from {files}{when}. "
        f"National data held for these practices: {held}."
    )


def appointment_absence(comparison: AppointmentComparison | None) -> str:
    """What to say when no national data covers the report's months."""
    held = ""
    if comparison is not None and comparison.held_from and comparison.held_to:
        held = (
            f" National data is held for {comparison.held_from:%B %Y} to "
            f"{comparison.held_to:%B %Y}, outside this report's months."
        )
    return (
        "No national appointment data is held for the months of this report." + held + " Import "
        'NHS England\'s practice-level "Appointments in General Practice" CSV (signposting '
        "clinical import FILE) to set signposts against GP appointments month by month."
    )


def appointments_figure(comparison: AppointmentComparison | None) -> tuple[str, str]:
    """Signposts per 1,000 GP appointments over the whole months with national data, and what
    it rests on, for a one-line figure (the dashboard's)."""
    rate = comparison.signposts_per_thousand if comparison else None
    if comparison is None or rate is None:
        return "not known", (
            "import NHS England's practice-level appointments CSV to show this"
            if comparison is None or not comparison.has_data
            else "no whole month of the period has national data for every practice"
        )
    months = comparison.complete_months
    span = f"{months[0].month:%b %Y}" + (f" to {months[-1].month:%b %Y}" if len(months) > 1 else "")
    gp = sum(row.gp_appointments or 0 for row in months)
    return f"{rate:,.1f}", f"{gp:,} GP appointments in {span} ({SOURCE})"


def _appointments_sentence(comparison: AppointmentComparison | None) -> str:
    rate = comparison.signposts_per_thousand if comparison else None
    if comparison is None or rate is None:
        return ""
    months = comparison.complete_months
    span = f"{months[0].month:%B %Y}" + (f" to {months[-1].month:%B %Y}" if len(months) > 1 else "")
    return (
        f" NHS England's practice-level figures count "
        f"{sum(row.gp_appointments or 0 for row in months):,} GP appointments in the "
        f"{len(months)} whole month(s) with national data ({span}); reception recorded "
        f"{sum(row.signposts for row in months):,} signposts in those months, {rate:,.1f} per "
        "1,000 GP appointments."
    )


def summary(analysis: SavingsAnalysis) -> str:
    """A paragraph a practice manager can paste into an email to the PCN or ICB."""
    total, rules = analysis.total, analysis.assumptions
    if not total.signposts:
        return (
            f"No signposts were recorded between {analysis.start:%d %B %Y} and "
            f"{analysis.end:%d %B %Y}."
        )
    who = ", ".join(analysis.practices) or "the practice"
    text = (
        f"Between {analysis.start:%d %B %Y} and {analysis.end:%d %B %Y}, reception staff at "
        f"{who} recorded {total.signposts:,} signposts. {total.accepted:,} "
        f"({percent(total.share(total.accepted))}) were accepted by the patient, "
        f"{total.declined:,} declined, and {total.escalated:,} red flags were escalated. "
        f"We estimate {total.appointments_avoided:,.0f} GP appointments were avoided, releasing "
        f"about {total.hours:,.0f} hours of GP time, worth about £{total.cost:,.0f}. "
        f"This assumes {rules.share_avoided:.0%} of accepted signposts would otherwise have "
        f"been a GP appointment of {rules.minutes_per_appointment:g} minutes costing "
        f"£{rules.cost_per_appointment:,.2f}."
    )
    if analysis.share_of_gp_time is not None:
        text += (
            f" Against the {analysis.gp_appointments:,} GP appointments in the period, that is "
            f"{percent(analysis.share_of_gp_time)} of GP consultation time "
            "(the GP Forward View aimed for up to 10%)."
        )
    return text + _appointments_sentence(analysis.appointments)


def charts(analysis: SavingsAnalysis) -> dict[str, str]:
    """SVG charts by name: signposts per week, by service, and the outcome mix."""
    outcomes = [o for o in Outcome if analysis.total.counts[o]]
    top = analysis.services[:TOP_SERVICES]
    return {
        "weeks": column_chart(
            [row.span.short_label for row in analysis.weeks],
            [row.figures.signposts for row in analysis.weeks],
            "Signposts per week (week commencing)",
            partial=[row.partial for row in analysis.weeks],
        ),
        "services": bar_chart(
            [row.label for row in top],
            [row.figures.signposts for row in top],
            f"Signposts by service (top {len(top)})",
        ),
        "outcomes": share_bar(
            [OUTCOME_LABELS[o] for o in outcomes],
            [analysis.total.counts[o] for o in outcomes],
            "Outcome mix",
            colours=[OUTCOME_COLOURS[o] for o in outcomes],
        ),
    }


@cache
def _environment() -> jinja2.Environment:
    environment = template_environment("signposting.analysis")
    environment.filters["percent"] = percent
    return environment


def render_report_html(analysis: SavingsAnalysis, *, inline_charts: bool = True) -> str:
    """The report as HTML. With ``inline_charts`` the SVG is embedded; otherwise images refer to
    ``chart:NAME`` for a renderer (the PDF writer) to supply."""
    return (
        _environment()
        .get_template("savings_report.html.j2")
        .render(
            a=analysis,
            total=analysis.total,
            rules=analysis.assumptions,
            summary=summary(analysis),
            benchmarks=benchmarks(analysis),
            appointment_rows=appointment_rows(analysis.appointments)
            if analysis.appointments
            else [],
            appointment_source=appointment_source(analysis.appointments)
            if analysis.appointments
            else "",
            appointment_absence=appointment_absence(analysis.appointments),
            charts=charts(analysis) if inline_charts else {},
            inline_charts=inline_charts,
            generated=datetime.now(UTC),
        )
    )
