"""The reception desk window: what the caller says in, red flags and services out."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from signposting.connection import describe_database
from signposting.directory.watch import DirectoryWatcher
from signposting.domain import Channel
from signposting.reception.session import DeskSession
from signposting.recording.tally import ASSUMPTION
from signposting.redflags.recogniser import Flag
from signposting.search.caller import Caller, Sex
from signposting.ui.desk.back_office import BackOfficeMenus
from signposting.ui.desk.browse import BROWSE_KEYS, DeskBrowsing, ServicesPane
from signposting.ui.desk.not_sent import NotSentButton
from signposting.ui.desk.recording import DeskRecording
from signposting.ui.desk.red_flag_banner import MentionNote, RedFlagBanner
from signposting.ui.desk.results_model import ServiceResultsModel
from signposting.ui.desk.room import BannerRoom
from signposting.ui.desk.toast import Toast
from signposting.ui.desk.widgets import EnterReturns, QuickButtons, SearchBox, SideBySide
from signposting.ui.desk.zoom import DeskZoom
from signposting.ui.flow_layout import FlowLayout
from signposting.ui.training_look import apply_training_look, training_banner

Clock = Callable[[], datetime]
CHANNEL_LABELS = {Channel.PHONE: "Phone", Channel.IN_PERSON: "In person", Channel.ONLINE: "Online"}
NO_AGE = -1
#: The sex box's choices; the first (not known) rules nothing out.
SEX_LABELS: dict[Sex | None, str] = {None: "sex?", Sex.FEMALE: "Female", Sex.MALE: "Male"}
SEND_QUEUED_EVERY_MS = 5000
#: In the card when the caller's words match no service (and raise no red flag).
NO_MATCH_HTML = (
    "<h3>No service matches these words</h3>"
    "<p>Ask the caller a little more and try their other words, or choose a category on the "
    f"left (Tab, then arrow keys and Enter; or {BROWSE_KEYS}) to see its services. Else record "
    "<b>No suitable service (Ctrl+N)</b> or <b>Booked with clinician (Ctrl+B)</b>.</p>"
)
#: The search box's narrowest width beside the quick fields, in average characters.
SEARCH_BOX_CHARACTERS = 36
#: The size the desk opens at, if the screen has room (else the screen's free area).
PREFERRED_WIDTH, PREFERRED_HEIGHT = 1340, 800
#: Room a window manager takes around the window (title bar, frame).
TITLE_BAR_ALLOWANCE = 40

log = logging.getLogger(__name__)


class DeskWindow(BackOfficeMenus):
    """Search box first; the red-flag banner above everything; results and card below."""

    directory_changed = Signal(str, object)  # table, row id: from the watcher's thread
    queued_sent = Signal(int)  # how many queued records went: from the sending thread

    def __init__(self, session: DeskSession, clock: Clock | None = None) -> None:
        super().__init__()
        self.session = session
        self.clock: Clock = clock or (lambda: datetime.now(UTC))
        self.setWindowTitle(f"Signposting desk: {session.practice_name}")
        self._build()
        self.zoom = DeskZoom(self, session.database.describe())  # text size: 11 pt at first
        self.recording = DeskRecording(self)
        self.browsing = DeskBrowsing(self)
        self._connect()
        self._build_menus()
        self.refresh_staff()
        self.outbox_timer = QTimer(self)
        self.outbox_timer.setInterval(SEND_QUEUED_EVERY_MS)
        self.outbox_timer.timeout.connect(self.send_queued)
        self._sending = False
        self.queued_sent.connect(self._queued_sent)
        self.not_sent = NotSentButton(session.outbox)
        self.statusBar().addPermanentWidget(self.not_sent)
        self.outbox_timer.start()
        self.show_connection_state()
        self.directory_changed.connect(self._apply_directory_change)
        self.watcher = DirectoryWatcher(session.database, self.directory_changed.emit)
        self.watcher.start()
        if session.training:
            apply_training_look(self)
        self.fit_to_screen()
        self.search_box.setFocus(Qt.FocusReason.OtherFocusReason)

    # ---------------------------------------------------------------- building
    def _build(self) -> None:
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)  # a little more room on a small or scaled screen
        layout.setSpacing(4)
        self.training_banner = training_banner() if self.session.training else None
        if self.training_banner is not None:
            layout.addWidget(self.training_banner)
        self.top_bar = QWidget()  # who is at the desk, and their tally
        self.top_bar.setLayout(self._build_top())
        layout.addWidget(self.top_bar)
        self.quick = QuickButtons(list(self.session.engine.red_flags.entries))
        layout.addWidget(self.quick)
        layout.addLayout(self._build_query())
        self.banner = RedFlagBanner()
        layout.addWidget(self.banner)
        self.mention_note = MentionNote()
        layout.addWidget(self.mention_note)
        layout.addWidget(self._build_results(), stretch=1)
        layout.addWidget(self._build_buttons())
        self.toast = Toast()
        layout.addWidget(self.toast)
        self.setCentralWidget(central)
        self.banner_room = BannerRoom(central, self.banner, gives_way=self.top_bar)
        self._set_tab_order()

    def _build_top(self) -> QHBoxLayout:
        self.staff_label = QLabel()
        self.staff_label.setAccessibleName("Member of staff at the desk")
        self.tally_label = QLabel()
        self.tally_label.setAccessibleName("Today's tally")
        self.tally_label.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.tally_label.setWordWrap(True)  # on a narrow screen it takes more lines
        self.change_staff_button = QPushButton("Change staff (Ctrl+Shift+S)")
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.staff_label)
        top.addWidget(self.change_staff_button)
        top.addWidget(self.tally_label, stretch=1)  # all the room left: it wraps only if it must
        return top

    def _build_query(self) -> SideBySide:
        self.search_box = SearchBox(lambda: self.toast.can_undo)
        self.search_box.setPlaceholderText("Type what the caller says… (Ctrl+F)")
        self.search_box.setAccessibleName("What the caller says")
        self.search_box.setClearButtonEnabled(True)
        font = self.search_box.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        self.search_box.setFont(font)
        self.age_box = QSpinBox()
        self.age_box.setRange(NO_AGE, 130)
        self.age_box.setValue(NO_AGE)
        self.age_box.setSpecialValueText("age?")
        self.age_box.setAccessibleName("Patient age in years (optional)")
        self._build_sex_and_pregnancy()
        self.channel_box = QComboBox()
        self.channel_box.setAccessibleName("Channel")
        for channel, label in CHANNEL_LABELS.items():
            self.channel_box.addItem(label, channel)
        fields = QWidget()
        row = QHBoxLayout(fields)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel("Age (Ctrl+G):"))
        row.addWidget(self.age_box)
        row.addWidget(QLabel("Sex (Ctrl+M):"))
        row.addWidget(self.sex_box)
        row.addWidget(self.pregnant_box)
        row.addWidget(QLabel("Channel (Ctrl+L):"))
        row.addWidget(self.channel_box)
        return SideBySide(self.search_box, fields, first_at_least=SEARCH_BOX_CHARACTERS)

    def _build_sex_and_pregnancy(self) -> None:
        """Optional, like the age: services that exclude a sex or pregnancy are marked not
        suitable when these are set. Never recorded."""
        self.sex_box = QComboBox()
        self.sex_box.setAccessibleName("Patient sex (optional)")
        for sex, label in SEX_LABELS.items():
            self.sex_box.addItem(label, sex.value if sex else "")
        self.pregnant_box = QCheckBox("Pregnant (Ctrl+P)")
        self.pregnant_box.setAccessibleName("Patient is pregnant (optional)")

    def _build_results(self) -> QSplitter:
        self.results_model = ServiceResultsModel()
        self.results_view = QListView()
        self.results_view.setModel(self.results_model)
        self.results_view.setAccessibleName("Matching services")
        self.results_view.setAlternatingRowColors(True)
        self.results_view.setWordWrap(True)
        self.results_view.setSpacing(3)
        self.services_pane = ServicesPane(self.results_view)
        self.card = QTextBrowser()
        self.card.setOpenExternalLinks(True)
        self.card.setAccessibleName("Service card")
        self.flag_button = QPushButton("Report card out of date (Ctrl+R)")
        card_side = QWidget()  # the card, and under it the button that reports it
        card_column = QVBoxLayout(card_side)
        card_column.setContentsMargins(0, 0, 0, 0)
        card_column.addWidget(self.card, stretch=1)
        card_column.addWidget(self.flag_button, alignment=Qt.AlignmentFlag.AlignRight)
        splitter = QSplitter()
        splitter.addWidget(self.services_pane)
        splitter.addWidget(card_side)
        splitter.setSizes([450, 750])
        # The room the rest leaves: on a short (or scaled) screen the red-flag banner, the
        # search box and the record buttons keep their size and the lists give way.
        splitter.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        return splitter

    def _build_buttons(self) -> QWidget:
        """The outcomes to record, wrapping onto a second line on a narrow screen."""
        self.accept_button = QPushButton("Signposted, accepted (Enter)")
        self.accept_button.setDefault(True)
        self.decline_button = QPushButton("Declined (Ctrl+D)")
        self.no_service_button = QPushButton("No suitable service (Ctrl+N)")
        self.booked_button = QPushButton("Booked with clinician (Ctrl+B)")
        outcomes = QWidget()
        flow = FlowLayout(outcomes)
        for button in (
            self.accept_button,
            self.decline_button,
            self.no_service_button,
            self.booked_button,
        ):
            button.setAccessibleName(button.text().split(" (")[0])
            flow.addWidget(button)
        return outcomes

    def _set_tab_order(self) -> None:
        for earlier, later in [
            (self.search_box, self.services_pane.category_view),  # shown when nothing matches
            (self.services_pane.category_view, self.age_box),
            (self.age_box, self.sex_box),
            (self.sex_box, self.pregnant_box),
            (self.pregnant_box, self.channel_box),
            (self.channel_box, self.results_view),
            (self.results_view, self.services_pane.browse_button),
            (self.services_pane.browse_button, self.accept_button),
            (self.accept_button, self.decline_button),
            (self.decline_button, self.no_service_button),
            (self.no_service_button, self.booked_button),
            (self.booked_button, self.flag_button),
            (self.flag_button, self.card),
        ]:
            QWidget.setTabOrder(earlier, later)

    def _connect(self) -> None:
        self.search_box.textChanged.connect(self._words_changed)
        self.age_box.valueChanged.connect(self.run_search)
        self.sex_box.currentIndexChanged.connect(self.run_search)
        self.pregnant_box.toggled.connect(self.run_search)
        self.enter_returns = EnterReturns(self.back_to_search, self)
        self.enter_returns.watch(self.age_box, self.sex_box, self.pregnant_box)
        self.search_box.returnPressed.connect(self.recording.accept_selected)
        self.results_view.activated.connect(lambda _index: self.recording.accept_selected())
        self.results_view.selectionModel().currentChanged.connect(self._show_card)
        self.banner.escalation_requested.connect(self.recording.escalate)
        self.quick.chosen.connect(self.show_quick_flag)
        self.services_pane.browse_requested.connect(self.browsing.open)
        self.services_pane.category_chosen.connect(self.browsing.choose)
        self.toast.undo_requested.connect(self.recording.undo)
        self.accept_button.clicked.connect(self.recording.accept_selected)
        self.decline_button.clicked.connect(self.recording.declined)
        self.no_service_button.clicked.connect(self.recording.no_suitable_service)
        self.booked_button.clicked.connect(self.recording.booked_clinician)
        self.flag_button.clicked.connect(self.recording.flag_out_of_date)
        self.change_staff_button.clicked.connect(self.recording.choose_staff)
        shortcuts: list[tuple[QKeySequence, Callable[[], object]]] = [
            (QKeySequence("Ctrl+F"), self.focus_search),
            (QKeySequence("Escape"), self.new_call),
            (QKeySequence("Ctrl+G"), self.focus_age),
            (QKeySequence("Ctrl+M"), self.focus_sex),
            (QKeySequence("Ctrl+P"), self.focus_pregnant),
            (QKeySequence("Ctrl+L"), self.channel_box.setFocus),
            (QKeySequence("Ctrl+D"), self.recording.declined),
            (QKeySequence("Ctrl+N"), self.recording.no_suitable_service),
            (QKeySequence("Ctrl+B"), self.recording.booked_clinician),
            (QKeySequence("Ctrl+E"), self.recording.escalate_shown),
            (QKeySequence("Ctrl+R"), self.recording.flag_out_of_date),
            (QKeySequence(BROWSE_KEYS), self.browsing.open),
            (QKeySequence("Ctrl+Shift+S"), self.recording.choose_staff),
            (QKeySequence(QKeySequence.StandardKey.Undo), self.recording.undo),
        ]
        for number, button in enumerate(self.quick.buttons, start=1):
            shortcuts.append((QKeySequence(f"Ctrl+{number}"), button.click))
        shortcuts.extend(self.zoom.shortcuts())  # text size: Ctrl+= / Ctrl++, Ctrl+-, Ctrl+0
        for keys, slot in shortcuts:
            action = QAction(self)
            action.setShortcut(keys)
            action.triggered.connect(slot)
            self.addAction(action)
        # Ctrl+Z stays the box's own text undo unless a record can be taken back (SearchBox).
        undo = QKeySequence(QKeySequence.StandardKey.Undo)
        self.search_box.leave_to_window(keys for keys, _ in shortcuts if keys != undo)

    # ---------------------------------------------------------------- behaviour
    @property
    def age(self) -> int | None:
        return None if self.age_box.value() == NO_AGE else self.age_box.value()

    @property
    def sex(self) -> Sex | None:
        chosen = self.sex_box.currentData()
        return Sex(chosen) if chosen else None

    @property
    def pregnant(self) -> bool:
        return self.pregnant_box.isChecked()

    @property
    def caller(self) -> Caller:
        """What the quick fields say of the patient: for eligibility, never stored."""
        return Caller(self.age, self.sex, self.pregnant)

    @property
    def channel(self) -> Channel:
        return Channel(self.channel_box.currentData())

    def _words_changed(self) -> None:
        """Typing ends any browsing: the list shows what the words find."""
        self.browsing.stop()
        self.run_search()

    def run_search(self) -> None:
        """Search on every keystroke; red flags go to the banner, services to the list, and
        when nothing matches (and no red flag shows) the categories are offered. While
        browsing, what is browsed is shown again instead."""
        if self.browsing.refresh():
            return
        text = self.search_box.text()
        result = self.session.search(
            text, self.age, sex=self.sex, pregnant=self.pregnant, now=self.clock()
        )
        self.banner.show_flags(list(result.red_flags), text)
        self.mention_note.show_checks(list(result.checks), text)
        self.results_model.set_matches(list(result.services))
        self.services_pane.show_results()
        if result.services:
            self.results_view.setCurrentIndex(self.results_model.index(0))
        elif text.strip() and not result.red_flags:
            self.card.setHtml(NO_MATCH_HTML)
            self.browsing.offer_categories()
        else:
            self.card.clear()

    def show_quick_flag(self, entry: object) -> None:
        from signposting.search.entries import RedFlagEntry  # noqa: PLC0415

        if isinstance(entry, RedFlagEntry):
            self.banner.show_flags([Flag(entry, entry.urgency, ())])
            self.banner.record_button.setFocus()

    def _show_card(self, current: QModelIndex, _previous: QModelIndex) -> None:
        match = self.results_model.match_at(current.row())
        if match is not None:
            html = self.session.card_html(match.entry.id, self.clock(), self.caller)
            self.card.setHtml(html)

    def focus_age(self) -> None:
        """Ctrl+G: the age box with its text selected, so typed digits replace "age?"."""
        self.age_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.age_box.selectAll()

    def focus_sex(self) -> None:
        """Ctrl+M: the sex box; F or M chooses, Enter goes back to the search box."""
        self.sex_box.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_pregnant(self) -> None:
        """Ctrl+P: the pregnant box; Space ticks it, Enter goes back to the search box."""
        self.pregnant_box.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_search(self) -> None:
        self.search_box.setFocus()
        self.search_box.selectAll()

    def back_to_search(self) -> None:
        """Enter in a quick field: the cursor back at the end of the caller's words."""
        self.search_box.setFocus(Qt.FocusReason.OtherFocusReason)
        self.search_box.deselect()
        self.search_box.end(False)

    def keep_escalation_on_screen(self) -> None:
        """After an escalation is recorded: the banner's action and script stay while they are
        read out; the services go, and the search box is ready for the next caller."""
        self.banner.mark_recorded()
        self.browsing.stop()
        self.results_model.set_matches([])
        self.card.clear()
        self.search_box.setFocus()
        self.search_box.selectAll()

    def new_call(self) -> None:
        """Clear everything for the next caller."""
        self.search_box.clear()
        self.age_box.setValue(NO_AGE)
        self.sex_box.setCurrentIndex(0)
        self.pregnant_box.setChecked(False)
        self.channel_box.setCurrentIndex(0)
        self.banner.show_flags([])
        self.mention_note.show_checks([])
        self.browsing.stop()
        self.results_model.set_matches([])
        self.card.clear()
        self.search_box.setFocus()

    def _apply_directory_change(self, table: str, row_id: object) -> None:
        """A manager changed the directory somewhere: update the index, then what is shown."""
        try:
            self.session.apply_change(table, row_id if isinstance(row_id, int) else None)
        except Exception:
            return
        self.run_search()

    def fit_to_screen(self) -> None:
        """Open at the usual size, or within the screen's free area where that is smaller (a
        1366x768 laptop at 150% scaling has room for about 910x510)."""
        available = self.screen().availableGeometry()
        width = min(PREFERRED_WIDTH, available.width())
        height = min(PREFERRED_HEIGHT, available.height() - TITLE_BAR_ALLOWANCE)
        self.resize(width, height)
        if (width, height) != (PREFERRED_WIDTH, PREFERRED_HEIGHT):
            self.move(available.topLeft())  # not partly off a small screen

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.watcher.stop()
        self.outbox_timer.stop()
        super().closeEvent(event)

    def send_queued(self) -> None:
        """Try to send what waits in the outbox, on a worker thread; the desk keeps working."""
        if self._sending or not self.session.outbox.has_work():
            return
        self._sending = True

        def send() -> None:
            try:
                sent = self.session.send_queued()
            except Exception:
                log.exception("sending queued records failed")
                sent = 0
            self.queued_sent.emit(sent)

        threading.Thread(target=send, name="outbox-send", daemon=True).start()

    def _queued_sent(self, sent: int) -> None:
        self._sending = False
        if sent:
            self.refresh_staff()
        self.show_connection_state()

    def show_connection_state(self) -> None:
        self.not_sent.refresh()
        waiting = self.session.queued
        if waiting:
            self.statusBar().setStyleSheet("background-color: #ffd400; color: #000000;")
            self.statusBar().showMessage(
                f"OFFLINE: {waiting} record(s) saved on this PC, sent automatically when the "
                "database is back. Search still works."
            )
        else:
            self.statusBar().setStyleSheet("")
            which = "TRAINING database" if self.session.training else "Database"
            where = describe_database(self.session.database.url)
            self.statusBar().showMessage(f"{which}: {where}")

    def refresh_staff(self) -> None:
        staff = self.session.staff
        self.zoom.follow_staff(staff.id if staff else None)  # their own text size
        self.staff_label.setText(
            f"At the desk: <b>{staff.name}</b>"
            if staff
            else "<b>No one signed in</b>: choose your name (Ctrl+Shift+S)"
        )
        tally = self.session.tally()  # records carry the real time, so today is the real day
        self.tally_label.setText(
            f"Today: <b>{tally.signposts}</b> signposts · <b>{tally.accepted}</b> accepted · "
            f"≈<b>{tally.minutes_saved:.0f}</b> GP minutes saved"
            f"<br><small>Estimate: {ASSUMPTION}</small>"
        )
