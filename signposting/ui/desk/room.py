"""Room for the red-flag banner on a short (or scaled) screen: it keeps its full height. The
services give way first (their list has no minimum height); if that is not enough, the staff
and tally line is hidden while the banner shows, and comes back when it goes."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget


class BannerRoom(QObject):
    """Watches the desk's central widget; hides ``gives_way`` while ``banner`` shows and the
    central widget is too short for everything."""

    def __init__(self, central: QWidget, banner: QWidget, gives_way: QWidget) -> None:
        super().__init__(central)
        self.central = central
        self.banner = banner
        self.gives_way = gives_way
        central.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.central and event.type() in (
            QEvent.Type.Resize,
            QEvent.Type.LayoutRequest,
        ):
            self.fit()
        return super().eventFilter(watched, event)

    def fit(self) -> None:
        """Show or hide ``gives_way``, judged by the height everything needs with it shown
        (so the answer does not change by hiding it)."""
        layout = self.central.layout()
        if layout is None:
            return
        width = self.central.width()
        needed = layout.totalHeightForWidth(width)
        if self.gives_way.isHidden():
            needed += _height_at(self.gives_way, width) + layout.spacing()
        short = self.banner.isVisibleTo(self.central) and needed > self.central.height()
        if self.gives_way.isHidden() != short:
            self.gives_way.setVisible(not short)


def _height_at(widget: QWidget, width: int) -> int:
    if widget.hasHeightForWidth():
        return widget.heightForWidth(width)
    return widget.sizeHint().height()
