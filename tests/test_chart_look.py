"""Every chart, printed or on screen, counts in whole-number ticks and keeps one colour per
outcome, chosen to stay apart for people with the common kinds of colour blindness."""

from __future__ import annotations

import itertools
import re

import pytest
from pytestqt.qtbot import QtBot

from PySide6.QtCharts import QBarCategoryAxis, QChart, QPieSeries, QStackedBarSeries, QValueAxis
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QFontMetrics, QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from signposting.analysis.charts import (
    COUNT_COLOUR,
    OUTCOME_COLOURS,
    PART_WEEK_COLOUR,
    PART_WEEK_NOTE,
    column_chart,
    integer_ticks,
    share_bar,
)
from signposting.domain import Outcome
from signposting.ui.reports.charts import (
    ServicesChartView,
    outcome_chart,
    services_chart,
    weekly_chart,
)

# Machado, Oliveira and Fernandes (2009): full protanopia, deuteranopia and tritanopia, applied
# to linear RGB.
COLOUR_BLINDNESS = {
    "protanopia": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deuteranopia": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritanopia": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
    "full colour vision": ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0)),
}
#: CIE76 distance under which two flat colours in a chart start to be mistaken for each other.
DISTINCT = 15.0


def _linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def _lab(red: float, green: float, blue: float) -> tuple[float, float, float]:
    x = (0.4124 * red + 0.3576 * green + 0.1805 * blue) / 0.95047
    y = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    z = (0.0193 * red + 0.1192 * green + 0.9505 * blue) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def _seen(colour: str, vision: tuple[tuple[float, float, float], ...]) -> tuple[float, ...]:
    rgb = [_linear(int(colour[i : i + 2], 16)) for i in (1, 3, 5)]
    red, green, blue = (
        max(0.0, min(1.0, sum(w * c for w, c in zip(row, rgb, strict=True)))) for row in vision
    )
    return _lab(red, green, blue)


@pytest.mark.parametrize("vision", list(COLOUR_BLINDNESS))
def test_outcome_colours_stay_apart_with_colour_blindness(vision: str) -> None:
    matrix = COLOUR_BLINDNESS[vision]
    assert set(OUTCOME_COLOURS) == set(Outcome)
    for (first, a), (second, b) in itertools.combinations(OUTCOME_COLOURS.items(), 2):
        distance = (
            sum((p - q) ** 2 for p, q in zip(_seen(a, matrix), _seen(b, matrix), strict=True))
            ** 0.5
        )
        assert distance >= DISTINCT, f"{first} and {second} look alike with {vision}"


