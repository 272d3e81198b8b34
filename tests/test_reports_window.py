"""The savings dashboard and the export dialog as a practice manager meets them on a 1366x768
laptop: the dashboard fits and scrolls, F5 (or showing it again) reads new records, its sources
and legend are not cut off, and the export dialog warns about uncoded services, names the file
it wrote and opens its folder. Also the desk's state when nothing matches, as the screenshots in
docs/ show it."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from pytestqt.qtbot import QtBot

from PySide6.QtCharts import QChartView
from PySide6.QtCore import QDate, QPoint, QRect, Qt, QUrl
from PySide6.QtWidgets import QLabel, QScrollArea

from signposting.analysis.codes import code_coverage
from signposting.db.engine import Database
from signposting.db.models import Service
from signposting.domain import Outcome
from signposting.reception.session import DeskSession
from signposting.recording.recorder import SignpostRequest, record_signpost
from signposting.ui.desk.window import DeskWindow
from signposting.ui.reports.dashboard import TITLE_BAR_ALLOWANCE, SavingsDashboard
from signposting.ui.reports.export_dialog import ExportDialog
from tests.test_reports_ui import TODAY, demo, manager_id, practice_id

__all__ = ["demo", "manager_id"]

#: A 1366x768 laptop with a 40-pixel taskbar at the bottom.
LAPTOP = QRect(0, 0, 1366, 728)
#: Inside the dashboard's period (its last day) and long after the demo's records began.
ON_THE_LAST_DAY = datetime(2026, 11, 20, 10, 30, tzinfo=UTC)


def open_dashboard(database: Database, actor_id: int, qtbot: QtBot) -> SavingsDashboard:
    dashboard = SavingsDashboard(database, actor_id, today=TODAY)
    qtbot.addWidget(dashboard)
    dashboard.fit_to(LAPTOP)
    with qtbot.waitExposed(dashboard):
        dashboard.show()
    return dashboard


def figure_text(dashboard: SavingsDashboard, row: int, column: int) -> str:
    item = dashboard.figures.itemAtPosition(row, column)
    label = item.widget() if item is not None else None
    assert isinstance(label, QLabel)
    return label.text()


def shown_signposts(dashboard: SavingsDashboard) -> str:
    """The "Signposts" figure as the dashboard shows it (first row, value column)."""
    assert figure_text(dashboard, 0, 0) == "Signposts"
    return figure_text(dashboard, 0, 1)


class FolderOpener:
    """Stands in for the desktop's file manager: remembers what it was asked to open."""

    def __init__(self, *, works: bool = True) -> None:
        self.works = works
        self.opened: list[QUrl] = []

    def __call__(self, url: QUrl | str) -> bool:
        self.opened.append(QUrl(url))
        return self.works


def record_one(database: Database) -> None:
    """A signpost recorded at the desk while the dashboard is open."""
    with database.unit_of_work() as session:
        nurse = session.scalars(sa.select(Service.id).where(Service.key == "practice-nurse")).one()
    record_signpost(
        database,
        SignpostRequest(
            practice_id(database), Outcome.ACCEPTED, nurse, recorded_at=ON_THE_LAST_DAY
        ),
    )


# ---------------------------------------------------------------- the dashboard
def test_dashboard_fits_a_laptop_screen_and_scrolls_what_does_not_fit(
    demo: Database, manager_id: int, qtbot: QtBot
) -> None:
    dashboard = open_dashboard(demo, manager_id, qtbot)
    frame = dashboard.frameGeometry()
    assert frame.width() <= LAPTOP.width()
    assert LAPTOP.left() <= frame.left() and frame.right() <= LAPTOP.right()
    assert frame.top() >= LAPTOP.top()
    assert frame.top() + dashboard.height() + TITLE_BAR_ALLOWANCE <= LAPTOP.bottom() + 1
    # Nothing forces the window bigger than it was asked to be.
    minimum = dashboard.minimumSizeHint().expandedTo(dashboard.minimumSize())
    assert minimum.width() <= LAPTOP.width()
    assert minimum.height() + TITLE_BAR_ALLOWANCE <= LAPTOP.height()

    scroll = dashboard.centralWidget()
    assert isinstance(scroll, QScrollArea)
    content = scroll.widget()
    assert content is not None
    # Every part gets at least the room it needs; the height that does not fit scrolls ...
    assert content.height() >= content.minimumSizeHint().height()
    assert content.height() > scroll.viewport().height()
    assert scroll.verticalScrollBar().maximum() > 0
    # ... and the width fits, so nothing is off to the right.
    assert content.minimumSizeHint().width() <= scroll.viewport().width()
    assert scroll.horizontalScrollBar().maximum() == 0
    # Scrolled to the bottom, the last chart (signposts by service) is in view.
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
    last_item = dashboard.services_holder.itemAt(0)
    last_chart = last_item.widget() if last_item is not None else None
    assert last_chart is not None
    top_left = last_chart.mapTo(scroll.viewport(), QPoint(0, 0))
    assert top_left.y() >= 0
    assert top_left.y() + last_chart.height() <= scroll.viewport().height()


