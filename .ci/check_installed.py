"""Import every module of the source tree from the installed copy; check its data files came too.

Run by ``.ci/wheel`` with the fresh virtual environment's Python, from outside the source tree.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

#: Alembic's environment script runs only inside Alembic; importing it alone fails by design.
NOT_IMPORTABLE = {"signposting.db.migrations.env"}


def source_modules(root: Path) -> dict[str, Path]:
    """Module name -> source file, for the package and the migrations shipped inside it."""
    modules: dict[str, Path] = {}
    trees = [
        (root / "signposting", "signposting"),
        (root / "migrations", "signposting.db.migrations"),
    ]
    for folder, package in trees:
        for path in sorted(folder.rglob("*.py")):
            parts = path.relative_to(folder).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join((package, *parts))] = path
    return modules


def main() -> int:
    root = Path(sys.argv[1]).resolve()
    sys.path = [entry for entry in sys.path if Path(entry or ".").resolve() != root]
    failures: list[str] = []
    modules = source_modules(root)
    for name in modules:
        if name in NOT_IMPORTABLE or name.endswith("__main__"):
            continue
        try:
            module = importlib.import_module(name)
        except Exception as exc:
            failures.append(f"{name}: {type(exc).__name__}: {exc}")
            continue
        where = Path(module.__file__ or "").resolve()
        if root in where.parents:
            failures.append(f"{name} was imported from the source tree ({where})")
    installed = Path(importlib.import_module("signposting").__file__ or "").parent
    data_files = [
        path
        for path in (root / "signposting").rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc") and "__pycache__" not in path.parts
    ]
    missing = [
        str(path.relative_to(root))
        for path in data_files
        if not (installed / path.relative_to(root / "signposting")).is_file()
    ]
    migrations = sorted((root / "migrations").rglob("*.mako"))
    missing += [
        str(path.relative_to(root))
        for path in migrations
        if not (installed / "db" / "migrations" / path.relative_to(root / "migrations")).is_file()
    ]
    failures += [f"data file not installed: {name}" for name in missing]
    for failure in failures:
        sys.stderr.write(failure + "\n")
    sys.stdout.write(
        f"imported {len(modules) - len(NOT_IMPORTABLE)} modules and found {len(data_files)} "
        f"data files in {installed}\n"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
