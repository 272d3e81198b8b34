"""Rehearsal results: pick a rehearsal (and a trainee) to read its debrief; save it as HTML
or PDF."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from signposting.db.engine import Database
from signposting.db.models import Rehearsal
from signposting.export.pages import write_page
from signposting.training.materials import debrief_html
from signposting.training.results import RehearsalResults, rehearsal_results


class ResultsTab(QWidget):
    def __init__(self, live: Database) -> None:
        super().__init__()
        self.live = live
        self.results: RehearsalResults | None = None
        self.rehearsals = QListWidget()
        self.rehearsals.setAccessibleName("Rehearsals")
        self.rehearsals.currentItemChanged.connect(self._chosen)
        self.trainee = QComboBox()
        self.trainee.setAccessibleName("Debrief for")
        self.trainee.currentIndexChanged.connect(self.show_debrief)
        self.debrief = QTextBrowser()
        self.debrief.setAccessibleName("Debrief")
        self.message = QLabel()
        save_html = QPushButton("Save as HTML…")
        save_pdf = QPushButton("Save as PDF…")
        save_html.clicked.connect(lambda: self._choose_save(".html"))
        save_pdf.clicked.connect(lambda: self._choose_save(".pdf"))
        right = QWidget()
        right_layout = QVBoxLayout(right)
        chooser = QHBoxLayout()
        chooser.addWidget(QLabel("Debrief for:"))
        chooser.addWidget(self.trainee, stretch=1)
        chooser.addWidget(save_html)
        chooser.addWidget(save_pdf)
        right_layout.addLayout(chooser)
        right_layout.addWidget(self.debrief, stretch=1)
        right_layout.addWidget(self.message)
        splitter = QSplitter()
        splitter.addWidget(self.rehearsals)
        splitter.addWidget(right)
        splitter.setSizes([300, 940])
        QVBoxLayout(self).addWidget(splitter)
        self.refresh()

    def refresh(self) -> None:
        current = self.rehearsals.currentItem()
        keep = current.data(Qt.ItemDataRole.UserRole) if current else None
        self.rehearsals.clear()
        with self.live.unit_of_work() as session:
            rows = session.scalars(sa.select(Rehearsal).order_by(Rehearsal.started_at.desc()))
            for rehearsal in rows:
                trainees = len({c.trainee_id for c in rehearsal.calls})
                state = "" if rehearsal.finished_at else " (unfinished)"
                item = QListWidgetItem(
                    f"#{rehearsal.id} {rehearsal.started_at:%d/%m/%Y %H:%M}: "
                    f"{trainees} trainee(s), {len(rehearsal.calls)} call(s){state}"
                )
                item.setData(Qt.ItemDataRole.UserRole, rehearsal.id)
                self.rehearsals.addItem(item)
        if keep is not None:
            self.show_rehearsal(int(keep))

    def show_rehearsal(self, rehearsal_id: int) -> None:
        for row in range(self.rehearsals.count()):
            item = self.rehearsals.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == rehearsal_id:
                self.rehearsals.setCurrentItem(item)

    def _chosen(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is None:
            return
        with self.live.unit_of_work() as session:
            self.results = rehearsal_results(session, int(item.data(Qt.ItemDataRole.UserRole)))
        self.trainee.blockSignals(True)
        self.trainee.clear()
        self.trainee.addItem("The whole team", None)
        for trainee in self.results.trainees:
            self.trainee.addItem(trainee.name, trainee.trainee_id)
        self.trainee.blockSignals(False)
        self.show_debrief()

    def current_html(self) -> str:
        if self.results is None:
            return ""
        return debrief_html(self.results, self.trainee.currentData())

    def show_debrief(self) -> None:
        self.debrief.setHtml(self.current_html())

    def _choose_save(self, suffix: str) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Save the debrief", f"debrief{suffix}")
        if name:
            self.save(Path(name))

    def save(self, path: Path) -> None:
        write_page(self.current_html(), path)
        self.message.setText(f"Saved {path}")
