"""Writing and sharing scenarios: the list (with what each lacks in this directory), the
editor, and import and export of scenario files."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from signposting.db.engine import Database
from signposting.db.models import StaffMember
from signposting.errors import SignpostingError
from signposting.training.scenario_files import (
    ScenarioPreview,
    apply_scenarios,
    preview_scenarios,
    read_scenario_file,
    write_scenario_file,
)
from signposting.training.scenarios import Scenario
from signposting.training.store import (
    DirectoryNames,
    delete_scenario,
    list_scenarios,
    save_scenario,
)
from signposting.ui.training.scenario_form import ScenarioForm

COLUMNS = ["Title", "Category", "Right result", "In this directory"]
MAX_COLUMN_WIDTHS = (240, 140, 260, 400)


class ScenariosTab(QWidget):
    def __init__(self, live: Database, actor_id: int) -> None:
        super().__init__()
        self.live, self.actor_id = live, actor_id
        self.scenarios: list[Scenario] = []
        self.titles: dict[str, str] = {}
        self.editing: str | None = None  # key of the scenario in the form; None: a new one
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Scenarios")
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selected)
        self.form = ScenarioForm()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Message")
        buttons = QHBoxLayout()
        for text, slot in [
            ("New", self.new),
            ("Save", self.save),
            ("Delete", self.delete),
            ("Import…", self.choose_import),
            ("Export…", self.choose_export),
        ]:
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        scroll = QScrollArea()
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(scroll)
        splitter.setSizes([640, 600])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, stretch=1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.refresh()

    def _actor(self, session: Session) -> StaffMember:
        return session.get_one(StaffMember, self.actor_id)

    def refresh(self) -> None:
        with self.live.unit_of_work() as session:
            self.scenarios = list_scenarios(session)
            names = DirectoryNames.read(session)
            missing = {s.key: names.missing(s) for s in self.scenarios}
        self.titles = names.titles
        self.form.set_directory(
            {k: v for k, v in names.titles.items() if k in names.services},
            {k: v for k, v in names.titles.items() if k in names.red_flags},
        )
        self.table.setRowCount(len(self.scenarios))
        for row, scenario in enumerate(self.scenarios):
            lacks = missing[scenario.key]
            hidden = " (hidden)" if scenario.hidden_red_flag else ""
            cells = [
                scenario.title,
                scenario.category.label + hidden,
                scenario.expected.describe(self.titles),
                "MISSING: " + "; ".join(lacks) if lacks else "yes",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if lacks and column == len(COLUMNS) - 1:
                    item.setForeground(Qt.GlobalColor.darkRed)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        for column, widest in enumerate(MAX_COLUMN_WIDTHS):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), widest))

    def _selected(self) -> None:
        rows = {index.row() for index in self.table.selectedIndexes()}
        if len(rows) == 1:
            scenario = self.scenarios[rows.pop()]
            self.editing = scenario.key
            self.form.show_scenario(scenario)
            self.message.clear()

    def select(self, key: str) -> None:
        for row, scenario in enumerate(self.scenarios):
            if scenario.key == key:
                self.table.selectRow(row)

    def new(self) -> None:
        self.table.clearSelection()
        self.editing = None
        self.form.show_scenario(None)
        self.message.setText("New scenario: fill in the form, then Save.")

    def save(self) -> bool:
        scenario, problems = self.form.scenario()
        if scenario is None:
            self.message.setText(
                "Not saved: " + "; ".join(f"{p.column} {p.message}" for p in problems)
            )
            return False
        try:
            with self.live.unit_of_work() as session:
                saved = save_scenario(
                    session, self._actor(session), scenario, replacing=self.editing
                )
                lacks = DirectoryNames.read(session).missing(saved)
        except SignpostingError as exc:
            self.message.setText(f"Not saved: {exc}")
            return False
        self.refresh()
        self.select(saved.key)
        warning = f" Note: {'; '.join(lacks)}." if lacks else ""
        self.message.setText(f"Saved {saved.title}.{warning}")
        return True

    def delete(self) -> None:
        if self.editing is None:
            return
        try:
            with self.live.unit_of_work() as session:
                delete_scenario(session, self._actor(session), self.editing)
        except SignpostingError as exc:
            self.message.setText(str(exc))
            return
        self.message.setText(f"Deleted {self.editing}; past rehearsals keep their copy.")
        self.editing = None
        self.form.show_scenario(None)
        self.refresh()

    # ------------------------------------------------------------------ files
    def choose_import(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Import scenarios", "", "Scenarios (*.json *.toml)"
        )
        if not name:
            return
        preview = self.preview_file(Path(name))
        if preview is None:
            return
        answer = QMessageBox.question(self, "Import scenarios", f"{preview.summary()}. Import?")
        if answer == QMessageBox.StandardButton.Yes:
            self.import_file(Path(name))

    def preview_file(self, path: Path) -> ScenarioPreview | None:
        """Check a file and show what importing it would do; None if it has problems."""
        try:
            scenarios = read_scenario_file(path)
            with self.live.unit_of_work() as session:
                preview = preview_scenarios(session, scenarios)
        except SignpostingError as exc:
            self.message.setText(str(exc))
            return None
        self.message.setText(_describe(preview, "Would import"))
        return preview

    def import_file(self, path: Path) -> ScenarioPreview | None:
        try:
            scenarios = read_scenario_file(path)
            with self.live.unit_of_work() as session:
                preview = apply_scenarios(session, self._actor(session), scenarios)
        except SignpostingError as exc:
            self.message.setText(str(exc))
            return None
        self.refresh()
        self.message.setText(_describe(preview, "Imported"))
        return preview

    def choose_export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Export scenarios", "scenarios.json", "Scenarios (*.json)"
        )
        if name:
            self.export_file(Path(name))

    def export_file(self, path: Path) -> int:
        count = write_scenario_file(path, self.scenarios)
        self.message.setText(f"Wrote {count} scenario(s) to {path}.")
        return count


def _describe(preview: ScenarioPreview, verb: str) -> str:
    lines = [f"{verb}: {preview.summary()}."]
    lines.extend(
        f"{key}: {'; '.join(problems)} (kept; left out of rehearsals until fixed)"
        for key, problems in preview.missing.items()
    )
    return "\n".join(lines)
