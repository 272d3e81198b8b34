"""The trainer's window: run rehearsals, write scenarios, read debriefs, track go-live."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QTabWidget, QVBoxLayout, QWidget

from signposting.db.engine import Database
from signposting.db.models import StaffMember
from signposting.directory.opening import UK
from signposting.errors import ValidationError
from signposting.reception.session import DeskSession
from signposting.training.database import copied_at, reset_training_database
from signposting.ui.desk.window import DeskWindow
from signposting.ui.manage.manager_window import uk_today
from signposting.ui.training.readiness_tab import ReadinessTab
from signposting.ui.training.rehearsal_tab import RehearsalTab
from signposting.ui.training.results_tab import ResultsTab
from signposting.ui.training.scenarios_tab import ScenariosTab
from signposting.ui.training_look import apply_training_look, training_banner


class TrainerWindow(QMainWindow):
    def __init__(
        self,
        live: Database,
        training: Database,
        actor_id: int,
        practice_id: int,
        today: Callable[[], date] = uk_today,
    ) -> None:
        super().__init__()
        self.live, self.training, self.actor_id = live, training, actor_id
        with live.unit_of_work() as session:
            self.actor_name = session.get_one(StaffMember, actor_id).name
        self.setWindowTitle(f"Signposting training: {self.actor_name}")
        self.desk: DeskWindow | None = None
        self.tabs = QTabWidget()
        self.rehearsal = RehearsalTab(live, training, actor_id, practice_id)
        self.scenarios = ScenariosTab(live, actor_id)
        self.results = ResultsTab(live)
        self.readiness = ReadinessTab(live, actor_id, practice_id, today)
        self.tabs.addTab(self.rehearsal, "&Rehearsal")
        self.tabs.addTab(self.scenarios, "&Scenarios")
        self.tabs.addTab(self.results, "Results and &debriefs")
        self.tabs.addTab(self.readiness, "&Go-live readiness")
        self.tabs.currentChanged.connect(self._refresh_tab)
        self.rehearsal.finished.connect(self.show_results)
        self.rehearsal.call_started.connect(self._put_trainee_at_desk)
        self.rehearsal.call_shown.connect(self._show_trainee_at_desk)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(training_banner())
        self.copy_label = QLabel()
        self.copy_label.setWordWrap(True)
        layout.addWidget(self.copy_label)
        self._describe_copy()
        layout.addWidget(self.tabs)
        self.setCentralWidget(central)
        self._build_menu()
        apply_training_look(self)
        self.resize(1280, 860)

    def _describe_copy(self) -> None:
        taken = copied_at(self.training)
        when = f"{taken.astimezone(UK):%d/%m/%Y %H:%M}" if taken else "not yet"
        self.copy_label.setText(
            f"Signed in as {self.actor_name}. Trainees use the desk in training mode (Training > "
            f"Open a training desk); it records to {self.training.describe()}, a copy of the "
            f"live directory taken {when} (Training > Reset takes a fresh one)."
        )

    def _build_menu(self) -> None:
        menu = self.menuBar().addMenu("&Training")
        menu.addAction("Open a training &desk").triggered.connect(self.open_desk)
        menu.addAction("&Reset the training database…").triggered.connect(self.confirm_reset)

    def open_desk(self) -> DeskWindow:
        """A desk on the training database in this process (the trainee's screen), with the
        trainee of the rehearsal's current call at it."""
        if self.desk is None or not self.desk.isVisible():
            self.desk = DeskWindow(DeskSession(self.training))
            if (call := self.rehearsal.current()) is not None:
                self._sign_in_at_desk(self.desk, call.trainee_id)
        self.desk.show()
        self.desk.raise_()
        return self.desk

    def _show_trainee_at_desk(self, trainee_id: int) -> None:
        """The next call is shown: its trainee is at the desk."""
        if self.desk is not None and self.desk.isVisible():
            self._sign_in_at_desk(self.desk, trainee_id)

    def _put_trainee_at_desk(self, trainee_id: int) -> None:
        """The call begins: its trainee at a desk cleared for the caller."""
        if self.desk is not None and self.desk.isVisible():
            self.desk.new_call()
            self._sign_in_at_desk(self.desk, trainee_id)

    def _sign_in_at_desk(self, desk: DeskWindow, trainee_id: int) -> None:
        try:
            desk.session.choose_staff(trainee_id)
        except ValidationError:  # added to the live staff after the training copy was taken
            self.statusBar().showMessage(
                "The trainee is not in the training copy yet: reset the training database "
                "(Training > Reset) to copy the staff again."
            )
        desk.refresh_staff()

    def confirm_reset(self) -> None:
        answer = QMessageBox.question(
            self,
            "Reset the training database",
            "Clear every training record and copy the live directory again?",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.reset_training()

    def reset_training(self) -> str:
        result = reset_training_database(self.live, self.training, by=self.actor_name)
        if self.desk is not None:
            self.desk.session.apply_change("reset", None)
            self.desk.refresh_staff()
        self._describe_copy()
        message = f"Training database reset: {result.summary()}"
        self.statusBar().showMessage(message)
        return message

    def show_results(self, rehearsal_id: int) -> None:
        self.results.refresh()
        self.results.show_rehearsal(rehearsal_id)
        self.tabs.setCurrentWidget(self.results)

    def _refresh_tab(self, index: int) -> None:
        refresh = getattr(self.tabs.widget(index), "refresh", None)
        if callable(refresh):
            refresh()
