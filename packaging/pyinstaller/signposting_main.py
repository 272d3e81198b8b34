"""Entry point of both frozen executables: ``signposting`` (the command line, with a console)
and ``signposting-desk`` (windowed; with no arguments the command line opens the desk)."""

import os
import sys

if sys.stdout is None or sys.stderr is None:
    # A windowed executable on Windows has no console: anything written would raise.
    _devnull = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - open for the whole run
    sys.stdout = sys.stdout or _devnull
    sys.stderr = sys.stderr or _devnull

if sys.platform.startswith("linux"):
    # The bootloader points LD_LIBRARY_PATH at the bundled libraries, and this process has
    # loaded them already; programs it starts (pg_dump for backups) need the system's own.
    _original = os.environ.pop("LD_LIBRARY_PATH_ORIG", None)
    if _original is None:
        os.environ.pop("LD_LIBRARY_PATH", None)
    else:
        os.environ["LD_LIBRARY_PATH"] = _original

from signposting.cli.main import main

raise SystemExit(main())
