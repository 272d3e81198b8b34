"""Starting the trainer's window: sign in as a trainer or manager first."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from signposting.accounts.permissions import Permission, allowed
from signposting.db.engine import Database
from signposting.db.models import StaffMember
from signposting.recording.organisation import resolve_practice
from signposting.ui.manage.sign_in import SignInDialog
from signposting.ui.training.trainer_window import TrainerWindow
from signposting.ui.training_look import apply_training_look


def run_trainer(live: Database, training: Database, practice_ods: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Signposting training")
    with live.unit_of_work() as session:
        practice_id = resolve_practice(session, practice_ods).id
    dialog = SignInDialog(live, permissions=[Permission.RUN_TRAINING], practice_id=practice_id)
    apply_training_look(dialog)
    if not dialog.exec() or dialog.staff_id is None:
        return 1
    with live.unit_of_work() as session:
        permitted = allowed(session.get(StaffMember, dialog.staff_id), Permission.RUN_TRAINING)
    if not permitted:
        QMessageBox.warning(None, "Training", "Only trainers and managers run training.")
        return 1
    window = TrainerWindow(live, training, dialog.staff_id, practice_id)
    window.show()
    return int(app.exec())
