"""The desk's recording actions: each one commits before the desk says it is recorded."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy.exc import SQLAlchemyError

from PySide6.QtWidgets import QInputDialog, QMessageBox

from signposting.domain import Outcome
from signposting.errors import SignpostingError
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


class DeskRecording:
    """Slots for the record buttons and shortcuts of one desk window."""

    def __init__(self, window: DeskWindow) -> None:
        self.window = window

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
        if not window.toast.can_undo:
            return
        try:
            undone = window.session.undo_last()
        except (SignpostingError, SQLAlchemyError) as exc:
            self._error("The record could not be taken back", exc)
            return
        window.toast.show_message(
            "Last record taken back." if undone else "Nothing to undo.", undoable=False
        )
        window.refresh_staff()

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
        unsuitable = outcome is Outcome.ACCEPTED and not match.eligibility.eligible
        if unsuitable and not self._confirm_not_suitable(match):
            return
        self._record(outcome, match.entry.name, service_id=match.entry.id)

    def _confirm_not_suitable(self, match: ServiceMatch) -> bool:
        """Signposting to a service marked not suitable for this caller asks first (No by
        default): it is counted as a GP appointment saved."""
        return self._yes_before_no(
            QMessageBox.question,
            "Not suitable for this caller",
            f"{match.entry.name} is marked not suitable: {match.eligibility.reason}.\n\n"
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
        try:
            record_id = window.session.record(
                outcome,
                service_id=service_id,
                red_flag_id=red_flag_id,
                channel=window.channel,
                age=window.age,
            )
        except (SignpostingError, SQLAlchemyError) as exc:
            self._error("Not recorded", exc)
            return
        if record_id is None:
            window.toast.show_message(
                f"Saved on this PC: {what} ({OUTCOME_WORDS[outcome]}). The database cannot be "
                "reached; it will be sent automatically.",
                undoable=True,
            )
        else:
            window.toast.show_message(
                f"Recorded: {what} ({OUTCOME_WORDS[outcome]}).", undoable=True
            )
        window.show_connection_state()
        if outcome is Outcome.RED_FLAG_ESCALATED:
            window.keep_escalation_on_screen()
        else:
            window.new_call()
        window.refresh_staff()

    def _error(self, title: str, exc: Exception) -> None:
        log.warning("%s: %s", title, exc)
        detail = str(exc) if isinstance(exc, SignpostingError) else "the database did not answer"
        QMessageBox.critical(self.window, title, f"{title}: {detail}. Nothing was changed.")
