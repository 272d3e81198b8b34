"""Qt Charts for the savings dashboard, the same three the printed report shows, with the
report's colours (one per outcome) and whole-number ticks on every count axis."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QPieSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QColor, QFontMetrics, QHelpEvent, QPainter, QPen, QResizeEvent
from PySide6.QtWidgets import QToolTip, QWidget

from signposting.analysis.charts import (
    COUNT_COLOUR,
    OUTCOME_COLOURS,
    PART_WEEK_COLOUR,
    PART_WEEK_NOTE,
    integer_ticks,
)
from signposting.domain import Outcome
from signposting.labels import label

CHART_HEIGHT = 260
#: The height the weekly chart's legend takes, when it has part weeks to explain.
PART_WEEK_LEGEND = 40
#: The share of a chart's width Qt Charts allows a legend beside the plot, and the chart's
#: margins and background inset either side that it is a share of.
LEGEND_SHARE, CHART_MARGINS = 0.4, 60
#: Qt Charts gives the axes on one side of a chart at most 40% of its width and elides what is
#: wider itself; service names are elided here first, by their measured width, within this
#: share of the view, so the middle of a long name goes rather than its distinguishing end.
NAME_SHARE, NAME_ROOM_LEAST = 0.34, 80


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


def weekly_chart(labels: list[str], values: list[int], partial: Sequence[bool] = ()) -> QChart:
    """Signposts per week; a part week (``partial``) is a lighter bar with a * on its label,
    explained in the legend, so a short week does not read as a poor one."""
    parts = list(partial) or [False] * len(values)
    whole = QBarSet("Whole week")
    whole.append([0.0 if part else float(v) for v, part in zip(values, parts, strict=True)])
    whole.setColor(QColor(COUNT_COLOUR))
    series = QStackedBarSeries()
    series.append(whole)
    if any(parts):
        short = QBarSet(PART_WEEK_NOTE)
        short.append([float(v) if part else 0.0 for v, part in zip(values, parts, strict=True)])
        short.setColor(QColor(PART_WEEK_COLOUR))
        series.append(short)
    chart = QChart()
    chart.addSeries(series)
    chart.setTitle("Signposts per week (week commencing)")
    axis_x = QBarCategoryAxis()
    axis_x.append([f"{text}*" if part else text for text, part in zip(labels, parts, strict=True)])
    axis_x.setLabelsAngle(-90)
    small = axis_x.labelsFont()
    small.setPointSizeF(small.pointSizeF() * 0.8)
    axis_x.setLabelsFont(small)
    axis_y = count_axis(values)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_x)
    series.attachAxis(axis_y)
    chart.legend().setVisible(any(parts))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


def services_chart(labels: list[str], values: list[int]) -> QChart:
    """Signposts by service, the busiest at the top, with the names whole (``ServicesChartView``
    elides them to the room it has)."""
    bars = QBarSet("Signposts")
    bars.append([float(v) for v in reversed(values)])
    bars.setColor(QColor(COUNT_COLOUR))
    series = QHorizontalBarSeries()
    series.append(bars)
    chart = QChart()
    chart.addSeries(series)
    chart.setTitle("Signposts by service")
    axis_y = QBarCategoryAxis()
    axis_y.append(_distinct(list(reversed(labels))))
    axis_x = count_axis(values)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)
    series.attachAxis(axis_y)
    chart.legend().hide()
    return chart


def _distinct(labels: list[str]) -> list[str]:
    """A category axis drops a repeated label: two names elided alike are kept apart by
    invisible zero-width spaces."""
    seen: set[str] = set()
    kept = []
    for text in labels:
        unique = text
        while unique in seen:
            unique += "\u200b"
        seen.add(unique)
        kept.append(unique)
    return kept


class ServicesChartView(QChartView):
    """The services chart, its names elided in the middle to the width the view has (by their
    measured width, not a count of letters), the whole name and count in a tooltip."""

    def __init__(self, names: list[str], values: list[int], parent: QWidget | None = None) -> None:
        super().__init__(services_chart(names, values), parent)
        self.names, self.values = names, values
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setAccessibleName("Signposts by service")
        self.setMinimumHeight(80 + 30 * len(names))
        (axis,) = [a for a in self.chart().axes() if isinstance(a, QBarCategoryAxis)]
        self.names_axis = axis
        self.fit_names()

    def name_room(self) -> int:
        """How wide a service's name may be drawn: a share of the view, never under a few
        letters."""
        return max(NAME_ROOM_LEAST, int(self.width() * NAME_SHARE))

    def shown_names(self) -> list[str]:
        """The names as the axis shows them, busiest first."""
        return [text.rstrip("\u200b") for text in reversed(self.names_axis.categories())]

    def fit_names(self) -> None:
        metrics = QFontMetrics(self.names_axis.labelsFont())
        room = self.name_room()
        shown = [
            metrics.elidedText(name, Qt.TextElideMode.ElideMiddle, room) for name in self.names
        ]
        wanted = _distinct(list(reversed(shown)))
        if wanted != self.names_axis.categories():
            self.names_axis.setCategories(wanted)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.fit_names()

    def tooltip_at(self, point: QPoint) -> str:
        """The whole name and count of the service drawn at ``point`` (in the view), over its
        name or its bar; empty elsewhere."""
        chart = self.chart()
        place = chart.mapFromScene(self.mapToScene(point))
        plot = chart.plotArea()
        if not self.names or not (plot.top() <= place.y() <= plot.bottom()):
            return ""
        if place.x() > plot.right():
            return ""
        (series,) = chart.series()
        row = round(chart.mapToValue(place, series).y())
        index = len(self.names) - 1 - row
        if not 0 <= index < len(self.names):
            return ""
        count = self.values[index]
        return f"{self.names[index]}: {count:,} signpost{'' if count == 1 else 's'}"

    def viewportEvent(self, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            text = self.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)


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
