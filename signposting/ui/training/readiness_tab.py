"""Go-live readiness: the six keys checklist (from the data, and ticks by hand), the go-live
date with its countdown, and the patient poster and phone message."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from signposting.db.engine import Database
from signposting.db.models import StaffMember
from signposting.export.atomic import atomic_binary_file
from signposting.export.pages import write_page
from signposting.training.materials import phone_message, poster_html
from signposting.training.readiness import MANUAL_ITEMS, Readiness, readiness, set_go_live, tick


class ReadinessTab(QWidget):
    def __init__(
        self, live: Database, actor_id: int, practice_id: int, today: Callable[[], date]
    ) -> None:
        super().__init__()
        self.live, self.actor_id, self.practice_id, self.today = live, actor_id, practice_id, today
        self.state: Readiness | None = None
        self.countdown = QLabel()
        self.countdown.setAccessibleName("Countdown")
        font = self.countdown.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.countdown.setFont(font)
        self.checklist = QTextBrowser()
        self.checklist.setAccessibleName("Checklist")
        self.ticks = {key: QCheckBox(title) for key, (_number, title) in MANUAL_ITEMS.items()}
        for key, box in self.ticks.items():
            box.setAccessibleName(key)
            box.clicked.connect(lambda checked, key=key: self.set_tick(key, checked))
        self.go_live = QDateEdit()
        self.go_live.setCalendarPopup(True)
        self.go_live.setDisplayFormat("dd/MM/yyyy")
        self.go_live.setAccessibleName("Go-live date")
        self.senior_gp = QLineEdit()
        self.senior_gp.setAccessibleName("Senior GP for the phone message")
        save_plan = QPushButton("Save date")
        save_plan.clicked.connect(self.save_plan)
        poster = QPushButton("Save patient poster…")
        poster.clicked.connect(lambda: self._choose("poster.pdf", self.save_poster))
        message = QPushButton("Save phone message script…")
        message.clicked.connect(lambda: self._choose("phone-message.txt", self.save_message))
        self.message = QLabel()
        form = QFormLayout()
        form.addRow("Go-live date:", self.go_live)
        form.addRow("Senior GP recording the message:", self.senior_gp)
        form.addRow(save_plan)
        ticked = QVBoxLayout()
        ticked.addWidget(QLabel("<b>Ticked by hand</b>"))
        for box in self.ticks.values():
            ticked.addWidget(box)
        side = QVBoxLayout()
        side.addLayout(form)
        side.addLayout(ticked)
        side.addWidget(poster)
        side.addWidget(message)
        side.addStretch(1)
        columns = QHBoxLayout()
        columns.addWidget(self.checklist, stretch=2)
        columns.addLayout(side, stretch=1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.countdown)
        layout.addLayout(columns, stretch=1)
        layout.addWidget(self.message)
        self.refresh()

    def refresh(self) -> None:
        with self.live.unit_of_work() as session:
            self.state = readiness(session, self.practice_id, self.today())
        state = self.state
        verdict = "Ready for go-live" if state.ready else f"{len(state.missing)} item(s) missing"
        self.countdown.setText(f"{state.countdown()} · {verdict}")
        self.checklist.setHtml(checklist_html(state))
        by_key = {item.key: item for item in state.items}
        for key, box in self.ticks.items():
            box.setChecked(by_key[key].done)
        when = state.go_live_date or self.today()
        self.go_live.setDate(QDate(when.year, when.month, when.day))
        self.senior_gp.setText(state.senior_gp)

    def set_tick(self, key: str, done: bool) -> None:
        with self.live.unit_of_work() as session:
            actor = session.get_one(StaffMember, self.actor_id)
            tick(session, actor, self.practice_id, key, done=done)
        self.refresh()

    def save_plan(self) -> None:
        chosen = self.go_live.date()
        with self.live.unit_of_work() as session:
            actor = session.get_one(StaffMember, self.actor_id)
            set_go_live(
                session,
                actor,
                self.practice_id,
                date(chosen.year(), chosen.month(), chosen.day()),
                self.senior_gp.text(),
            )
        self.refresh()
        self.message.setText("Go-live date saved.")

    def _choose(self, default: str, save: Callable[[Path], None]) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Save", default)
        if name:
            save(Path(name))

    def save_poster(self, path: Path) -> None:
        with self.live.unit_of_work() as session:
            html = poster_html(session, self.practice_id)
        write_page(html, path)
        self.message.setText(f"Saved the poster to {path}")

    def save_message(self, path: Path) -> None:
        with self.live.unit_of_work() as session:
            text = phone_message(session, self.practice_id)
        with atomic_binary_file(path) as stream:
            stream.write(text.encode("utf-8"))
        self.message.setText(f"Saved the phone message script to {path}")


def checklist_html(state: Readiness) -> str:
    rows = []
    for item in state.items:
        colour = "#007f3b" if item.done else "#a50e0e"
        mark = "✔" if item.done else "✘"
        how = "ticked by hand" if item.by_hand else "from the data"
        details = "".join(f"<li>{escape(line)}</li>" for line in item.details)
        rows.append(
            f"<p><span style='color:{colour};font-size:14pt'><b>{mark}</b></span> "
            f"<b>{item.number}. {escape(item.title)}</b> <small>({how})</small></p>"
            + (f"<ul>{details}</ul>" if details else "")
        )
    return f"<h2>Go-live readiness: {escape(state.practice_name)}</h2>" + "".join(rows)
