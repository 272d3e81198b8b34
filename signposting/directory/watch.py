"""Telling a desk the directory changed: PostgreSQL LISTEN/NOTIFY, or polling an SQLite file.

The watcher runs on its own thread and calls back with the table and row that changed (``"*"``
and None when only "something changed" is known). It reconnects by itself after an outage.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable

import sqlalchemy as sa

from signposting.db.engine import Database

log = logging.getLogger(__name__)

CHANNEL = "signposting_directory"
POLL_SECONDS = 1.0
RETRY_SECONDS = 5.0
Callback = Callable[[str, int | None], None]
_FINGERPRINT = sa.text(
    "SELECT (SELECT count(*) || ':' || coalesce(max(updated_at), '') || ':' "
    "|| coalesce(sum(version), 0) FROM service) || '|' || "
    "(SELECT count(*) || ':' || coalesce(max(updated_at), '') || ':' "
    "|| coalesce(sum(version), 0) FROM red_flag_protocol) || '|' || "
    "(SELECT count(*) || ':' || coalesce(max(updated_at), '') FROM practice_service_setting)"
    " || '|' || (SELECT count(*) FROM lay_term_group)"
    " || '|' || (SELECT count(*) || ':' || coalesce(max(signed_off_at), '') FROM thesaurus_change)"
)


class DirectoryWatcher:
    def __init__(self, database: Database, callback: Callback) -> None:
        self.database, self.callback = database, callback
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="directory-watch", daemon=True)
        self.listening = threading.Event()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                if self.database.url.get_backend_name() == "postgresql":
                    self._listen()
                else:
                    self._poll()
            except Exception as exc:
                self.listening.clear()
                log.info("directory watch interrupted (%s); retrying", exc)
                self._stop.wait(RETRY_SECONDS)

    def _listen(self) -> None:
        import psycopg  # noqa: PLC0415 - only a PostgreSQL desk needs the driver itself

        url = self.database.url.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(url, autocommit=True, connect_timeout=5) as connection:
            connection.execute(f"LISTEN {CHANNEL}")
            self.listening.set()
            while not self._stop.is_set():
                for notice in connection.notifies(timeout=POLL_SECONDS, stop_after=None):
                    payload = json.loads(notice.payload)
                    self.callback(str(payload["table"]), payload.get("id"))
                    if self._stop.is_set():
                        return

    def _poll(self) -> None:
        previous = None
        with self.database.engine.connect() as connection:
            self.listening.set()
            while not self._stop.is_set():
                current = connection.execute(_FINGERPRINT).scalar()
                connection.rollback()
                if previous is not None and current != previous:
                    self.callback("*", None)
                previous = current
                self._stop.wait(POLL_SECONDS)