def test_dashboard_fits_the_area_it_is_given_wherever_that_is(
    demo: Database, manager_id: int, qtbot: QtBot
) -> None:
    """A taskbar on the left, and a second screen to the right of the first."""
    dashboard = SavingsDashboard(demo, manager_id, today=TODAY)
    qtbot.addWidget(dashboard)
    for available in (QRect(60, 0, 1306, 768), QRect(1920, 0, 1366, 728)):
        dashboard.fit_to(available)
        placed = QRect(dashboard.pos(), dashboard.size())
        assert available.contains(placed.topLeft())
        assert placed.right() <= available.right()
        assert placed.top() + placed.height() + TITLE_BAR_ALLOWANCE <= available.bottom() + 1


def test_long_assumption_sources_read_from_their_start(
    demo: Database, manager_id: int, qtbot: QtBot
) -> None:
    dashboard = open_dashboard(demo, manager_id, qtbot)
    source = dashboard.minutes_source
    assert source.text().startswith("Time for Care")
    assert source.fontMetrics().horizontalAdvance(source.text()) > source.width()  # it is long
    for box in (dashboard.minutes_source, dashboard.share_source, dashboard.cost_source):
        assert box.cursorPosition() == 0
    dashboard.practice_box.setCurrentIndex(1)  # the practice's own assumptions, loaded anew
    assert dashboard.minutes_source.cursorPosition() == 0


@pytest.mark.parametrize("screen", [LAPTOP, QRect(0, 0, 1024, 728)])
def test_the_outcome_legend_has_room_for_whole_labels(
    demo: Database, manager_id: int, qtbot: QtBot, screen: QRect
) -> None:
    """Qt elides the labels of a legend squeezed below its own width ("Booked with clinician:
    116 (6..."); on a laptop, and on a smaller screen where the dashboard scrolls sideways."""
    dashboard = open_dashboard(demo, manager_id, qtbot)
    dashboard.fit_to(screen)
    (view,) = [v for v in dashboard.findChildren(QChartView) if v.accessibleName() == "Outcome mix"]
    chart = view.chart()
    legend = chart.legend()
    needed = legend.effectiveSizeHint(Qt.SizeHint.PreferredSize).width()
    qtbot.waitUntil(lambda: chart.size().width() == view.viewport().width())
    assert legend.geometry().width() >= needed - 0.5
    assert legend.geometry().right() <= chart.size().width()
    assert chart.plotArea().width() > 150  # and the pie still has room


def test_f5_on_the_dashboard_shows_a_signpost_recorded_since_it_opened(
    demo: Database, manager_id: int, qtbot: QtBot
) -> None:
    dashboard = open_dashboard(demo, manager_id, qtbot)
    with qtbot.waitActive(dashboard):  # F5 is a shortcut of the active window
        dashboard.activateWindow()
    assert dashboard.analysis is not None
    before = dashboard.analysis.total.signposts
    assert shown_signposts(dashboard) == f"{before:,}"
    assert f"recorded {before:,} signposts" in dashboard.summary_label.text()

    record_one(demo)
    assert shown_signposts(dashboard) == f"{before:,}"  # nothing reads the database by itself
    qtbot.keyClick(dashboard, Qt.Key.Key_F5)  # the button's shortcut: it animates a click

    qtbot.waitUntil(lambda: shown_signposts(dashboard) == f"{before + 1:,}")
    assert f"recorded {before + 1:,} signposts" in dashboard.summary_label.text()


def test_the_refresh_button_says_its_key(demo: Database, manager_id: int, qtbot: QtBot) -> None:
    dashboard = open_dashboard(demo, manager_id, qtbot)
    assert dashboard.refresh_button.text() == "Refresh (F5)"
    assert dashboard.refresh_button.shortcut().toString() == "F5"
    assert dashboard.analysis is not None
    before = dashboard.analysis.total.signposts
    record_one(demo)
    qtbot.mouseClick(dashboard.refresh_button, Qt.MouseButton.LeftButton)
    assert shown_signposts(dashboard) == f"{before + 1:,}"


def test_showing_the_dashboard_again_reads_the_records_again(
    demo: Database, manager_id: int, qtbot: QtBot
) -> None:
    dashboard = open_dashboard(demo, manager_id, qtbot)
    assert dashboard.analysis is not None
    before = dashboard.analysis.total.signposts
    dashboard.hide()
    record_one(demo)
    record_one(demo)
    with qtbot.waitExposed(dashboard):
        dashboard.show()
    assert shown_signposts(dashboard) == f"{before + 2:,}"
    assert f"recorded {before + 2:,} signposts" in dashboard.summary_label.text()


# ---------------------------------------------------------------- the export dialog
def open_export(database: Database, actor_id: int, qtbot: QtBot) -> ExportDialog:
    dialog = ExportDialog(database, actor_id)
    qtbot.addWidget(dialog)
    dialog.start_edit.setDate(QDate(2026, 1, 1))
    dialog.end_edit.setDate(QDate(2026, 12, 31))
    with qtbot.waitExposed(dialog):
        dialog.show()
    return dialog


