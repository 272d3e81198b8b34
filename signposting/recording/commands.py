"""Recording as a command with undo, so the desk can take back the last signpost."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from signposting.db.engine import Database
from signposting.db.models import SignpostRecord
from signposting.recording.recorder import SignpostRequest, record_signpost

log = logging.getLogger(__name__)


@dataclass
class RecordSignpost:
    """Record one signpost (``do``), and take it back (``undo``) if the receptionist asks."""

    database: Database
    request: SignpostRequest
    record_id: int | None = field(default=None, init=False)

    def do(self) -> int:
        """Commit the record; returns its id once it is durable."""
        self.record_id = record_signpost(self.database, self.request).id
        return self.record_id

    def undo(self) -> bool:
        """Delete the record this command made; False if it was already gone."""
        if self.record_id is None:
            return False
        with self.database.unit_of_work() as session:
            record = session.get(SignpostRecord, self.record_id)
            deleted = record is not None
            if record is not None:
                session.delete(record)
        log.info("undid signpost %s", self.record_id)
        self.record_id = None
        return deleted
