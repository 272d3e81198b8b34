"""Small SVG charts for the report: no plotting library, readable in print and on screen.

Also what every chart, printed or on screen, shares: one colour per outcome and whole-number
axis ticks for counts."""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from signposting.domain import Outcome

PALETTE = ("#005eb8", "#007f3b", "#ffb81c", "#da291c", "#768692", "#330072")
#: Bars that count signposts (per week, per service): NHS blue, no outcome's colour.
COUNT_COLOUR = "#005eb8"
#: A part week's bar (the period or the records start or end inside it): the count colour,
#: lighter, so a short week does not read as a poor one.
PART_WEEK_COLOUR = "#9ec5ea"
PART_WEEK_NOTE = "* Part week (fewer than 7 days counted)"
#: One colour per outcome in every chart, whichever outcomes the data holds. Okabe and Ito's
#: palette, chosen to stay distinct with the common kinds of colour blindness.
OUTCOME_COLOURS = {
    Outcome.ACCEPTED: "#009e73",  # bluish green
    Outcome.DECLINED: "#e69f00",  # orange
    Outcome.RED_FLAG_ESCALATED: "#d55e00",  # vermilion
    Outcome.NO_SUITABLE_SERVICE: "#56b4e9",  # sky blue
    Outcome.BOOKED_CLINICIAN: "#cc79a7",  # reddish purple
}
FONT = "font-family:Arial,Helvetica,sans-serif;font-size:11px"
MOST_TICKS = 6


def integer_ticks(peak: float, most: int = MOST_TICKS) -> list[int]:
    """Axis ticks for counts: 0 up to at least ``peak`` in equal whole-number steps of 1, 2 or 5
    times a power of ten, at most ``most`` of them (3 gives 0, 1, 2, 3; never 0, 0, 1, 2, 3)."""
    top = max(1, math.ceil(peak))
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if math.ceil(top / step) + 1 <= most:
                return [step * index for index in range(math.ceil(top / step) + 1)]
        magnitude *= 10


def column_chart(
    labels: list[str],
    values: list[float],
    title: str,
    *,
    width: int = 640,
    partial: Sequence[bool] = (),
) -> str:
    """Vertical bars (for counts over time); every other label is dropped when crowded. Bars
    marked ``partial`` (part weeks) are lighter, with a note saying why under the chart."""
    parts_of_week = list(partial) or [False] * len(values)
    height, left, bottom, top = 240 + (18 if any(parts_of_week) else 0), 40, 50, 24
    plot_w, plot_h = width - left - 10, 240 - top - bottom
    ticks = integer_ticks(max(values, default=0))
    peak = ticks[-1]
    step = plot_w / max(len(values), 1)
    every = max(1, int(len(values) / 12) + (1 if len(values) > 12 else 0))
    parts = [_frame(width, height, title)]
    for tick in ticks:
        y = top + plot_h - plot_h * tick / peak
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 10}" y2="{y:.1f}" stroke="#d8dde0"/>'
        )
        parts.append(_text(left - 4, y + 4, f"{tick:,}", "end"))
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        bar_h = plot_h * value / peak
        x = left + index * step + step * 0.1
        part = parts_of_week[index]
        parts.append(
            f'<rect x="{x:.1f}" y="{top + plot_h - bar_h:.1f}" width="{step * 0.8:.1f}" '
            f'height="{bar_h:.1f}" fill="{PART_WEEK_COLOUR if part else COUNT_COLOUR}">'
            f"<title>{escape(label)}{' (part week)' if part else ''}: {value:.0f}</title></rect>"
        )
        if index % every == 0:
            cx, cy = x + step * 0.4, top + plot_h + 12
            parts.append(
                f'<text x="{cx:.1f}" y="{cy:.1f}" text-anchor="end" style="{FONT}" '
                f'transform="rotate(-40 {cx:.1f} {cy:.1f})">{escape(label)}'
                f"{'*' if part else ''}</text>"
            )
    if any(parts_of_week):
        y = height - 8
        parts.append(
            f'<rect x="{left}" y="{y - 10}" width="10" height="10" fill="{PART_WEEK_COLOUR}"/>'
        )
        parts.append(_text(left + 14, y, escape(PART_WEEK_NOTE)))
    return "".join(parts) + "</svg>"


def bar_chart(labels: list[str], values: list[float], title: str, *, width: int = 640) -> str:
    """Horizontal bars with their values (for services, staff, practices)."""
    row, top, left = 22, 24, 250
    height = top + row * max(len(values), 1) + 10
    peak = max(values, default=0) or 1
    plot_w = width - left - 60
    parts = [_frame(width, height, title)]
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + index * row
        short = label if len(label) <= 40 else label[:39] + "…"
        bar_w = plot_w * value / peak
        whole = f"<title>{escape(label)}</title>" if short != label else ""
        parts.append(_text(left - 6, y + 14, whole + escape(short), "end"))
        parts.append(
            f'<rect x="{left}" y="{y + 3}" width="{bar_w:.1f}" height="{row - 6}" '
            f'fill="{COUNT_COLOUR}">'
            f"<title>{escape(label)}: {value:.0f}</title></rect>"
        )
        parts.append(_text(left + bar_w + 4, y + 14, f"{value:.0f}"))
    return "".join(parts) + "</svg>"


def share_bar(
    labels: list[str],
    values: list[float],
    title: str,
    *,
    width: int = 640,
    colours: Sequence[str] | None = None,
) -> str:
    """One bar split into shares, with a legend (for the outcome mix: pass each outcome's
    colour from ``OUTCOME_COLOURS`` so a share keeps its colour whatever else is there)."""
    height, top, bar_h = 60 + 18 * ((len(labels) + 2) // 3), 24, 26
    total = sum(values) or 1
    parts = [_frame(width, height, title)]
    x = 10.0
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        part_w = (width - 20) * value / total
        colour = colours[index] if colours is not None else PALETTE[index % len(PALETTE)]
        parts.append(
            f'<rect x="{x:.1f}" y="{top}" width="{part_w:.1f}" height="{bar_h}" fill="{colour}">'
            f"<title>{escape(label)}: {value:.0f}</title></rect>"
        )
        x += part_w
        lx, ly = 10 + (index % 3) * ((width - 20) / 3), top + bar_h + 18 + 18 * (index // 3)
        parts.append(f'<rect x="{lx:.1f}" y="{ly - 10}" width="10" height="10" fill="{colour}"/>')
        parts.append(
            f'<text x="{lx + 14:.1f}" y="{ly}" style="{FONT}">{escape(label)}: {value:.0f} '
            f"({100 * value / total:.0f}%)</text>"
        )
    return "".join(parts) + "</svg>"


def _text(x: float, y: float, content: str, anchor: str = "start") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" style="{FONT}">{content}</text>'


def _frame(width: int, height: int, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">'
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>'
        f'<text x="10" y="16" style="{FONT};font-weight:bold">{escape(title)}</text>'
    )
