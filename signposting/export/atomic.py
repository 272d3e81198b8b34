"""Writing a file so that it appears whole or not at all."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

NEW_FILE_MODE = 0o644


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A hidden temporary path beside ``path`` to write to; renamed into place only on success.

    On any error (or cancellation raised inside the block) the temporary file is removed and
    an existing file at ``path`` is left untouched.
    """
    path = Path(path)
    if not path.parent.is_dir():
        raise FileNotFoundError(f"folder {path.parent} does not exist")
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    os.close(handle)
    temporary = Path(name)
    # mkstemp makes the file private; give it the permissions a plainly created file would get.
    temporary.chmod(path.stat().st_mode & 0o777 if path.exists() else NEW_FILE_MODE)
    try:
        yield temporary
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextmanager
def atomic_binary_file(path: Path) -> Iterator[BinaryIO]:
    """``atomic_path`` opened for writing bytes, flushed to disk before it is renamed."""
    with atomic_path(path) as temporary, temporary.open("wb") as stream:
        yield stream
        stream.flush()
        os.fsync(stream.fileno())
