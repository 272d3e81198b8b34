"""The savings dashboard: the report's figures and charts, filterable, assumptions editable."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from signposting.accounts.permissions import Permission, allowed
from signposting.analysis.appointment_months import preview_lines, store_national_appointments
from signposting.analysis.assumptions import Assumptions, load_assumptions, save_assumptions
from signposting.analysis.clinical_csv import read_report, store_report
from signposting.analysis.national_appointments import looks_national, read_national_appointments
from signposting.analysis.report import (
    appointments_figure,
    benchmarks,
    charts,
    percent,
    render_report_html,
    summary,
)
from signposting.analysis.savings import SavingsAnalysis, analyse
from signposting.db.engine import Database
from signposting.db.models import Practice, StaffMember
from signposting.domain import Outcome
from signposting.errors import PermissionDeniedError, SignpostingError
from signposting.export.atomic import atomic_binary_file
from signposting.ui.reports.charts import (
    CHART_HEIGHT,
    PART_WEEK_LEGEND,
    ServicesChartView,
    chart_view,
    legend_room,
    outcome_chart,
    weekly_chart,
)
from signposting.ui.reports.export_dialog import python_date, qdate

TOP_SERVICES = 10
WIDEST, TALLEST = 1280, 900
#: Room kept for the window manager's title bar and frame, which the window does not include.
TITLE_BAR_ALLOWANCE = 48


class SavingsDashboard(QMainWindow):
    def __init__(self, database: Database, actor_id: int, today: date | None = None) -> None:
        super().__init__()
        self.setWindowTitle("Savings dashboard")
        self.database, self.actor_id = database, actor_id
        today = today or date.today()
        self.start_edit = QDateEdit(qdate(today - timedelta(days=90)))
        self.end_edit = QDateEdit(qdate(today))
        for edit, name in ((self.start_edit, "From"), (self.end_edit, "To")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setAccessibleName(name)
            edit.dateChanged.connect(self.refresh)
        self.practice_box = self._practice_box(database)
        self.save_button = QPushButton("Save report… (Ctrl+S)")
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.clicked.connect(self.save_report_as)
        self.import_button = QPushButton("Import clinical-system report…")
        self.import_button.clicked.connect(self.import_clinical_report)
        self.refresh_button = self._refresh_button()
        filters = QHBoxLayout()
        for widget in (
            QLabel("From:"),
            self.start_edit,
            QLabel("To:"),
            self.end_edit,
            QLabel("Practice:"),
            self.practice_box,
        ):
            filters.addWidget(widget)
        filters.addStretch(1)
        filters.addWidget(self.refresh_button)
        filters.addWidget(self.import_button)
        filters.addWidget(self.save_button)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setAccessibleName("Summary")
        self.figures = QGridLayout()
        self.charts_row = QHBoxLayout()
        self.services_holder = QVBoxLayout()
        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addLayout(filters)
        layout.addWidget(self.summary_label)
        figures_box = QGroupBox("Figures and assumptions")
        figures_box.setLayout(self.figures)
        layout.addWidget(figures_box)
        layout.addWidget(self._assumptions_box())
        layout.addLayout(self.charts_row)
        layout.addLayout(self.services_holder)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        self.setCentralWidget(scroll)
        self.analysis: SavingsAnalysis | None = None
        self._load_assumptions()
        self.refresh()
        self.shown_before = False
        self.fit_to(self.screen().availableGeometry())

    def _practice_box(self, database: Database) -> QComboBox:
        box = QComboBox()
        box.setAccessibleName("Practice")
        box.addItem("All practices", None)
        with database.unit_of_work() as session:
            for practice in session.scalars(sa.select(Practice).order_by(Practice.name)):
                box.addItem(f"{practice.name} ({practice.ods_code})", practice.id)
        box.currentIndexChanged.connect(self._practice_changed)
        return box

    def _refresh_button(self) -> QPushButton:
        button = QPushButton("Refresh (F5)")
        button.setShortcut("F5")
        button.setToolTip("Read the records again, with any recorded since")
        button.clicked.connect(self.refresh)
        return button

    def fit_to(self, available: QRect) -> None:
        """Open within the screen's free area (a 1366x768 laptop, say), leaving room for the
        title bar; what does not fit scrolls."""
        width = min(WIDEST, available.width())
        height = min(TALLEST, available.height() - TITLE_BAR_ALLOWANCE)
        self.resize(width, height)
        self.move(
            available.x() + (available.width() - width) // 2,
            available.y() + max(0, (available.height() - height - TITLE_BAR_ALLOWANCE) // 2),
        )

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Shown again (after being hidden or minimised): show the records as they are now."""
        if self.shown_before:
            self.refresh()
        self.shown_before = True
        super().showEvent(event)

    def _apply_role(self) -> None:
        """Buttons the signed-in role may not use are disabled, saying why (the core refuses
        them anyway)."""
        with self.database.unit_of_work() as session:
            actor = self._actor(session)
            for button, permission in (
                (self.import_button, Permission.IMPORT_CLINICAL_COUNTS),
                (self.save_assumptions_button, Permission.SET_SAVINGS_ASSUMPTIONS),
            ):
                if not allowed(actor, permission):
                    button.setEnabled(False)
                    button.setToolTip(f"Your role may not {permission.value}.")

    # ---------------------------------------------------------------- assumptions
    def _assumptions_box(self) -> QGroupBox:
        self.minutes_box = QDoubleSpinBox(decimals=2, minimum=0.5, maximum=60, suffix=" min")
        self.share_box = QDoubleSpinBox(decimals=0, minimum=0, maximum=100, suffix=" %")
        self.cost_box = QDoubleSpinBox(decimals=2, minimum=0, maximum=1000, prefix="£")
        self.minutes_source = QLineEdit()
        self.share_source = QLineEdit()
        self.cost_source = QLineEdit()
        self.save_assumptions_button = QPushButton("Save assumptions for this practice")
        self.save_assumptions_button.clicked.connect(self.save_assumptions)
        form = QFormLayout()
        form.addRow(
            "Minutes per GP appointment:", self._pair(self.minutes_box, self.minutes_source)
        )
        form.addRow(
            "Accepted signposts that avoid a GP appointment:",
            self._pair(self.share_box, self.share_source),
        )
        form.addRow("Cost per GP appointment:", self._pair(self.cost_box, self.cost_source))
        form.addRow(self.save_assumptions_button)
        for spin in (self.minutes_box, self.share_box, self.cost_box):
            spin.valueChanged.connect(self.refresh)
        for source in (self.minutes_source, self.share_source, self.cost_source):
            source.textChanged.connect(source.setToolTip)  # a long source, whole on hover
        group = QGroupBox("Assumptions (the practice can change them; each keeps its source)")
        group.setLayout(form)
        self._apply_role()
        return group

    @staticmethod
    def _pair(value: QWidget, source: QLineEdit) -> QWidget:
        source.setPlaceholderText("source")
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(value)
        row.addWidget(source, stretch=1)
        return holder

    def assumptions(self) -> Assumptions:
        return Assumptions(
            self.minutes_box.value(),
            self.minutes_source.text(),
            self.share_box.value() / 100,
            self.share_source.text(),
            self.cost_box.value(),
            self.cost_source.text(),
        )

    def _practice_changed(self) -> None:
        self._load_assumptions()
        self.refresh()

    def _load_assumptions(self) -> None:
        with self.database.unit_of_work() as session:
            values = load_assumptions(session, self.practice_box.currentData())
        for box, value in (
            (self.minutes_box, values.minutes_per_appointment),
            (self.share_box, values.share_avoided * 100),
            (self.cost_box, values.cost_per_appointment),
        ):
            box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(False)
        for source, text in (
            (self.minutes_source, values.minutes_source),
            (self.share_source, values.share_source),
            (self.cost_source, values.cost_source),
        ):
            source.setText(text)
            source.setCursorPosition(0)  # a long source reads from its start, not its end

    def save_assumptions(self) -> None:
        try:
            with self.database.unit_of_work() as session:
                practice_id = self.practice_box.currentData()
                save_assumptions(session, self._actor(session), practice_id, self.assumptions())
        except SignpostingError as exc:
            QMessageBox.warning(self, "Not saved", str(exc))
            return
        self.statusBar().showMessage("Assumptions saved.", 5000)

    # ---------------------------------------------------------------- figures
    def refresh(self) -> None:
        start, end = python_date(self.start_edit), python_date(self.end_edit)
        practice = self.practice_box.currentData()
        chosen = (practice,) if practice else ()
        try:
            with self.database.unit_of_work() as session:
                actor = self._actor(session)
                self.analysis = analyse(
                    session, actor, start, end, self.assumptions(), practice_ids=chosen
                )
        except PermissionDeniedError as exc:
            self.analysis = None
            self.summary_label.setText(f"{exc}.")
            for button in (self.import_button, self.save_button):
                button.setEnabled(False)
            return
        self._show(self.analysis)

    def _show(self, analysis: SavingsAnalysis) -> None:
        self.summary_label.setText(summary(analysis))
        total, rules = analysis.total, analysis.assumptions
        rows = [
            ("Signposts", f"{total.signposts:,}", "recorded at the desk"),
            ("Accepted", f"{total.accepted:,} ({percent(total.share(total.accepted))})", ""),
            ("Declined", f"{total.declined:,} ({percent(total.share(total.declined))})", ""),
            ("Red flags escalated", f"{total.escalated:,}", "not counted as savings"),
            (
                "GP appointments avoided",
                f"{total.appointments_avoided:,.0f}",
                f"{rules.share_avoided:.0%} of accepted signposts",
            ),
            (
                "GP time released",
                f"{total.hours:,.1f} hours",
                f"{rules.minutes_per_appointment:g} minutes per appointment",
            ),
            (
                "Cost released",
                f"£{total.cost:,.0f}",
                f"£{rules.cost_per_appointment:,.2f} per appointment",
            ),
            (
                "Share of GP time released",
                percent(analysis.share_of_gp_time),
                f"of {analysis.gp_appointments:,} GP appointments"
                if analysis.gp_appointments
                else "import GP appointment counts to show this",
            ),
            ("Signposts per 1,000 GP appointments", *appointments_figure(analysis.appointments)),
        ]
        rows += [
            (
                f"Code {r.code} {r.term}",
                f"desk {r.desk:,} / coded {r.coded:,}",
                "accepted signposts at the desk against uses counted in the clinical system",
            )
            for r in analysis.reconciliation
        ]
        rows += [
            (f"{b.measure} (published: {b.published})", b.ours, b.source)
            for b in benchmarks(analysis)
        ]
        _clear(self.figures)
        for number, (name, value, note) in enumerate(rows):
            for column, text in enumerate((name, value, note)):
                label = QLabel(text)
                label.setWordWrap(column != 1)
                self.figures.addWidget(label, number, column)
        _clear(self.charts_row)
        _clear(self.services_holder)
        outcomes = [o for o in Outcome if total.counts[o]]
        weeks = analysis.weeks
        self.charts_row.addWidget(
            chart_view(
                weekly_chart(
                    [row.span.short_label for row in weeks],
                    [row.figures.signposts for row in weeks],
                    [row.partial for row in weeks],
                ),
                "Signposts per week",
                height=CHART_HEIGHT + (PART_WEEK_LEGEND if any(r.partial for r in weeks) else 0),
            )
        )
        mix = chart_view(
            outcome_chart(outcomes, [total.counts[o] for o in outcomes]), "Outcome mix"
        )
        mix.setMinimumWidth(legend_room(mix.chart()))  # the legend's labels whole, not elided
        self.charts_row.addWidget(mix)
        top = analysis.services[:TOP_SERVICES]
        self.services_holder.addWidget(
            ServicesChartView([row.label for row in top], [row.figures.signposts for row in top])
        )

    # ---------------------------------------------------------------- files
    def save_report_as(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Save report", "savings-report.pdf", "PDF (*.pdf);;Web page (*.html)"
        )
        if name:
            self.save_report(Path(name))

    def save_report(self, path: Path) -> None:
        if self.analysis is None:
            return
        if path.suffix.lower() == ".pdf":
            from signposting.ui.pdf import write_pdf  # noqa: PLC0415

            write_pdf(
                render_report_html(self.analysis, inline_charts=False), path, charts(self.analysis)
            )
        else:
            with atomic_binary_file(path) as stream:
                stream.write(render_report_html(self.analysis).encode("utf-8"))
        self.statusBar().showMessage(f"Saved {path}", 8000)

    def import_clinical_report(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Import clinical-system report", "", "CSV (*.csv)"
        )
        if not name:
            return
        if looks_national(Path(name)):
            self.import_national_appointments(Path(name))
            return
        try:
            report = read_report(Path(name))
        except SignpostingError as exc:
            QMessageBox.warning(self, "Not imported", f"{exc}\n\nNothing was imported.")
            return
        kind = "GP appointments" if report.kind == "gp_appointments" else "coded signposts"
        answer = QMessageBox.question(
            self,
            "Import this report?",
            (
                f"{kind}: {len(report.rows)} rows, total {report.total:,}, "
                f"{report.first_day:%d/%m/%Y} to {report.last_day:%d/%m/%Y}, "
                f"practices {', '.join(report.practices)}."
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            with self.database.unit_of_work() as session:
                store_report(session, self._actor(session), report)
        except SignpostingError as exc:
            QMessageBox.warning(self, "Not imported", f"{exc}\n\nNothing was imported.")
            return
        self.refresh()

    def import_national_appointments(self, path: Path) -> None:
        """NHS England's practice-level appointments file: the rows of every practice here,
        previewed before anything is stored."""
        with self.database.unit_of_work() as session:
            codes = list(session.scalars(sa.select(Practice.ods_code)))
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            found = read_national_appointments(path, codes)
        except SignpostingError as exc:
            QMessageBox.warning(self, "Not imported", f"{exc}\n\nNothing was imported.")
            return
        finally:
            QApplication.restoreOverrideCursor()
        answer = QMessageBox.question(
            self, "Import these appointment counts?", "\n".join(preview_lines(found))
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            with self.database.unit_of_work() as session:
                store_national_appointments(session, self._actor(session), found)
        except SignpostingError as exc:
            QMessageBox.warning(self, "Not imported", f"{exc}\n\nNothing was imported.")
            return
        self.refresh()

    def _actor(self, session: Session) -> StaffMember | None:
        return session.get(StaffMember, self.actor_id)


def _clear(layout: QGridLayout | QHBoxLayout | QVBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()
