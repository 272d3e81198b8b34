"""The desk's recording actions: each one commits before the desk says it is recorded.

The database is asked on a worker thread while the window goes on painting and taking keys; the
action returns once the answer is in (at most a few seconds: then the record is kept on this
PC). Meanwhile further record actions are ignored, so one call is never recorded twice, and
anything typed for the next caller is kept.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from PySide6.QtCore import QEventLoop, QObject, Signal, Slot
from PySide6.QtWidgets import QInputDialog, QMessageBox

from signposting.domain import Outcome
from signposting.errors import SignpostingError
from signposting.reception.desk_recorder import Answer, Kept, Undone
from signposting.search.engine import ServiceMatch
from signposting.search.entries import RedFlagEntry
from signposting.ui.desk.staff_picker import StaffPicker

if TYPE_CHECKING:
    from signposting.ui.desk.window import DeskWindow

log = logging.getLogger(__name__)

OUTCOME_WORDS = {
    Outcome.ACCEPTED: "signposted, accepted",
    Outcome.DECLINED: "offered, declined",
    Outcome.NO_SUITABLE_SERVICE: "no suitable service",
    Outcome.BOOKED_CLINICIAN: "booked with a clinician",
    Outcome.RED_FLAG_ESCALATED: "red flag escalated",
}


UNDONE_WORDS = {
    Undone.TAKEN_BACK: "Last record taken back.",
    Undone.WHEN_DATABASE_ANSWERS: "Taken back on this PC; the database is updated when it answers.",
    Undone.NOTHING: "Nothing to undo.",
}


class _ToWindowThread(QObject):
    """Carries a worker thread's answer to the window's thread."""

    answered = Signal(object, object)

    @Slot(object, object)
    def deliver(self, receiver: Callable[[object], None], value: object) -> None:
        receiver(value)


class DeskRecording:
    """Slots for the record buttons and shortcuts of one desk window."""

    def __init__(self, window: DeskWindow) -> None:
        self.window = window
        #: True from a record or undo action until the database's answer (or the deadline).
        self.busy = False
        self._relay = _ToWindowThread(window)
        self._relay.answered.connect(self._relay.deliver)
        self._waiting: QEventLoop | None = None

    def accept_selected(self) -> None:
        self._record_service(Outcome.ACCEPTED)

    def declined(self) -> None:
        self._record_service(Outcome.DECLINED)

    def no_suitable_service(self) -> None:
        self._record(Outcome.NO_SUITABLE_SERVICE, "No suitable service")

    def booked_clinician(self) -> None:
        match = self._selected()
        self._record(
            Outcome.BOOKED_CLINICIAN,
            "Booked with a clinician",
            service_id=match.entry.id if match else None,
        )

    def escalate_shown(self) -> None:
        banner = self.window.banner
        if banner.recorded:
            self.window.statusBar().showMessage("This escalation is already recorded.", 5000)
        elif banner.first is not None:
            self.escalate(banner.first)

    def escalate(self, entry: object) -> None:
        if isinstance(entry, RedFlagEntry):
            self._record(Outcome.RED_FLAG_ESCALATED, entry.title, red_flag_id=entry.id)

    def undo(self) -> None:
        window = self.window
        if not window.toast.can_undo or self.busy:
            return
        self.busy = True
        window.session.recorder.undo_in_background(
            lambda result: self._relay.answered.emit(self._undone, result)
        )
        self._wait_for_answer()

    def _wait_for_answer(self) -> None:
        """Keep the window alive (painting, typing) until the worker's answer is handled."""
        self._waiting = QEventLoop()
        self._waiting.exec()
        self._waiting = None

    def _answered(self) -> None:
        self.busy = False
        if self._waiting is not None:
            self._waiting.quit()

    def _undone(self, result: object) -> None:
        self._answered()
        if isinstance(result, Undone):
            self.window.toast.show_message(UNDONE_WORDS[result], undoable=False)
        self.window.show_connection_state()
        self.window.refresh_staff()

    def flag_out_of_date(self) -> None:
        match = self._selected()
        if match is None:
            self.window.statusBar().showMessage("Select a service card to report first.", 5000)
            return
        comment, ok = QInputDialog.getMultiLineText(
            self.window,
            "Report card out of date",
            f"What looks out of date on “{match.entry.name}”? The practice manager will check.",
        )
        if not ok or not comment.strip():
            return
        try:
            self.window.session.flag_out_of_date(match.entry.id, comment)
        except (SignpostingError, SQLAlchemyError) as exc:
            self._error("The report could not be saved", exc)
            return
        self.window.toast.show_message(
            "Thank you: the manager will check this card.", undoable=False
        )
        self.window.run_search()

    def choose_staff(self) -> None:
        picker = StaffPicker(self.window.session.staff_choices(), self.window)
        chosen = picker.chosen_id() if picker.exec() else None
        if chosen is not None:
            self.window.session.choose_staff(chosen)
            self.window.refresh_staff()

    # ---------------------------------------------------------------- helpers
    def _selected(self) -> ServiceMatch | None:
        index = self.window.results_view.currentIndex()
        return self.window.results_model.match_at(index.row()) if index.isValid() else None

    def _record_service(self, outcome: Outcome) -> None:
        match = self._selected()
        if match is None:
            self.window.statusBar().showMessage("Choose a service first (arrow keys).", 5000)
            return
        if self.window.banner.isVisible() and not self._confirm_despite_red_flag():
            return
        # Closed right now is no reason to ask: the card says when it opens.
        unsuitable = outcome is Outcome.ACCEPTED and match.eligibility.blocking
        if unsuitable and not self._confirm_not_suitable(match):
            return
        self._record(outcome, match.entry.name, service_id=match.entry.id)

    def _confirm_not_suitable(self, match: ServiceMatch) -> bool:
        """Signposting to a service marked not suitable for this caller asks first (No by
        default): it is counted as a GP appointment saved."""
        return self._yes_before_no(
            QMessageBox.question,
            "Not suitable for this caller",
            f"{match.entry.name} is marked not suitable: {match.eligibility.fit_reason}.\n\n"
            "Record it as signposted and accepted anyway?",
        )

    def _confirm_despite_red_flag(self) -> bool:
        flag = self.window.banner.first_flag
        return self._yes_before_no(
            QMessageBox.warning,
            "A red flag is showing",
            f"{flag.action if flag else 'A red flag'} is showing.\n\n"
            "Record a signpost instead of escalating?",
        )

    def _yes_before_no(self, ask: Callable[..., object], title: str, text: str) -> bool:
        """Ask with Yes and No buttons, No the default; True only for Yes."""
        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        answer = ask(self.window, title, text, buttons, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _record(
        self,
        outcome: Outcome,
        what: str,
        *,
        service_id: int | None = None,
        red_flag_id: int | None = None,
    ) -> None:
        window = self.window
        if self.busy:
            window.statusBar().showMessage("Still recording the last one...", 3000)
            return
        request = window.session.signpost_request(
            outcome,
            service_id=service_id,
            red_flag_id=red_flag_id,
            channel=window.channel,
            age=window.age,
        )
        self.busy = True
        typed = window.search_box.text()
        window.statusBar().showMessage(f"Recording: {what}...")
        window.session.recorder.record_in_background(
            request,
            lambda answer: self._relay.answered.emit(
                lambda value: self._recorded(outcome, what, value, typed), answer
            ),
        )
        self._wait_for_answer()

    def _recorded(self, outcome: Outcome, what: str, answer: Answer, typed: str) -> None:
        window = self.window
        self._answered()
        window.show_connection_state()
        if isinstance(answer, SignpostingError):
            self._error("Not recorded", answer)
            return
        if answer.kept is Kept.THIS_PC:
            window.toast.show_message(
                f"Saved on this PC: {what} ({OUTCOME_WORDS[outcome]}). The database cannot be "
                "reached; it will be sent automatically.",
                undoable=True,
            )
        else:
            window.toast.show_message(
                f"Recorded: {what} ({OUTCOME_WORDS[outcome]}).", undoable=True
            )
        if outcome is Outcome.RED_FLAG_ESCALATED:
            window.keep_escalation_on_screen()
        else:
            next_caller = window.search_box.text()
            window.new_call()
            if next_caller != typed:  # typed while the record was on its way
                window.search_box.setText(next_caller)
        window.refresh_staff()

    def _error(self, title: str, exc: Exception) -> None:
        log.warning("%s: %s", title, exc)
        detail = str(exc) if isinstance(exc, SignpostingError) else "the database did not answer"
        QMessageBox.critical(self.window, title, f"{title}: {detail}. Nothing was changed.")
