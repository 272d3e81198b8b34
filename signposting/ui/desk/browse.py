"""Browsing by category at the desk: the left pane shows the services found or, when the words
match none (or on Ctrl+K), the directory's categories to choose from by keyboard or mouse."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from signposting.search.browse import Category, directory_categories, services_in

if TYPE_CHECKING:
    from signposting.ui.desk.window import DeskWindow

Index = QModelIndex | QPersistentModelIndex
CategoryRole = Qt.ItemDataRole.UserRole + 1
BROWSE_KEYS = "Ctrl+K"
BROWSE_TEXT = f"Browse by category ({BROWSE_KEYS})"
NO_MATCH_HEADING = "No service matches. Categories (Tab, arrow keys, Enter):"
BROWSE_HEADING = "Categories (arrow keys, Enter); typing searches again:"
#: In the card while the categories are offered on Ctrl+K.
BROWSE_HTML = (
    "<h3>Browse by category</h3>"
    "<p>Choose a category on the left (arrow keys and Enter, or a click) to list its "
    "services, each with whether it suits this caller and whether it is open now. Typing "
    "in the search box goes back to searching.</p>"
)


class CategoryModel(QAbstractListModel):
    """One row per category: its label and how many active services it has."""

    def __init__(self) -> None:
        super().__init__()
        self._categories: list[Category] = []

    def set_categories(self, categories: list[Category]) -> None:
        self.beginResetModel()
        self._categories = list(categories)
        self.endResetModel()

    def category_at(self, row: int) -> Category | None:
        return self._categories[row] if 0 <= row < len(self._categories) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self._categories)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        category = self.category_at(index.row()) if index.isValid() else None
        if category is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return category.text
        if role == CategoryRole:
            return category.label
        return None


class ServicesPane(QWidget):
    """A heading (what the list shows, when that needs saying), the results list or the
    category list, and the browse button."""

    category_chosen = Signal(str)
    browse_requested = Signal()

    def __init__(self, results_view: QListView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.results_view = results_view
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)  # category names as written
        self.heading.setAccessibleName("What the list shows")
        self.browse_button = QPushButton(BROWSE_TEXT)
        self.browse_button.setAccessibleName("Browse by category")
        self.browse_button.clicked.connect(self.browse_requested)
        self.category_model = CategoryModel()
        self.category_view = QListView()
        self.category_view.setModel(self.category_model)
        self.category_view.setAccessibleName("Service categories")
        self.category_view.setAlternatingRowColors(True)
        self.category_view.setSpacing(2)
        self.category_view.setWordWrap(True)  # a long name wraps in a narrow pane
        self.category_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.category_view.activated.connect(self._chosen)  # Enter, or a double click
        self.category_view.clicked.connect(self._chosen)  # one click is enough
        self.stack = QStackedWidget()
        self.stack.addWidget(results_view)
        self.stack.addWidget(self.category_view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.stack, stretch=1)
        layout.addWidget(self.browse_button, alignment=Qt.AlignmentFlag.AlignRight)
        self.show_results()

    @property
    def showing_categories(self) -> bool:
        return self.stack.currentWidget() is self.category_view

    def show_results(self, heading: str = "") -> None:
        self.stack.setCurrentWidget(self.results_view)
        self._set_heading(heading)

    def show_categories(self, categories: list[Category], heading: str) -> None:
        """The categories in the list, the one current before still current if it is there,
        else the first (Enter chooses it)."""
        before = self.category_view.currentIndex().data(CategoryRole)
        self.category_model.set_categories(categories)
        self.stack.setCurrentWidget(self.category_view)
        self._set_heading(heading)
        labels = [category.label for category in categories]
        if labels:
            row = labels.index(before) if before in labels else 0
            self.category_view.setCurrentIndex(self.category_model.index(row))

    def _set_heading(self, text: str) -> None:
        self.heading.setText(text)
        self.heading.setVisible(bool(text))

    def _chosen(self, index: QModelIndex) -> None:
        label = self.category_model.data(index, CategoryRole)
        if isinstance(label, str):
            self.category_chosen.emit(label)


class DeskBrowsing:
    """The desk's browse state: the categories offered (when the words match nothing, or on
    Ctrl+K) or one category's services listed. Typing in the search box ends it."""

    def __init__(self, window: DeskWindow) -> None:
        self.window = window
        #: The category whose services are listed, if any.
        self.category: str | None = None
        #: The categories were asked for (Ctrl+K or the button), not offered for no match.
        self.asked = False

    def stop(self) -> None:
        """Back to searching: the list shows what the caller's words find."""
        self.category = None
        self.asked = False
        self.window.services_pane.show_results()

    def refresh(self) -> bool:
        """Show the browse state again (the caller's age, sex or pregnancy, or the directory,
        changed); False when not browsing, for the search to run instead."""
        if self.category is not None:
            self._list(self.category)
        elif self.asked:
            self.offer_categories(BROWSE_HEADING)
        return self.category is not None or self.asked

    def open(self) -> None:
        """Ctrl+K, or the button: the categories, one current ready for Enter. Nothing stays
        selected for recording meanwhile."""
        window = self.window
        self.category = None
        self.asked = True
        window.results_model.set_matches([])
        window.card.setHtml(BROWSE_HTML)
        self.offer_categories(BROWSE_HEADING)
        window.services_pane.category_view.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def offer_categories(self, heading: str = NO_MATCH_HEADING) -> None:
        found = directory_categories(self.window.session.engine)
        self.window.services_pane.show_categories(found, heading)

    def choose(self, category: str) -> None:
        """List the category's services like search results, the first selected and the list
        focused: Enter records it as it would a search result."""
        self.category = category
        self.asked = False
        self._list(category)
        self.window.results_view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _list(self, category: str) -> None:
        window = self.window
        selected = window.results_model.match_at(window.results_view.currentIndex().row())
        matches = services_in(window.session.engine, category, window.caller, window.clock())
        window.results_model.set_matches(list(matches))
        window.services_pane.show_results(f"{category} (typing searches again)")
        ids = [match.entry.id for match in matches]
        row = ids.index(selected.entry.id) if selected and selected.entry.id in ids else 0
        if matches:
            window.results_view.setCurrentIndex(window.results_model.index(row))
        else:
            window.card.clear()
