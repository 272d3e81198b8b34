"""The desk's way into the back office: the Reports and Directory menus, each opening its
window or dialog once a member of staff whose role allows it has signed in."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMainWindow

from signposting.accounts.permissions import Permission
from signposting.reception.session import DeskSession

#: Who the manager's window offers to sign in: a role that may do one of these there.
MANAGER_WINDOW_PERMISSIONS = (
    Permission.EDIT_DIRECTORY,
    Permission.DRAFT_RED_FLAGS,
    Permission.SIGN_OFF_RED_FLAGS,
    Permission.EDIT_SEARCH_VOCABULARY,
    Permission.READ_AUDIT_LOG,
)


class BackOfficeMenus(QMainWindow):
    """The menus of the live desk (a training desk has none) and what they open."""

    session: DeskSession

    def _build_menus(self) -> None:
        self.dashboard: QMainWindow | None = None
        self.manager: QMainWindow | None = None
        if self.session.training:
            return  # reports and directory changes belong to the live desk only
        reports = self.menuBar().addMenu("&Reports")
        for text, keys, slot in [
            ("Savings &dashboard", "Ctrl+Shift+D", self.open_dashboard),
            ("&Export records…", "Ctrl+Shift+E", self.open_export),
            ("Clinical &codes for export…", "Ctrl+Shift+C", self.open_codes),
        ]:
            action = reports.addAction(text)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(slot)
            self.addAction(action)  # the shortcut works wherever the focus is in the window
        directory = self.menuBar().addMenu("&Directory")
        manage = directory.addAction("&Manage directory and red flags…")
        manage.setShortcut(QKeySequence("Ctrl+Shift+M"))
        manage.triggered.connect(self.open_manager)
        self.addAction(manage)

    def signed_in_staff(self, *permissions: Permission) -> int | None:
        """Ask for a name (from a list of those whose role allows one of ``permissions``) and a
        password; the staff id, or None if the dialog was closed. Reports and directory changes
        act as someone, whose role the core checks."""
        from signposting.ui.manage.sign_in import SignInDialog  # noqa: PLC0415

        practice_id = self.session.practice_id
        dialog = SignInDialog(
            self.session.database, self, permissions=permissions, practice_id=practice_id
        )
        return dialog.staff_id if dialog.exec() else None

    def open_dashboard(self) -> None:
        from signposting.ui.reports.dashboard import SavingsDashboard  # noqa: PLC0415

        if (staff_id := self.signed_in_staff(Permission.READ_REPORTS)) is not None:
            self.dashboard = SavingsDashboard(self.session.database, staff_id)
            self.dashboard.show()

    def open_manager(self) -> None:
        """Sign in, then open the manager's window (what it allows depends on the role)."""
        from signposting.ui.manage.manager_window import ManagerWindow  # noqa: PLC0415

        if (staff_id := self.signed_in_staff(*MANAGER_WINDOW_PERMISSIONS)) is not None:
            self.manager = ManagerWindow(self.session.database, staff_id)
            self.manager.show()

    def open_export(self) -> None:
        from signposting.ui.reports.export_dialog import ExportDialog  # noqa: PLC0415

        if (staff_id := self.signed_in_staff(Permission.EXPORT_RECORDS)) is not None:
            ExportDialog(self.session.database, staff_id, self).exec()

    def open_codes(self) -> None:
        from signposting.ui.reports.codes_dialog import ServiceCodesDialog  # noqa: PLC0415

        if (staff_id := self.signed_in_staff(Permission.SET_EXPORT_CODES)) is not None:
            database, practice_id = self.session.database, self.session.practice_id
            ServiceCodesDialog(database, practice_id, staff_id, self).exec()