def export_to(dialog: ExportDialog, qtbot: QtBot, path: Path) -> None:
    """Export and wait until the dialog is ready for another (its result is shown)."""
    dialog.start(path)
    assert dialog.progress.isVisible()  # shown while the export runs
    assert not dialog.export_button.isEnabled()
    qtbot.waitUntil(dialog.export_button.isEnabled, timeout=20_000)
    dialog.wait()


def test_the_progress_bar_shows_only_while_an_export_runs(
    demo: Database, manager_id: int, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = open_export(demo, manager_id, qtbot)
    assert not dialog.progress.isVisible()
    assert dialog.progress.accessibleName() == "Export progress"
    assert dialog.progress.format() == "%v of %m records"
    assert not dialog.open_folder_button.isVisible()
    assert dialog.status.text() == ""
    export_to(dialog, qtbot, tmp_path / "out.csv")
    assert not dialog.progress.isVisible()


def test_the_dialog_warns_before_exporting_services_without_a_code(
    demo: Database, manager_id: int, qtbot: QtBot
) -> None:
    with demo.unit_of_work() as session:
        coverage = code_coverage(session, practice_id(demo))
    assert len(coverage.uncoded) > coverage.services // 2  # most demo services have no code
    dialog = open_export(demo, manager_id, qtbot)
    warning = dialog.codes_warning
    assert warning.isVisible()
    assert warning.accessibleName() == "Services without a clinical code"
    text = warning.text()
    assert f"{len(coverage.uncoded)} of {coverage.services} services have no code" in text
    assert coverage.uncoded[0] in text
    assert "Clinical codes for export" in text


def test_a_finished_export_names_the_whole_path_and_opens_its_folder(
    demo: Database,
    manager_id: int,
    qtbot: QtBot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    dialog = open_export(demo, manager_id, qtbot)
    dialog.open_location = opener = FolderOpener()
    export_to(dialog, qtbot, Path("signposts.csv"))  # as typed: no folder

    written = Path.cwd() / "signposts.csv"
    with written.open(encoding="utf-8-sig", newline="") as stream:
        count = len(list(csv.reader(stream))) - 1
    assert count > 100
    assert dialog.status.text() == f"Exported {count:,} records to {written}."
    assert dialog.open_folder_button.isVisible()
    qtbot.mouseClick(dialog.open_folder_button, Qt.MouseButton.LeftButton)
    assert [url.toLocalFile() for url in opener.opened] == [str(Path.cwd())]
    assert opener.opened[0].isLocalFile()


def test_a_folder_that_cannot_be_opened_is_said_so(
    demo: Database, manager_id: int, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = open_export(demo, manager_id, qtbot)
    dialog.open_location = FolderOpener(works=False)
    export_to(dialog, qtbot, tmp_path / "out.csv")
    dialog.open_folder_button.click()
    assert dialog.status.text().endswith(f"The folder {tmp_path} could not be opened.")


def test_a_failed_export_says_why_and_offers_no_folder(
    demo: Database, manager_id: int, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = open_export(demo, manager_id, qtbot)
    dialog.open_location = opener = FolderOpener()
    export_to(dialog, qtbot, tmp_path / "first.csv")
    assert dialog.open_folder_button.isVisible()  # a good export first: the button is there

    missing = tmp_path / "no such folder"
    export_to(dialog, qtbot, missing / "out.csv")
    status = dialog.status.text()
    assert status.startswith("Export failed, no file was written")
    assert str(missing) in status and "does not exist" in status
    assert "Exported" not in status
    assert not dialog.open_folder_button.isVisible()
    assert not dialog.progress.isVisible()
    assert dialog.exported_to is None
    dialog.open_folder()  # even called directly, there is no folder to open
    assert opener.opened == []
    assert not missing.exists()


# ---------------------------------------------------------------- the desk, nothing matching
NO_MATCH = "my parrot has stopped squawking"


@pytest.fixture
def desk(demo: Database, qtbot: QtBot) -> Iterator[DeskWindow]:
    window = DeskWindow(DeskSession(demo), clock=lambda: datetime(2026, 11, 24, 11, tzinfo=UTC))
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    yield window
    window.toast.timer.stop()


def test_words_that_match_no_service_say_so_and_what_to_record(
    desk: DeskWindow, qtbot: QtBot
) -> None:
    qtbot.keyClicks(desk.search_box, NO_MATCH)
    assert desk.results_model.rowCount() == 0
    card = desk.card.toPlainText()
    assert card.startswith("No service matches these words")
    assert "No suitable service (Ctrl+N)" in card
    desk.search_box.setText("burning when I wee")
    assert desk.results_model.rowCount() > 0
    assert "No service matches" not in desk.card.toPlainText()
    desk.new_call()
    assert desk.card.toPlainText() == ""


def test_no_note_about_no_service_under_a_red_flag(
    desk: DeskWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = desk.session.engine
    search = engine.search
    monkeypatch.setattr(
        engine, "search", lambda *args, **kwargs: replace(search(*args, **kwargs), services=())
    )
    desk.search_box.setText("he's not breathing")
    assert desk.banner.isVisible()
    assert desk.results_model.rowCount() == 0
    assert desk.card.toPlainText() == ""
