"""The savings report: a plain-language summary, figures beside their assumptions, charts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

import jinja2

from signposting.analysis.charts import bar_chart, column_chart, share_bar
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
    return text


def charts(analysis: SavingsAnalysis) -> dict[str, str]:
    """SVG charts by name: signposts per week, by service, and the outcome mix."""
    outcomes = [o for o in Outcome if analysis.total.counts[o]]
    top = analysis.services[:TOP_SERVICES]
    return {
        "weeks": column_chart(
            [row.label.removeprefix("w/c ")[:5] for row in analysis.weeks],
            [row.figures.signposts for row in analysis.weeks],
            "Signposts per week (week commencing)",
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
            charts=charts(analysis) if inline_charts else {},
            inline_charts=inline_charts,
            generated=datetime.now(UTC),
        )
    )
