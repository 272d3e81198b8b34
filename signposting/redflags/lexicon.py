"""Which typed words are ordinary English, so that they are never 'corrected' into red flags.

"last night" must not become "lost my sight", nor "chopping" become "choking": a misspelling is
only guessed for a word that is not itself a common word. The word list is pyspellchecker's
English frequency list, loaded on first use (about 0.1 s) or ahead of time by ``preload``.
"""

from __future__ import annotations

import gzip
import json
import logging
import threading
from importlib import resources

log = logging.getLogger(__name__)

#: Words seen at least this often in the frequency list count as real words.
COMMON_FREQUENCY = 300

_lock = threading.Lock()
_common: frozenset[str] | None = None


def _load() -> frozenset[str]:
    global _common  # noqa: PLW0603 - one read-only word list per process
    with _lock:
        if _common is None:
            try:
                data = resources.files("spellchecker.resources").joinpath("en.json.gz")
                counts = json.loads(gzip.decompress(data.read_bytes()))
                _common = frozenset(w for w, n in counts.items() if n >= COMMON_FREQUENCY)
            except (ModuleNotFoundError, FileNotFoundError, OSError, ValueError):
                log.warning("English word list unavailable: misspellings are not guessed")
                _common = frozenset()
        return _common


def common_words() -> frozenset[str]:
    """The word list (loaded if need be), for saving with a prebuilt index."""
    return _load()


def adopt(words: frozenset[str]) -> None:
    """Use a word list saved with a prebuilt index, unless one is loaded already."""
    global _common  # noqa: PLW0603 - see _load
    with _lock:
        if _common is None:
            _common = words


def preload() -> None:
    """Load the word list now (for example on a background thread at start-up)."""
    _load()


def is_common_word(word: str) -> bool:
    return word in (_common if _common is not None else _load())
