"""The built distribution holds every package and data file: checked from the source tree.

(CI also builds the wheel, installs it in a fresh environment and imports every module.)
Also: the desktop entry, the frozen build and the Windows installer name the same programs, and
docs/install.md gives the frozen build's commands that CI runs.
"""

from __future__ import annotations

import configparser
import fnmatch
import re
import shlex
import tomllib
from pathlib import Path
from typing import Any

from setuptools import find_packages

from signposting.ui.icons import APP_ICON, icon_path

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


DESKTOP_FILE = ROOT / "packaging" / "linux" / "signposting.desktop"
SPEC = ROOT / "packaging" / "pyinstaller" / "signposting.spec"
INSTALLER = ROOT / "packaging" / "windows" / "signposting.iss"
INSTALL_GUIDE = ROOT / "docs" / "install.md"
CI_FROZEN = ROOT / ".ci" / "frozen"


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(DESKTOP_FILE.read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


def _section(markdown: str, heading: str) -> str:
    """The text under ``heading``, up to the next heading of the same level or above."""
    level = len(heading) - len(heading.lstrip("#"))
    lines = markdown.splitlines()
    start = lines.index(heading) + 1
    end = next(
        (
            number
            for number in range(start, len(lines))
            if re.match(rf"#{{1,{level}}} ", lines[number])
        ),
        len(lines),
    )
    return "\n".join(lines[start:end])


def _commands(text: str) -> list[str]:
    """The lines of the ``sh`` code blocks in ``text``."""
    blocks = re.findall(r"^```sh\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_the_linux_desktop_entry_starts_the_windowed_program_with_the_application_icon() -> None:
    entry = _desktop_entry()
    project = _pyproject()["project"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Signposting"
    assert entry["Terminal"] == "false"
    assert shlex.split(entry["Exec"])[0] in project["gui-scripts"]
    assert entry["Icon"] == APP_ICON
    assert icon_path(f"{APP_ICON}.svg").is_file()
    assert icon_path(f"{APP_ICON}.png").is_file()
    # The desk tells Qt its desktop file is APP_ICON (QApplication.setDesktopFileName), which is
    # how GNOME and Wayland find the entry for the window; X11 matches WM_CLASS, which Qt sets
    # to the application name.
    assert DESKTOP_FILE.name == f"{APP_ICON}.desktop"
    app = (PACKAGE / "ui" / "app.py").read_text(encoding="utf-8")
    assert f'app.setApplicationName("{entry["StartupWMClass"]}")' in app
    assert {"Office", "MedicalSoftware"} <= set(entry["Categories"].split(";"))


def test_the_frozen_programs_are_the_entry_points_and_the_installer_packages_them() -> None:
    project = _pyproject()["project"]
    spec = SPEC.read_text(encoding="utf-8")
    programs = dict(
        re.findall(
            r"= EXE\((?:(?!= EXE\().)*?name=\"([^\"]+)\",\s*console=(True|False)", spec, re.DOTALL
        )
    )
    expected = dict.fromkeys(project["scripts"], "True")
    expected |= dict.fromkeys(project["gui-scripts"], "False")
    assert programs == expected
    assert re.search(r"^COLLECT\(.*name=\"signposting\"", spec, re.MULTILINE)
    installer = INSTALLER.read_text(encoding="utf-8")
    (desk,) = project["gui-scripts"]
    (command,) = project["scripts"]
    assert f'#define DeskExe "{desk}.exe"' in installer
    assert f'#define CommandExe "{command}.exe"' in installer
    assert '"..\\..\\dist\\signposting"' in installer
    app_id = re.search(r"^AppId=\{\{([0-9A-F-]{36})\}$", installer, re.MULTILINE)
    assert app_id is not None
    # Deployment tools find the uninstaller under the AppId the guide gives.
    assert f"{{{app_id.group(1)}}}_is1" in INSTALL_GUIDE.read_text(encoding="utf-8")


def test_the_install_guide_builds_and_checks_the_linux_frozen_app_as_ci_does() -> None:
    section = _section(
        INSTALL_GUIDE.read_text(encoding="utf-8"), "### Building the frozen application on Linux"
    )
    guide = _commands(section)
    ci = CI_FROZEN.read_text(encoding="utf-8")
    default_venv = re.search(r'^venv="\$\{1:-([^}]+)\}"$', ci, re.MULTILINE)
    assert default_venv is not None
    ci_builds = [
        line.strip().replace('"$venv"', default_venv.group(1))
        for line in ci.splitlines()
        if line.strip().startswith("packaging/build-frozen")
    ]
    guide_builds = [line for line in guide if line.startswith("packaging/build-frozen")]
    assert len(ci_builds) == 1
    assert guide_builds == ci_builds
    # The guide builds from the environment it made and installed Signposting into.
    venv = shlex.split(guide_builds[0])[1]
    assert f"python3 -m venv {venv}" in guide
    assert f"{venv}/bin/python -m pip install ." in guide

    # Each check the guide gives is one that CI runs, with the same arguments.
    ci_runs = {
        (program, tuple(shlex.split(arguments)))
        for program, arguments in re.findall(
            r'^run [\w-]+ "\$app/([\w-]+)" (.*)$', ci, re.MULTILINE
        )
    }
    checks = []
    for line in guide:
        for assignment in re.findall(r"^(?:\w+=(?:\$\([^)]*\)|\S+)\s+)+", line):
            for setting in re.findall(r"(QT_QPA_PLATFORM=\S+)", assignment):
                assert f"export {setting}" in ci
        command = re.sub(r"^(?:\w+=(?:\$\([^)]*\)|\S+)\s+)+", "", line)
        if command.startswith("dist/signposting/"):
            program, *arguments = shlex.split(command)
            checks.append((program.removeprefix("dist/signposting/"), tuple(arguments)))
    assert {program for program, _ in checks} == {"signposting", "signposting-desk"}
    assert set(checks) <= ci_runs
    # The line the guide shows for a passing smoke test is one that CI accepts.
    success = re.search(r'^expect desk-smoke "(.*)"$', ci, re.MULTILINE)
    sample = re.search(r"`(desk smoke test: [^`]*)`", section)
    assert success is not None
    assert sample is not None
    assert re.search(success.group(1), sample.group(1))


def test_every_packaging_file_the_install_guide_names_exists() -> None:
    guide = INSTALL_GUIDE.read_text(encoding="utf-8")
    named = {
        path.replace("\\", "/").rstrip(".")
        for path in re.findall(r"packaging[/\\][\w./\\-]+", guide)
    }
    assert "packaging/build-frozen" in named
    assert "packaging/build-frozen.ps1" in named
    assert "packaging/windows/signposting.iss" in named
    assert sorted(path for path in named if not (ROOT / path).exists()) == []


def test_the_readme_qt_packages_are_the_ones_ci_installs_and_the_install_guide_names() -> None:
    root = Path(__file__).resolve().parent.parent

    def apt_line(text: str) -> set[str]:
        found = re.search(r"sudo apt-get install ((?:\\\n|[^\n`])+)", text)
        assert found, "no apt-get install line"
        return set(found.group(1).replace("\\\n", " ").split())

    readme = apt_line((root / "README.md").read_text("utf-8"))
    assert apt_line((root / "docs" / "install.md").read_text("utf-8")) == readme
    listed = re.search(r"qt_libs=\(([^)]*)\)", (root / ".ci" / "run").read_text("utf-8"))
    assert (
        listed and set(listed.group(1).split()) - {"fonts-dejavu-core", "xvfb", "xdotool"} == readme
    )
    assert "libxcb-cursor0" in readme and len(readme) == 10
