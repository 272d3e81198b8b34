"""Running a rehearsal: choose trainees and deal the calls, then play each caller from the
script while the trainee works the training desk; the desk's record is scored."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from html import escape
from pathlib import Path

import sqlalchemy as sa

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from signposting.db.engine import Database
from signposting.db.models import Rehearsal, StaffMember
from signposting.domain import Role, ScenarioCategory
from signposting.export.pages import write_page
from signposting.training.materials import scripts_html
from signposting.training.rehearsal import CallView, RehearsalRunner, deal, start_rehearsal
from signposting.training.scoring import Decision
from signposting.training.store import DirectoryNames, list_scenarios

Clock = Callable[[], datetime]
POLL_MS = 1000


class RehearsalTab(QWidget):
    call_shown = Signal(int)  # trainee id: the call's script is on screen
    call_started = Signal(int)  # trainee id: the trainer has begun the call
    finished = Signal(int)  # rehearsal id

    def __init__(
        self,
        live: Database,
        training: Database,
        actor_id: int,
        practice_id: int,
        clock: Clock | None = None,
    ) -> None:
        super().__init__()
        self.live, self.training = live, training
        self.actor_id, self.practice_id = actor_id, practice_id
        self.clock: Clock = clock or (lambda: datetime.now(UTC))
        self.runner: RehearsalRunner | None = None
        self.titles: dict[str, str] = {}
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_setup())
        self.pages.addWidget(self._build_script())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.poll = QTimer(self)
        self.poll.setInterval(POLL_MS)
        self.poll.timeout.connect(self.show_decision)
        self.refresh()

    # ------------------------------------------------------------------ set-up
    def _build_setup(self) -> QWidget:
        page = QWidget()
        self.trainees = QListWidget()
        self.trainees.setAccessibleName("Trainees")
        self.calls_each = QSpinBox()
        self.calls_each.setRange(1, 50)
        self.calls_each.setValue(4)
        self.calls_each.setAccessibleName("Calls per trainee")
        self.category = QComboBox()
        self.category.addItem("All scenarios", None)
        for category in ScenarioCategory:
            self.category.addItem(category.label, category)
        self.shuffled = QCheckBox("Shuffle the scenarios (each trainee still gets a red flag)")
        self.setup_message = QLabel()
        self.setup_message.setWordWrap(True)
        self.start_button = QPushButton("Deal the calls and start")
        self.start_button.clicked.connect(self._start_clicked)
        self.unfinished = QComboBox()
        self.unfinished.setAccessibleName("Unfinished rehearsals")
        self.resume_button = QPushButton("Resume")
        self.resume_button.clicked.connect(self._resume_clicked)
        resume = QHBoxLayout()
        resume.addWidget(self.unfinished, stretch=1)
        resume.addWidget(self.resume_button)
        form = QFormLayout(page)
        form.addRow(QLabel("<h2>New rehearsal</h2>"))
        form.addRow("Trainees (tick them):", self.trainees)
        form.addRow("Calls per trainee:", self.calls_each)
        form.addRow("Scenarios:", self.category)
        form.addRow(self.shuffled)
        form.addRow(self.start_button)
        form.addRow(self.setup_message)
        form.addRow(QLabel("<h3>Or carry on with an unfinished rehearsal</h3>"))
        form.addRow(resume)
        return page

    def refresh(self) -> None:
        if self.runner is not None:
            return
        self.trainees.clear()
        with self.live.unit_of_work() as session:
            members = session.execute(
                sa.select(StaffMember.id, StaffMember.name, StaffMember.role)
                .where(
                    StaffMember.active.is_(True),
                    StaffMember.practice_id == self.practice_id,
                )
                .order_by(StaffMember.role != Role.RECEPTIONIST, StaffMember.name)
            ).all()
        self._list_unfinished()
        for member_id, name, role in members:
            item = QListWidgetItem(f"{name} ({role.value})")
            item.setData(Qt.ItemDataRole.UserRole, member_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.trainees.addItem(item)

    def _list_unfinished(self) -> None:
        self.unfinished.clear()
        with self.live.unit_of_work() as session:
            rows = session.scalars(
                sa.select(Rehearsal)
                .where(Rehearsal.practice_id == self.practice_id, Rehearsal.finished_at.is_(None))
                .order_by(Rehearsal.started_at.desc())
            )
            for rehearsal in rows:
                done = sum(1 for call in rehearsal.calls if call.points is not None)
                self.unfinished.addItem(
                    f"#{rehearsal.id} {rehearsal.started_at:%d/%m/%Y %H:%M}: "
                    f"{done} of {len(rehearsal.calls)} call(s) scored",
                    rehearsal.id,
                )
        self.resume_button.setEnabled(self.unfinished.count() > 0)

    def _resume_clicked(self) -> None:
        if self.unfinished.currentData() is not None:
            self.resume(int(self.unfinished.currentData()))

    def resume(self, rehearsal_id: int) -> None:
        """Carry on at the first call not yet scored."""
        self.notice.clear()
        with self.live.unit_of_work() as session:
            self.titles = DirectoryNames.read(session).titles
        self.runner = RehearsalRunner(self.live, self.training, rehearsal_id)
        self.pages.setCurrentIndex(1)
        self.show_call()

    def _start_clicked(self) -> None:
        self.start()

    def chosen_trainees(self) -> list[int]:
        return [
            int(self.trainees.item(row).data(Qt.ItemDataRole.UserRole))
            for row in range(self.trainees.count())
            if self.trainees.item(row).checkState() == Qt.CheckState.Checked
        ]

    def start(self, *, seed: int | None = None) -> int | None:
        """Deal the calls and show the first script; returns the rehearsal id."""
        trainees = self.chosen_trainees()
        if not trainees:
            self.setup_message.setText("Tick at least one trainee.")
            return None
        category = self.category.currentData()
        with self.live.unit_of_work() as session:
            names = DirectoryNames.read(session)
            scenarios = [s for s in list_scenarios(session) if category in (None, s.category)]
            playable = [s for s in scenarios if not names.missing(s)]
            skipped = len(scenarios) - len(playable)
            if not playable:
                self.setup_message.setText("No playable scenario in that choice.")
                return None
            dealt = deal(
                playable,
                trainees,
                self.calls_each.value(),
                shuffled=self.shuffled.isChecked(),
                seed=seed,
            )
            actor = session.get_one(StaffMember, self.actor_id)
            rehearsal_id = start_rehearsal(
                session, actor, self.practice_id, dealt, shuffled=self.shuffled.isChecked()
            )
        note = f" {skipped} scenario(s) left out: they name something missing." if skipped else ""
        self.setup_message.setText(note.strip())
        self.resume(rehearsal_id)
        self.notice.setText(note.strip())
        return rehearsal_id

    # ------------------------------------------------------------------ the script
    def _build_script(self) -> QWidget:
        page = QWidget()
        self.progress = QLabel()
        self.progress.setAccessibleName("Call and trainee")
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName("Rehearsal notice")
        self.script = QTextBrowser()
        self.script.setAccessibleName("Caller's script")
        self.decision_label = QLabel()
        self.decision_label.setWordWrap(True)
        self.decision_label.setAccessibleName("Trainee's decision")
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setAccessibleName("Score")
        self.begin_button = QPushButton("Start the call (read the opening line)")
        self.score_button = QPushButton("Score the call")
        self.next_button = QPushButton("Next call")
        self.print_button = QPushButton("Caller scripts to print…")
        self.print_button.clicked.connect(self._choose_scripts)
        self.begin_button.clicked.connect(self.begin_call)
        self.score_button.clicked.connect(self._score_clicked)
        self.next_button.clicked.connect(self.show_call)
        buttons = QHBoxLayout()
        for button in (self.begin_button, self.score_button, self.next_button, self.print_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(page)
        layout.addWidget(self.progress)
        layout.addWidget(self.notice)
        layout.addWidget(self.script, stretch=1)
        layout.addWidget(self.decision_label)
        layout.addWidget(self.verdict)
        layout.addLayout(buttons)
        return page

    def _choose_scripts(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Caller scripts", "caller-scripts.pdf")
        if name:
            self.save_scripts(Path(name))

    def save_scripts(self, path: Path) -> None:
        """Every call's script, a page each, for a colleague playing the caller."""
        if self.runner is None:
            return
        html = scripts_html(self.runner.rehearsal_id, self.runner.calls(), self.titles)
        write_page(html, path)
        self.notice.setText(f"Caller scripts saved to {path}")

    def current(self) -> CallView | None:
        return self.runner.current() if self.runner else None

    def show_call(self) -> None:
        call = self.current()
        self.verdict.clear()
        self.decision_label.clear()
        if call is None:
            self._finish()
            return
        self.progress.setText(
            f"<b>Call {call.position} of {call.total}</b> · trainee at the training desk: "
            f"<b>{escape(call.trainee_name)}</b>"
        )
        self.script.setHtml(script_html(call, self.titles))
        self.call_shown.emit(call.trainee_id)
        started = call.started_at is not None
        self.begin_button.setEnabled(not started)
        self.score_button.setEnabled(started)
        self.next_button.setEnabled(False)
        if started:
            self.poll.start()

    def begin_call(self) -> None:
        if self.runner is None:
            return
        call = self.runner.begin_call(self.clock())
        self.begin_button.setEnabled(False)
        self.score_button.setEnabled(True)
        self.call_started.emit(call.trainee_id)
        self.poll.start()
        self.show_decision()

    def show_decision(self) -> None:
        decision = self.runner.decision() if self.runner else None
        call = self.current()
        if call is None or call.started_at is None:
            return
        waited = (self.clock() - call.started_at).total_seconds()
        if decision is None:
            others = self.runner.others_recording() if self.runner else []
            hint = (
                f" A record was made at a training desk by {escape(', '.join(others))}: is the "
                "trainee's own name chosen at the desk?"
                if others
                else ""
            )
            self.decision_label.setText(
                f"Waiting for {escape(call.trainee_name)} to record at the training desk "
                f"({waited:.0f} s).{hint}"
            )
        else:
            self.decision_label.setText(
                f"Recorded at the desk after {decision.seconds or 0:.0f} s: "
                f"{decision.describe(self.titles)}"
            )

    def _score_clicked(self) -> None:
        self.score_call()

    def score_call(self, decision: Decision | None = None) -> None:
        if self.runner is None:
            return
        self.poll.stop()
        result = self.runner.score(decision, self.clock())
        colour = "#a50e0e" if result.missed_red_flag else "#212b32"
        self.verdict.setText(
            f"<span style='color:{colour}'><b>{result.points} points.</b> "
            f"{escape(result.verdict)}</span>"
        )
        self.begin_button.setEnabled(False)
        self.score_button.setEnabled(False)
        self.next_button.setEnabled(True)

    def _finish(self) -> None:
        self.poll.stop()
        runner, self.runner = self.runner, None
        self.pages.setCurrentIndex(0)
        self.refresh()
        if runner is not None:
            self.setup_message.setText("Rehearsal complete: the debrief is on the results tab.")
            self.finished.emit(runner.rehearsal_id)


def script_html(call: CallView, titles: dict[str, str] | None = None) -> str:
    """What the trainer reads: the caller, their lines, and (not to read out) the answer."""
    s = call.scenario
    age = f", {s.persona_age}" if s.persona_age is not None else ""
    answers = "".join(
        f"<tr><td><i>{escape(a.question)}</i></td><td>“{escape(a.answer)}”</td></tr>"
        for a in s.answers
    )
    hidden = (
        "<p style='background:#fde8e8;padding:4px'><b>Hidden red flag:</b> give it only when "
        "the trainee asks the right question.</p>"
        if s.hidden_red_flag
        else ""
    )
    points = "".join(f"<li>{escape(p)}</li>" for p in s.teaching_points)
    return (
        f"<h2>{escape(s.title)}</h2>"
        f"<p><b>You are:</b> {escape(s.persona_name)}{age}. {escape(s.persona_manner)}</p>"
        f"<p style='font-size:16pt'>“{escape(s.opening_line)}”</p>"
        f"<h3>If asked</h3><table cellpadding='4' width='100%'>{answers}</table>{hidden}"
        f"<h3>Not to read out</h3><p><b>Right result:</b> {escape(s.expected.describe(titles))}</p>"
        f"<ul>{points}</ul>"
    )