@pytest.mark.parametrize("peak", [0, 1, 2, 3, 4, 5, 7, 9, 11, 24, 99, 167, 1092, 45_678])
def test_count_ticks_are_whole_distinct_and_cover_the_peak(peak: int) -> None:
    ticks = integer_ticks(peak)
    assert ticks[0] == 0 and ticks[-1] >= peak and 2 <= len(ticks) <= 6
    steps = {b - a for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1 and steps.pop() >= 1
    assert ticks[-1] < 2.5 * max(peak, 1) + 1  # the bars still fill most of the height


def test_printed_weekly_chart_labels_whole_distinct_counts() -> None:
    svg = column_chart(["01/09", "08/09", "15/09", "22/09"], [3, 1, 0, 2], "Signposts")
    ticks = re.findall(r'text-anchor="end" style="[^"]*">([^<]*)</text>', svg)
    assert ticks == ["0", "1", "2", "3"]


def test_printed_outcome_mix_takes_each_outcomes_colour() -> None:
    svg = share_bar(
        ["Red flag escalated"],
        [4],
        "Outcome mix",
        colours=[OUTCOME_COLOURS[Outcome.RED_FLAG_ESCALATED]],
    )
    assert f'fill="{OUTCOME_COLOURS[Outcome.RED_FLAG_ESCALATED]}"><title>Red flag escalated' in svg


def _tick_values(chart: QChart, orientation: Qt.Orientation) -> list[float]:
    (axis,) = [a for a in chart.axes(orientation) if isinstance(a, QValueAxis)]
    count = axis.tickCount()
    span = axis.max() - axis.min()
    return [axis.min() + span * index / (count - 1) for index in range(count)]


@pytest.mark.parametrize("values", [[3, 1, 0, 2], [0, 0], [167, 120, 5], [1]])
def test_window_charts_tick_in_whole_distinct_counts(qtbot: QtBot, values: list[int]) -> None:
    labels = [f"w{index}" for index in range(len(values))]
    for chart, orientation in (
        (weekly_chart(labels, values), Qt.Orientation.Vertical),
        (services_chart(labels, values), Qt.Orientation.Horizontal),
    ):
        ticks = _tick_values(chart, orientation)
        assert all(tick == int(tick) for tick in ticks)
        assert len(set(ticks)) == len(ticks) and ticks[-1] >= max(values)


def test_window_outcome_mix_keeps_each_outcomes_colour_whatever_the_data(qtbot: QtBot) -> None:
    def colours(outcomes: list[Outcome]) -> dict[str, str]:
        chart = outcome_chart(outcomes, [5] * len(outcomes))
        (series,) = chart.series()
        assert isinstance(series, QPieSeries)
        return {s.label().split(":")[0]: s.color().name() for s in series.slices()}

    few = colours([Outcome.ACCEPTED, Outcome.RED_FLAG_ESCALATED])
    many = colours([Outcome.DECLINED, Outcome.NO_SUITABLE_SERVICE, Outcome.RED_FLAG_ESCALATED])
    assert few["Red flag escalated"] == many["Red flag escalated"]
    assert few["Red flag escalated"] == OUTCOME_COLOURS[Outcome.RED_FLAG_ESCALATED]
    assert few["Accepted"] == OUTCOME_COLOURS[Outcome.ACCEPTED]


def test_printed_weekly_chart_draws_part_weeks_lighter_and_says_why() -> None:
    svg = column_chart(
        ["21/09", "28/09", "05/10"], [90, 160, 150], "Signposts", partial=[True, False, False]
    )
    bars = re.findall(
        r'<rect x="[^"]*" y="[^"]*" width="[^"]*" height="[^"]*" fill="([^"]*)">', svg
    )
    assert bars == [PART_WEEK_COLOUR, COUNT_COLOUR, COUNT_COLOUR]
    assert "21/09*</text>" in svg and "28/09</text>" in svg
    assert PART_WEEK_NOTE in svg
    assert PART_WEEK_NOTE not in column_chart(["28/09"], [160], "Signposts")


def test_window_weekly_chart_marks_part_weeks_in_a_lighter_colour_with_a_legend_note(
    qtbot: QtBot,
) -> None:
    chart = weekly_chart(["21/09", "28/09", "16/11"], [90, 160, 120], [True, False, True])
    (series,) = chart.series()
    assert isinstance(series, QStackedBarSeries)
    whole, part = series.barSets()
    assert [whole.at(i) for i in range(3)] == [0, 160, 0]
    assert [part.at(i) for i in range(3)] == [90, 0, 120]
    assert part.color().name() == PART_WEEK_COLOUR and whole.color().name() == COUNT_COLOUR
    assert part.label() == PART_WEEK_NOTE and chart.legend().isVisible()
    (axis,) = [a for a in chart.axes(Qt.Orientation.Horizontal) if isinstance(a, QBarCategoryAxis)]
    assert axis.categories() == ["21/09*", "28/09", "16/11*"]

    whole_weeks = weekly_chart(["28/09", "05/10"], [160, 150])
    (series,) = whole_weeks.series()
    assert len(series.barSets()) == 1 and not whole_weeks.legend().isVisible()


LONG_NAME = "Community pharmacy: minor illness consultation service for adults and children"
NAMES = [LONG_NAME, "Pharmacy First: urinary tract infection (women 16-64)", "NHS 111"]


def _label_rows(view: ServicesChartView) -> dict[str, QPoint]:
    """A point over each service's name (left of the plot), by name, busiest first."""
    chart = view.chart()
    (series,) = chart.series()
    plot = chart.plotArea()
    points = {}
    for index, name in enumerate(view.names):
        row = len(view.names) - 1 - index
        middle = chart.mapToPosition(QPointF(0, row), series)
        scene = chart.mapToScene(QPointF(plot.left() - 20, middle.y()))
        points[name] = view.mapFromScene(scene)
    return points


def test_service_names_are_elided_to_the_room_by_width_with_the_whole_name_in_a_tooltip(
    qtbot: QtBot,
) -> None:
    view = ServicesChartView(NAMES, [40, 30, 3])
    qtbot.addWidget(view)
    view.resize(1240, 400)
    with qtbot.waitExposed(view):
        view.show()
    # On a wide chart a name of 50 letters is whole (no cut at a count of letters).
    assert view.shown_names()[1:] == NAMES[1:]
    view.resize(520, 400)
    qtbot.waitUntil(lambda: view.shown_names()[0] != LONG_NAME)
    metrics = QFontMetrics(view.names_axis.labelsFont())
    shown = view.shown_names()
    assert "\u2026" in shown[0]
    assert shown[0].startswith("Community") and shown[0].endswith("children")  # the middle goes
    assert all(metrics.horizontalAdvance(text) <= view.name_room() for text in shown)
    assert shown[2] == "NHS 111"
    points = _label_rows(view)
    assert view.tooltip_at(points[LONG_NAME]) == f"{LONG_NAME}: 40 signposts"
    assert view.tooltip_at(points["NHS 111"]) == "NHS 111: 3 signposts"
    assert view.tooltip_at(QPoint(2, 2)) == ""  # over the title, no service
    QApplication.sendEvent(
        view.viewport(),
        QHelpEvent(QEvent.Type.ToolTip, points[LONG_NAME], view.mapToGlobal(points[LONG_NAME])),
    )
    assert QToolTip.text() == f"{LONG_NAME}: 40 signposts"


def test_service_names_elided_alike_stay_apart(qtbot: QtBot) -> None:
    """A category axis keeps one of two equal labels: names alike once elided stay apart."""
    twins = [f"Pharmacy First: {'x' * 30} {middle} {'x' * 30} (adults)" for middle in "AB"]
    view = ServicesChartView(["NHS 111", *twins], [4, 3, 2])
    qtbot.addWidget(view)
    view.resize(300, 300)
    view.fit_names()
    shown = view.shown_names()
    assert shown[1] == shown[2] and "\u2026" in shown[1]
    assert len(view.names_axis.categories()) == 3
