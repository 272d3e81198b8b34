"""Qt Charts for the savings dashboard, the same three the printed report shows, with the
report's colours (one per outcome) and whole-number ticks on every count axis."""

from __future__ import annotations

import math

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPen

from signposting.analysis.charts import COUNT_COLOUR, OUTCOME_COLOURS, integer_ticks
from signposting.domain import Outcome
from signposting.labels import label

CHART_HEIGHT = 260
#: The share of a chart's width Qt Charts allows a legend beside the plot, and the chart's
#: margins and background inset either side that it is a share of.
LEGEND_SHARE, CHART_MARGINS = 0.4, 60


def chart_view(chart: QChart, name: str, height: int = CHART_HEIGHT) -> QChartView:
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setAccessibleName(name)
    view.setMinimumHeight(height)
    return view


def count_axis(values: list[int]) -> QValueAxis:
    """A value axis for counts: from 0, whole numbers only, each tick a different number."""
    ticks = integer_ticks(max(values, default=0))
    axis = QValueAxis()
    axis.setRange(0, ticks[-1])
    axis.setTickType(QValueAxis.TickType.TicksFixed)
    axis.setTickCount(len(ticks))
    axis.setMinorTickCount(0)
    axis.setLabelFormat("%d")
    return axis


def weekly_chart(labels: list[str], values: list[int]) -> QChart:
    bars = QBarSet("Signposts")
    bars.append([float(v) for v in values])
    bars.setColor(QColor(COUNT_COLOUR))
    series = QBarSeries()
    series.append(bars)
    chart = QChart()
    chart.addSeries(series)
    chart.setTitle("Signposts per week")
    axis_x = QBarCategoryAxis()
    axis_x.append(labels)
    axis_x.setLabelsAngle(-90)
    small = axis_x.labelsFont()
    small.setPointSizeF(small.pointSizeF() * 0.8)
    axis_x.setLabelsFont(small)
    axis_y = count_axis(values)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_x)
    series.attachAxis(axis_y)
    chart.legend().hide()
    return chart


def services_chart(labels: list[str], values: list[int]) -> QChart:
    bars = QBarSet("Signposts")
    bars.append([float(v) for v in reversed(values)])
    bars.setColor(QColor(COUNT_COLOUR))
    series = QHorizontalBarSeries()
    series.append(bars)
    chart = QChart()
    chart.addSeries(series)
    chart.setTitle("Signposts by service")
    axis_y = QBarCategoryAxis()
    axis_y.append([text if len(text) < 34 else text[:33] + "…" for text in reversed(labels)])
    axis_x = count_axis(values)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)
    series.attachAxis(axis_y)
    chart.legend().hide()
    return chart


def outcome_chart(outcomes: list[Outcome], values: list[int]) -> QChart:
    """The outcome mix; each outcome always in its own colour, slices edged in white."""
    series = QPieSeries()
    total = sum(values) or 1
    for outcome, value in zip(outcomes, values, strict=True):
        piece = series.append(
            f"{label(outcome)}: {value:,} ({100 * value / total:.0f}%)", float(value)
        )
        piece.setColor(QColor(OUTCOME_COLOURS[outcome]))
        piece.setPen(QPen(QColor("white"), 1.5))
    chart = QChart()
    chart.addSeries(series)
    chart.setTitle("Outcome mix")
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
    return chart


def legend_room(chart: QChart) -> int:
    """The narrowest width at which the chart's side legend shows its labels whole: Qt Charts
    gives a side legend at most ``LEGEND_SHARE`` of the width inside its margins, and elides
    the labels of a legend squeezed below its own width."""
    needed = chart.legend().effectiveSizeHint(Qt.SizeHint.PreferredSize).width()
    return math.ceil(needed / LEGEND_SHARE) + CHART_MARGINS
