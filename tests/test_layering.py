"""The core imports without Qt; only ``signposting.ui`` may import PySide6."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import signposting

PACKAGE = Path(signposting.__file__).parent


def test_no_core_module_imports_qt() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.relative_to(PACKAGE).parts[0] == "ui":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(name.split(".")[0] == "PySide6" for name in names):
                offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_command_line_runs_without_loading_qt() -> None:
    code = (
        "import sys; from signposting.cli.main import main; "
        "main(['--version']) if False else None; import signposting.cli.main; "
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt loaded'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
