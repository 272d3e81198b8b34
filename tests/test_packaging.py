"""The built distribution holds every package and data file: checked from the source tree.

(CI also builds the wheel, installs it in a fresh environment and imports every module.)
"""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path
from typing import Any

from setuptools import find_packages

ROOT = Path(__file__).parents[1]
PACKAGE = ROOT / "signposting"


def _pyproject() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_folder_of_python_modules_is_a_package() -> None:
    folders = {path.parent for path in PACKAGE.rglob("*.py") if "__pycache__" not in path.parts}
    missing = sorted(
        str(folder.relative_to(ROOT)) for folder in folders if not (folder / "__init__.py").exists()
    )
    assert missing == []
    found = set(find_packages(str(ROOT), include=["signposting*"]))
    expected = {".".join(folder.relative_to(ROOT).parts) for folder in folders}
    assert expected <= found


def test_every_data_file_is_declared_as_package_data() -> None:
    declared: dict[str, list[str]] = _pyproject()["tool"]["setuptools"]["package-data"]
    undeclared = []
    for path in PACKAGE.rglob("*"):
        if not path.is_file() or path.suffix in (".py", ".pyc") or "__pycache__" in path.parts:
            continue
        owner = path.parent
        while not (owner / "__init__.py").exists():
            owner = owner.parent
        package = ".".join(owner.relative_to(ROOT).parts)
        relative = path.relative_to(owner).as_posix()
        if not any(fnmatch.fnmatch(relative, pattern) for pattern in declared.get(package, [])):
            undeclared.append(str(path.relative_to(ROOT)))
    assert undeclared == []


def test_the_desk_has_a_windowed_entry_point_and_the_project_says_where_it_lives() -> None:
    project = _pyproject()["project"]
    assert project["gui-scripts"]["signposting-desk"] == "signposting.cli.main:desk_main"
    assert project["scripts"]["signposting"] == "signposting.cli.main:main"
    assert {"Homepage", "Source", "Issues"} <= set(project["urls"])
    assert "Operating System :: Microsoft :: Windows" in project["classifiers"]
    assert "Operating System :: POSIX :: Linux" in project["classifiers"]
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
