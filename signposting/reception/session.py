"""One desk's working state: the directory index, who is at the desk, and the last record."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import UTC, date, datetime
from uuid import uuid4

import sqlalchemy as sa
from sqlalchemy.exc import InterfaceError, OperationalError

from signposting.db.base import utc_now
from signposting.db.engine import Database
from signposting.db.models import Practice, Service, StaffMember
from signposting.directory.card import card_view, render_card_html
from signposting.directory.flags import flag_service, open_flags
from signposting.directory.opening import UK
from signposting.directory.sharing import local_notes
from signposting.domain import AgeBand, Channel, Outcome, ServiceStatus
from signposting.errors import DatabaseUnavailableError, ValidationError
from signposting.reception.desk_recorder import DeskRecorder, Undone
from signposting.reception.snapshot import (
    Snapshot,
    copy_fingerprint,
    read_snapshot,
    saved_fingerprint,
    snapshot_path,
    take_snapshot,
    write_snapshot,
)
from signposting.recording.organisation import resolve_practice
from signposting.recording.outbox import Outbox, outbox_path
from signposting.recording.recorder import SignpostRequest
from signposting.recording.tally import Tally, staff_tally
from signposting.redflags import changes, lexicon
from signposting.search.caller import Caller, Sex
from signposting.search.engine import SearchEngine, SearchResult
from signposting.search.entries import RedFlagEntry
from signposting.search.index_cache import dump_index, index_path, write_index
from signposting.search.loader import (
    LoadedEngine,
    load_engine,
    load_engine_saved,
    red_flag_entries,
    service_entries,
)
from signposting.search.questions import Question, ask_the_caller
from signposting.search.vocabulary import shipped_vocabulary
from signposting.training.database import is_training_database

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StaffChoice:
    id: int
    name: str
    role: str


class DeskSession:
    """Everything a desk window asks of the core, each action its own unit of work."""

    def __init__(
        self,
        database: Database,
        engine: SearchEngine | None = None,
        *,
        practice_ods: str | None = None,
    ) -> None:
        self.database = database
        self.saved_copy: Snapshot | None = None
        #: Fixed now, so a copy written later goes where this desk's copy belongs.
        self.copy_path = snapshot_path(database)
        try:
            with database.unit_of_work() as session:
                practice: Practice = resolve_practice(session, practice_ods)
                self.practice_id = practice.id
                self.practice_name = practice.name
        except (OperationalError, InterfaceError) as exc:
            self.saved_copy = read_snapshot(self.copy_path)
            if self.saved_copy is None:
                raise DatabaseUnavailableError(
                    "cannot reach the database, and this PC has no saved copy of the directory"
                ) from exc
            log.warning("database unreachable: opening on the saved copy of the directory")
            self.practice_id = self.saved_copy.practice_id
            self.practice_name = self.saved_copy.practice_name
            engine = engine or SearchEngine.build(
                self.saved_copy.service_entries(),
                self.saved_copy.red_flag_entries(),
                shipped_vocabulary(self.saved_copy.vocabulary),
                self.saved_copy.thesaurus(),
            )
        #: A training copy: the desk says TRAINING on every screen.
        self.training = (
            self.saved_copy.training if self.saved_copy else is_training_database(database)
        )
        self.staff: StaffChoice | None = None
        self.outbox = Outbox(outbox_path(database))
        self.recorder = DeskRecorder(database, self.outbox)
        self._engine = engine
        self._engine_error: BaseException | None = None
        self._loader: threading.Thread | None = None
        self._copier: threading.Thread | None = None
        self._save_after_load = False
        #: Where this PC keeps the prebuilt index (see ``search.index_cache``).
        self.index_path = index_path(database, self.practice_id)
        #: Held while the index changes: a background rebuild never replaces newer changes.
        self._engine_lock = threading.Lock()
        self._changes_applied = 0
        self._index_saver: threading.Thread | None = None

    def start_loading(self, *, save_copy: bool = False) -> None:
        """Build the search index in the background (while staff sign in, say); with
        ``save_copy``, then save the offline copy on its own thread once searching can start."""
        self._save_after_load = self._save_after_load or save_copy
        if self._engine is None and self._loader is None:
            self._loader = threading.Thread(target=self._load, name="index-build", daemon=True)
            self._loader.start()

    def _load(self) -> None:
        """Open the index saved on this PC where it matches the directory (a fraction of a
        rebuild), else build it and save it for the next start; an index whose services are
        out of date answers at once and is rebuilt here afterwards."""
        try:
            with self.database.unit_of_work() as session:
                loaded = load_engine_saved(session, self.practice_id, self.index_path)
            saving = _ready(loaded)
            self._engine = loaded.engine
        except BaseException as exc:  # handed to the thread that asks for the engine
            self._engine_error = exc
            return
        if saving is not None:
            self._write_index(saving)
        if loaded.services_stale:
            self._rebuild_services()
        if self._save_after_load:
            self.start_saving_copy()

    def _rebuild_services(self) -> None:
        """Build the engine again from the database and put it in place, unless the directory
        changed meanwhile (then build again: the running engine has those changes)."""
        for _ in range(3):
            seen = self._changes_applied
            try:
                with self.database.unit_of_work() as session:
                    loaded = load_engine_saved(session, self.practice_id, None)
                saving = _ready(loaded)
            except Exception as exc:
                log.warning("could not rebuild the search index: %s", exc)
                return
            with self._engine_lock:
                if seen == self._changes_applied:
                    self._engine = loaded.engine
                    break
        else:
            return
        if saving is not None:
            self._write_index(saving)

    def _write_index(self, data: bytes) -> None:
        """Save the index on a thread of its own that is not a daemon: a desk closed while it
        writes waits for a whole file rather than leaving none."""

        def write() -> None:
            try:
                write_index(self.index_path, data)
            except OSError as exc:
                log.warning("could not save the search index on this PC: %s", exc)

        # Said outright: a thread started by the index loader, a daemon, would be one too.
        self._index_saver = threading.Thread(target=write, name="index-save", daemon=False)
        self._index_saver.start()

    def finish_saving_index(self, timeout: float | None = None) -> None:
        """Wait for the index being saved in the background, if it is."""
        if self._index_saver is not None:
            self._index_saver.join(timeout)

    def start_saving_copy(self) -> None:
        """Save the copy on its own thread, so searching need not wait for it. The thread is
        not a daemon: a desk closing while it writes waits for a whole file."""
        if self._copier is None:
            # Not a daemon even when started from the index loader (which is one).
            self._copier = threading.Thread(
                target=self.save_copy, name="directory-copy", daemon=False
            )
            self._copier.start()

    def finish_copy(self, timeout: float | None = None) -> None:
        """Wait for a copy being saved in the background, if there is one."""
        if self._copier is not None:
            self._copier.join(timeout)

    def save_copy(self) -> bool:
        """Keep a copy of the directory on this PC for opening during an outage, unless the
        copy there already matches the directory. Returns whether a copy was written."""
        try:
            staff = [
                {"id": c.id, "name": c.name, "role": c.role} for c in self._staff_from_database()
            ]
            with self.database.unit_of_work() as session:
                fingerprint = copy_fingerprint(session, self.practice_id, self.practice_name, staff)
                if fingerprint == saved_fingerprint(self.copy_path):
                    log.debug("the saved copy of the directory is up to date")
                    return False
                copy = take_snapshot(session, self.practice_id, self.practice_name, staff)
            write_snapshot(self.copy_path, copy)
        except Exception as exc:
            log.warning("could not save a copy of the directory: %s", exc)
            return False
        return True

    @property
    def engine(self) -> SearchEngine:
        """The search engine, waiting for the background build if it is still running."""
        if self._engine is None:
            self.start_loading()
            assert self._loader is not None
            self._loader.join()
            if self._engine_error is not None:
                raise self._engine_error
        assert self._engine is not None
        return self._engine

    def apply_change(self, table: str, row_id: int | None) -> None:
        """Bring the search index up to date after a directory change seen by the watcher:
        one service is updated in place; anything else reloads the index."""
        with self._engine_lock:
            self._changes_applied += 1
            self._apply_change(table, row_id)

    def _apply_change(self, table: str, row_id: int | None) -> None:
        engine = self.engine
        if table == "service" and row_id is not None:
            with self.database.unit_of_work() as session:
                entries = service_entries(session, self.practice_id, only=row_id)
            if entries:
                engine.upsert_service(entries[0])
            else:
                engine.remove_service(row_id)
            return
        if table in ("red_flag_protocol", "thesaurus_change"):
            with self.database.unit_of_work() as session:
                engine.set_red_flags(red_flag_entries(session), changes.in_force(session))
            return
        with self.database.unit_of_work() as session:
            self._engine = load_engine(session, self.practice_id)

    def staff_choices(self) -> list[StaffChoice]:
        try:
            return self._staff_from_database()
        except (OperationalError, InterfaceError):
            copy = self.saved_copy or read_snapshot(self.copy_path)
            return [StaffChoice(**member) for member in copy.staff] if copy else []

    def _staff_from_database(self) -> list[StaffChoice]:
        with self.database.unit_of_work() as session:
            members = session.scalars(
                sa.select(StaffMember)
                .where(StaffMember.active.is_(True), StaffMember.practice_id == self.practice_id)
                .order_by(StaffMember.name)
            )
            return [StaffChoice(m.id, m.name, m.role.value) for m in members]

    def choose_staff(self, staff_id: int) -> StaffChoice:
        for choice in self.staff_choices():
            if choice.id == staff_id:
                self.staff = choice
                return choice
        raise ValidationError(f"no active member of staff with id {staff_id}")

    def search(
        self,
        text: str,
        age: int | None = None,
        *,
        sex: Sex | None = None,
        pregnant: bool = False,
        now: datetime | None = None,
    ) -> SearchResult:
        """Services and red flags for the words, checked against what the desk knows of the
        caller. Sex and pregnancy are only read here: a record keeps the age band alone."""
        return self.engine.search(text, age=age, sex=sex, pregnant=pregnant, now=now)

    def red_flag(self, key: str) -> RedFlagEntry | None:
        return next((e for e in self.engine.red_flags.entries if e.key == key), None)

    def record(
        self,
        outcome: Outcome,
        *,
        service_id: int | None = None,
        red_flag_id: int | None = None,
        channel: Channel = Channel.PHONE,
        age: int | None = None,
    ) -> int | None:
        """Commit one signpost and wait for it; once this returns it is on disk. Returns its
        id, or None when the database did not answer in time and the record waits, durably, in
        the outbox. The desk window uses ``recorder.record_in_background`` instead."""
        result = self.recorder.record(
            self.signpost_request(
                outcome, service_id=service_id, red_flag_id=red_flag_id, channel=channel, age=age
            )
        )
        return result.record_id

    def signpost_request(
        self,
        outcome: Outcome,
        *,
        service_id: int | None = None,
        red_flag_id: int | None = None,
        channel: Channel = Channel.PHONE,
        age: int | None = None,
    ) -> SignpostRequest:
        """A record of this call by whoever is at the desk, with its uuid and time fixed now."""
        return SignpostRequest(
            practice_id=self.practice_id,
            staff_id=self.staff.id if self.staff else None,
            outcome=outcome,
            service_id=service_id,
            red_flag_id=red_flag_id,
            channel=channel,
            age_band=AgeBand.for_age(age) if age is not None else None,
            recorded_at=utc_now(),
            uuid=str(uuid4()),
        )

    def undo_last(self) -> Undone:
        """Take back the last record made at this desk, wherever it is."""
        return self.recorder.undo_last()

    @property
    def queued(self) -> int:
        """Records waiting in this desk's outbox for the database."""
        return len(self.outbox)

    def send_queued(self) -> int:
        """Send what waits in the outbox (each stored exactly once); returns how many went."""
        return self.recorder.send_queued()

    def tally(self, now: datetime | None = None) -> Tally:
        day = (now or datetime.now(UTC)).astimezone(UK).date()
        if self.staff is None:
            return Tally(0, 0, 0)
        try:
            with self.database.unit_of_work() as session:
                return staff_tally(session, self.staff.id, day)
        except (OperationalError, InterfaceError):
            return Tally(0, 0, 0)

    def card_html(
        self, service_id: int, now: datetime | None = None, caller: Caller | None = None
    ) -> str:
        """The service's card; given what is known of the caller, with what to ask them."""
        entry = self.engine.services.entries.get(service_id) if caller is not None else None
        questions = ask_the_caller(entry, caller) if entry and caller is not None else ()
        try:
            return self._card_from_database(service_id, now, questions)
        except (OperationalError, InterfaceError):
            copy = self.saved_copy or read_snapshot(self.copy_path)
            values = copy.service(service_id) if copy else None
            if values is None:
                return "<p>This card cannot be shown while the database is unreachable.</p>"
            fields = {k: v for k, v in values.items() if k not in ("id", "last_verified", "status")}
            verified = values.get("last_verified")
            service = Service(
                id=service_id,
                **fields,
                status=ServiceStatus(values["status"]),
                last_verified=date.fromisoformat(verified) if verified else None,
            )
            return render_card_html(card_view(service, now or datetime.now(UTC), [], ask=questions))

    def _card_from_database(
        self, service_id: int, now: datetime | None, questions: tuple[Question, ...] = ()
    ) -> str:
        flags = open_flags(self.database, service_id)
        with self.database.unit_of_work() as session:
            service = session.get_one(Service, service_id)
            notes = local_notes(session, self.practice_id, service_id)
            view = card_view(service, now or datetime.now(UTC), flags, notes, ask=questions)
            return render_card_html(view)

    def flag_out_of_date(self, service_id: int, comment: str) -> int:
        return flag_service(
            self.database, service_id, self.staff.id if self.staff else None, comment
        )


def _ready(loaded: LoadedEngine) -> bytes | None:
    """Compile the red flags and load the word list now rather than on the first key; the
    engine's bytes to save when it is worth saving, taken before any search touches it."""
    loaded.engine.red_flags  # noqa: B018 - compiling is the point
    lexicon.preload()
    saving = dump_index(loaded.keys, loaded.engine) if loaded.worth_saving else None
    loaded.engine.search("warming up")  # the modules a search imports, before the first key
    return saving
