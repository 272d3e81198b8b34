"""The dashboard on a 1366x768 laptop and the report it saves: service names whole where there is
room (elided by width only where there is not), no weeks before the first record, part weeks
marked, long assumption sources whole in their tooltips."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from PySide6.QtCharts import QBarCategoryAxis, QChartView
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics

from signposting.analysis.charts import PART_WEEK_COLOUR, PART_WEEK_NOTE
from signposting.db.engine import Database
from signposting.ui.reports.charts import ServicesChartView
from signposting.ui.reports.dashboard import SavingsDashboard
from tests.test_reports_ui import demo, manager_id
from tests.test_reports_window import open_dashboard

__all__ = ["demo", "manager_id"]


def _chart(dashboard: SavingsDashboard, name: str) -> QChartView:
    (view,) = [v for v in dashboard.findChildren(QChartView) if v.accessibleName() == name]
    return view


def test_service_names_are_whole_on_a_laptop(demo: Database, manager_id: int, qtbot: QtBot) -> None:
    dashboard = open_dashboard(demo, manager_id, qtbot)
    assert dashboard.analysis is not None
    view = _chart(dashboard, "Signposts by service")
    assert isinstance(view, ServicesChartView)
    chart = view.chart()
    qtbot.waitUntil(lambda: chart.size().width() == view.viewport().width())
    names = [row.label for row in dashboard.analysis.services[:10]]
    assert max(len(name) for name in names) > 33  # the demo's names are long enough to test
    assert view.shown_names() == names
    # Each drawn whole: inside the room the view keeps for names, which Qt Charts does not
    # elide again (it elides an axis wider than 40% of the chart).
    metrics = QFontMetrics(view.names_axis.labelsFont())
    widest = max(metrics.horizontalAdvance(name) for name in names)
    assert widest <= view.name_room() <= 0.4 * chart.size().width() - 20


def test_the_weekly_chart_starts_with_the_records_and_marks_part_weeks(
    demo: Database, manager_id: int, qtbot: QtBot
) -> None:
    """The demo's records start on Tuesday 22 September and the period on Saturday 22 August;
    it ends on Friday 20 November, today."""
    dashboard = open_dashboard(demo, manager_id, qtbot)
    assert dashboard.analysis is not None
    weeks = dashboard.analysis.weeks
    assert weeks[0].span.monday == date(2026, 9, 21)  # no empty weeks from August
    assert all(week.figures.signposts > 0 for week in weeks)
    chart = _chart(dashboard, "Signposts per week").chart()
    (axis,) = [a for a in chart.axes(Qt.Orientation.Horizontal) if isinstance(a, QBarCategoryAxis)]
    labels = axis.categories()
    assert labels[0] == "21/09*" and labels[-1] == "16/11*"
    assert all(not label.endswith("*") for label in labels[1:-1])
    (series,) = chart.series()
    part = series.barSets()[-1]
    assert part.color().name() == PART_WEEK_COLOUR
    assert part.at(0) == weeks[0].figures.signposts and part.at(1) == 0
    assert chart.legend().isVisible()


def test_the_saved_report_says_which_weeks_are_part_weeks(
    demo: Database, manager_id: int, qtbot: QtBot, tmp_path: Path
) -> None:
    dashboard = open_dashboard(demo, manager_id, qtbot)
    dashboard.save_report(tmp_path / "report.html")
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "21/09/2026 (part week: Tue 22/09 to Sun 27/09)" in html
    assert "16/11/2026 (part week: Mon 16/11 to Fri 20/11)" in html
    assert "17/08/2026" not in html  # a week before the first record
    assert PART_WEEK_NOTE in html


def test_long_assumption_sources_are_whole_in_their_tooltips(
    demo: Database, manager_id: int, qtbot: QtBot
) -> None:
    dashboard = open_dashboard(demo, manager_id, qtbot)
    source = dashboard.minutes_source
    assert source.fontMetrics().horizontalAdvance(source.text()) > source.width()
    assert source.toolTip() == source.text()
    source.setText("Our own audit, March 2026")
    assert source.toolTip() == "Our own audit, March 2026"
