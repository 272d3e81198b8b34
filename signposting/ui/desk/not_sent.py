"""Records the database refused: shown at the desk, never blocking the records behind them."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from signposting.labels import label
from signposting.recording.outbox import Outbox, SetAside

EXPLANATION = (
    "The database refused these records when they were sent (for example, a service was "
    "deleted meanwhile). They are kept on this PC; other records are not held up. Tell the "
    "practice manager. When the cause is put right, choose Try again."
)


class NotSentButton(QPushButton):
    """A status-bar button, shown only while some records could not be sent."""

    def __init__(self, outbox: Outbox, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outbox = outbox
        self.setStyleSheet("background-color: #d5281b; color: #ffffff; font-weight: bold;")
        self.clicked.connect(self.show_list)
        self.refresh()

    def refresh(self) -> None:
        count = len(self.outbox.set_aside_records())
        self.setText(f"{_records(count)} could not be sent…")
        self.setVisible(count > 0)

    def show_list(self) -> None:
        records = self.outbox.set_aside_records()
        box = QMessageBox(self.window())
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Records not sent")
        box.setText(f"{_records(len(records))} could not be sent to the database.")
        box.setInformativeText(EXPLANATION)
        box.setDetailedText("\n".join(describe(record) for record in records))
        retry = box.addButton("Try again", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if box.clickedButton() is retry:
            self.outbox.retry_set_aside()
        self.refresh()


def _records(count: int) -> str:
    return f"{count} record" if count == 1 else f"{count} records"


def describe(record: SetAside) -> str:
    """One line a manager can act on: when, what, and the database's reason."""
    request = record.request
    what = label(request.outcome)
    target = (
        f"service {request.service_id}"
        if request.service_id is not None
        else f"red flag {request.red_flag_id}"
        if request.red_flag_id is not None
        else "no service"
    )
    when = request.recorded_at.strftime("%d %b %Y %H:%M") if request.recorded_at else "?"
    return f"{when}: {what}, {target} ({request.uuid}): {record.reason}"
