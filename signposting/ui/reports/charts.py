"""Qt Charts for the savings dashboard, the same three the printed report shows."""

from __future__ import annotations

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
from PySide6.QtGui import QColor, QPainter

from signposting.analysis.charts import PALETTE


def chart_view(chart: QChart, name: str, height: int = 300) -> QChartView:
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setAccessibleName(name)
    view.setMinimumHeight(height)
    return view


def weekly_chart(labels: list[str], values: list[int]) -> QChart:
    bars = QBarSet("Signposts")
    bars.append([float(v) for v in values])
    bars.setColor(QColor(PALETTE[0]))
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
    axis_y = QValueAxis()
    axis_y.setRange(0, max(values, default=0) or 1)
    axis_y.setLabelFormat("%d")
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_x)
    series.attachAxis(axis_y)
    chart.legend().hide()
    return chart


def services_chart(labels: list[str], values: list[int]) -> QChart:
    bars = QBarSet("Signposts")
    bars.append([float(v) for v in reversed(values)])
    bars.setColor(QColor(PALETTE[1]))
    series = QHorizontalBarSeries()
    series.append(bars)
    chart = QChart()
    chart.addSeries(series)
    chart.setTitle("Signposts by service")
    axis_y = QBarCategoryAxis()
    axis_y.append([label if len(label) < 34 else label[:33] + "…" for label in reversed(labels)])
    axis_x = QValueAxis()
    axis_x.setRange(0, max(values, default=0) or 1)
    axis_x.setLabelFormat("%d")
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)
    series.attachAxis(axis_y)
    chart.legend().hide()
    return chart


def outcome_chart(labels: list[str], values: list[int]) -> QChart:
    series = QPieSeries()
    total = sum(values) or 1
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        piece = series.append(f"{label}: {value} ({100 * value / total:.0f}%)", float(value))
        piece.setColor(QColor(PALETTE[index % len(PALETTE)]))
    chart = QChart()
    chart.addSeries(series)
    chart.setTitle("Outcome mix")
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
    return chart
