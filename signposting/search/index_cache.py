"""A prebuilt search index kept on this PC, so a desk answers its first search without reading
and indexing the whole directory again.

The file holds the engine as it was built, with two keys: one for the services part (what the
directory looked like: service count, highest id, latest change and version total, the services
this practice hides, its lay vocabulary) and one for the red-flag part (the protocols and the
signed-off thesaurus changes, by content). Both keys also cover this program's own version and
the files its index is built by, so an upgrade never reads an index built by older code.

A red-flag part that does not match is always recompiled before the desk searches: the banner is
never stale. A services part that does not match is used at once and rebuilt in the background
(see ``DeskSession``). The file is read with an unpickler that accepts only the index's own
classes, so a damaged or planted file is refused and the index is built from the database.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import sys
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sqlalchemy.orm import Session

import signposting
from signposting.config import data_directory
from signposting.db.engine import Database
from signposting.directory.queries import services_state
from signposting.directory.sharing import hidden_services
from signposting.export.atomic import atomic_path
from signposting.redflags import lexicon
from signposting.redflags.changes import signed_off_changes
from signposting.search import safe_pickle
from signposting.search.engine import SearchEngine
from signposting.search.entries import RedFlagEntry

log = logging.getLogger(__name__)

#: Changes whenever what the file holds changes shape.
CACHE_FORMAT = 1
_MAGIC = b"signposting-index\n"
#: The packages whose files decide how an index is built.
_BUILT_BY = ("search", "redflags")


@dataclass(frozen=True)
class IndexKeys:
    """What the index was built from: the services part and the red-flag part."""

    services: str
    red_flags: str


@dataclass(frozen=True)
class SavedIndex:
    keys: IndexKeys
    engine: SearchEngine


def index_path(database: Database, practice_id: int) -> Path:
    """Where this PC keeps the index for a practice on a database."""
    digest = hashlib.sha256(database.describe().encode()).hexdigest()[:16]
    return data_directory() / f"search-index-{digest}-{practice_id}.bin"


@cache
def code_digest() -> str:
    """A digest of the program's version and of the files that build an index (by name, size
    and modification time), so an index built by other code is never read."""
    root = Path(signposting.__file__).parent
    parts: list[object] = [CACHE_FORMAT, signposting.__version__, sys.version_info[:2]]
    for package in _BUILT_BY:
        for path in sorted((root / package).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".toml", ".json", ".txt", ".tsv"):
                if "corpus" in path.parts:
                    continue
                stat = path.stat()
                parts.append([str(path.relative_to(root)), stat.st_size, stat.st_mtime_ns])
    return _digest(parts)


def index_keys(
    session: Session,
    practice_id: int | None,
    vocabulary: list[list[str]],
    red_flags: list[RedFlagEntry],
) -> IndexKeys:
    """The keys of the index the database would build now: two small queries, and the
    vocabulary and protocols the caller has read anyway."""
    hidden = sorted(hidden_services(session, practice_id))
    services_part = [code_digest(), practice_id, services_state(session), hidden, vocabulary]
    red_flags_part = [
        code_digest(),
        [entry.to_json() for entry in red_flags],
        [change.to_json() for change in signed_off_changes(session)],
    ]
    return IndexKeys(_digest(services_part), _digest(red_flags_part))


def dump_index(keys: IndexKeys, engine: SearchEngine) -> bytes:
    """The index as it is written. Call before the engine is shared with another thread: its
    caches change as it is searched."""
    body = safe_pickle.dumps((engine, lexicon.common_words()))
    head = {"services": keys.services, "red_flags": keys.red_flags, "crc32": zlib.crc32(body)}
    return _MAGIC + json.dumps(head).encode() + b"\n" + body


def write_index(path: Path, data: bytes) -> None:
    """Write the file whole or not at all, first clearing away what a desk killed while
    writing left behind (the index is large)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for left in path.parent.glob(f".{path.name}.*.partial"):
        left.unlink(missing_ok=True)
    with atomic_path(path) as temporary:
        temporary.write_bytes(data)


def read_index(path: Path) -> SavedIndex | None:
    """The index saved at ``path``, or None when there is none or it cannot be trusted."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    try:
        if not data.startswith(_MAGIC):
            raise ValueError("not an index file")
        head, _, body = data[len(_MAGIC) :].partition(b"\n")
        keys = json.loads(head)
        saved_keys = IndexKeys(str(keys["services"]), str(keys["red_flags"]))
        if zlib.crc32(body) != keys["crc32"]:
            raise ValueError("the file is damaged")
        # Unpickling makes hundreds of thousands of objects: collecting cycles meanwhile
        # costs more than the reading itself, and so would every full collection after it
        # (the index lives as long as the desk), so they are moved out of the collector's sight.
        collecting = gc.isenabled()
        gc.disable()
        try:
            saved = safe_pickle.loads(body)
        finally:
            gc.freeze()
            if collecting:
                gc.enable()
        if not (isinstance(saved, tuple) and len(saved) == 2):
            raise ValueError("the file does not hold a search index")
        engine, words = saved
        if not isinstance(engine, SearchEngine) or not isinstance(words, frozenset):
            raise ValueError("the file does not hold a search index")
        lexicon.adopt(words)
    except Exception as exc:  # a damaged or foreign file is never trusted
        log.warning("the saved search index at %s was not used: %s", path, exc)
        return None
    return SavedIndex(saved_keys, engine)


def _digest(parts: object) -> str:
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()
