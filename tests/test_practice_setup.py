"""Setting up a real practice from nothing on the command line, as docs/deployment.md says."""

from __future__ import annotations

import io
import json
import os
import re
import shlex
from pathlib import Path

import pytest
import sqlalchemy as sa

from signposting.accounts.passwords import authenticate
from signposting.cli.main import main
from signposting.db.engine import Database
from signposting.db.models import Network, Practice, RedFlagProtocol, Service, StaffMember

DEPLOYMENT = Path(__file__).parents[1] / "docs" / "deployment.md"
DOCUMENTED_URL = "postgresql://signposting@db-server:5432/signposting"
PASSWORD = "correct horse battery"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def walkthrough_commands() -> list[str]:
    """The shell lines of the deployment guide's set-up section, in order."""
    text = DEPLOYMENT.read_text(encoding="utf-8")
    section = text.split("## 2. ", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def test_the_deployment_guide_sets_up_a_practice_in_an_order_that_works(
    database_url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    commands = walkthrough_commands()
    assert any("practice create" in line for line in commands)
    # The council's directory file the guide imports: the demo's services, exported as CSV.
    demo_file = f"sqlite:///{tmp_path / 'source.db'}"
    assert run(capsys, "--database", demo_file, "--demo", "directory", "list")[0] == 0
    monkeypatch.chdir(tmp_path)
    exported = ("--database", demo_file, "directory", "export", "services.csv", "--format", "csv")
    assert run(capsys, *exported)[0] == 0
    for line in commands:
        words = shlex.split(line.replace(DOCUMENTED_URL, database_url))
        if words[0] == "export":
            name, value = words[1].split("=", 1)
            monkeypatch.setenv(name, value)
            continue
        extra: dict[str, str] = {}
        while "=" in words[0]:
            name, value = words.pop(0).split("=", 1)
            extra[name] = value
        assert words[0] == "signposting", line
        with monkeypatch.context() as scoped:
            for name, value in extra.items():
                scoped.setenv(name, value)
            code, out, err = run(capsys, *words[1:])
        assert code == 0, f"{line}\n{out}{err}"
    database = Database(database_url)
    try:
        with database.unit_of_work() as session:
            practice = session.scalars(sa.select(Practice)).one()
            assert (practice.name, practice.ods_code) == ("Oak Tree Surgery", "A81001")
            staff = {m.name: m.role.value for m in session.scalars(sa.select(StaffMember))}
            assert staff == {
                "Morgan Reed": "manager",
                "Dr Asha Khan": "clinician",
                "Pat Lee": "receptionist",
            }
            assert authenticate(session, "Morgan Reed", "choose-a-long-password")
            assert session.scalar(sa.select(sa.func.count()).select_from(Service)) == 43
            protocols = list(session.scalars(sa.select(RedFlagProtocol)))
            assert len(protocols) >= 60
            assert all(p.is_example and p.signed_off_at is None for p in protocols)
    finally:
        database.dispose()


def test_practice_create_checks_the_ods_code_and_refuses_duplicates(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ("--database", database_url)
    for bad in ("A8100", "81001A", "A81001X", "AB1234", ""):
        code, _, err = run(capsys, *db, "practice", "create", "--name", "Oak", "--ods", bad)
        assert code == 1 and "not a GP practice ODS code" in err and err.count("\n") == 1
    code, out, _ = run(
        capsys, *db, "practice", "create", "--name", " Oak  Tree ", "--ods", "a81001"
    )
    assert code == 0 and out.startswith("set up Oak Tree (A81001)")
    assert "example red-flag protocols" in out
    code, _, err = run(capsys, *db, "practice", "create", "--name", "Again", "--ods", "A81001")
    assert code == 1 and "already set up (Oak Tree)" in err
    code, out, _ = run(capsys, *db, "practice", "list", "--json")
    assert json.loads(out) == [
        {"name": "Oak Tree", "ods_code": "A81001", "network": None, "staff": 0}
    ]


def test_later_practices_are_added_by_a_manager_into_a_network(
    database_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = ("--database", database_url)
    assert run(capsys, *db, "practice", "create", "--name", "Oak", "--ods", "A81001")[0] == 0
    monkeypatch.setenv("SIGNPOSTING_NEW_PASSWORD", PASSWORD)
    assert run(capsys, *db, "staff", "add", "Morgan Reed", "--role", "manager")[0] == 0
    elm = ("practice", "create", "--name", "Elm", "--ods", "B12345", "--network", "U12345")
    code, _, err = run(capsys, *db, *elm)
    assert code == 1 and "set up practices" in err
    monkeypatch.setenv("SIGNPOSTING_PASSWORD", PASSWORD)
    code, out, _ = run(capsys, *db, *elm, "--network-name", "Elms PCN", "--as", "Morgan Reed")
    assert code == 0 and "example red-flag" not in out  # loaded once, with the first practice
    code, _, err = run(capsys, *db, *elm[:-2], "--network", "X1", "--as", "Morgan Reed")
    assert code == 1 and "not a Primary Care Network ODS code" in err
    code, out, _ = run(capsys, *db, "practice", "list")
    assert out.splitlines() == ["B12345  Elm  [0 staff; Elms PCN]", "A81001  Oak  [1 staff]"]
    database = Database(database_url)
    try:
        with database.unit_of_work() as session:
            assert session.scalars(sa.select(Network.code)).all() == ["U12345"]
    finally:
        database.dispose()


def test_no_practice_yet_says_how_to_set_one_up(
    database_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        capsys, "--database", database_url, "record", "--service", "1", "--outcome", "accepted"
    )
    assert code == 1 and "signposting practice create" in err and "demo load" not in err


@pytest.mark.parametrize(
    "argv",
    [
        ["search", "sore throat", "--json"],
        ["directory", "list", "--json"],
        ["readiness", "--json"],
        ["practice", "list", "--json"],
        ["staff", "list"],
    ],
)
def test_demo_works_for_every_command_on_a_fresh_data_folder(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    data = Path(os.environ["SIGNPOSTING_DATA_DIR"])
    assert not (data / "demo.db").exists()
    code, out, err = run(capsys, "--demo", *argv)
    assert code == 0, err
    assert (data / "demo.db").is_file() and not (data / "signposting.db").exists()
    assert "X99999" in out or "Riverside" in out or "Pharmacy First" in out or "Alex" in out


def test_demo_search_finds_services_on_a_fresh_machine(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--demo", "search", "sore throat", "--json")
    assert code == 0
    names = [service["name"] for service in json.loads(out)["services"]]
    assert names and "sore throat" in names[0].lower()


def test_without_a_terminal_a_password_prompt_is_one_clear_line(
    database_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = ("--database", database_url)
    monkeypatch.delenv("SIGNPOSTING_PASSWORD", raising=False)
    monkeypatch.delenv("SIGNPOSTING_NEW_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert run(capsys, *db, "practice", "create", "--name", "Oak", "--ods", "A81001")[0] == 0
    code, _, err = run(capsys, *db, "staff", "add", "Morgan Reed", "--role", "manager")
    assert code == 1
    assert err == (
        "signposting: error: a password is needed and there is no terminal to type it: "
        "set SIGNPOSTING_NEW_PASSWORD\n"
    )
    monkeypatch.setenv("SIGNPOSTING_NEW_PASSWORD", PASSWORD)
    assert run(capsys, *db, "staff", "add", "Morgan Reed", "--role", "manager")[0] == 0
    code, _, err = run(capsys, *db, "redflag", "sign-off", "all", "--as", "Morgan Reed")
    assert code == 1 and err.endswith("set SIGNPOSTING_PASSWORD\n") and err.count("\n") == 1


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://root:s3cret-pw@localhost/signposting", "mysql:// are not supported"),
        ("oracle+cx_oracle://u:s3cret-pw@h/x", "oracle+cx_oracle:// are not supported"),
        ("postgresql+psycopg2://u:s3cret-pw@h/x", "postgresql+psycopg2:// are not supported"),
        ("postgresql://u:s3cret-pw@h:notaport/x", "not a usable database URL"),
        ("::::", "not a usable database URL"),
    ],
)
def test_unsupported_or_malformed_urls_name_the_supported_ones_and_hide_passwords(
    capsys: pytest.CaptureFixture[str], url: str, message: str
) -> None:
    code, out, err = run(capsys, "--database", url, "directory", "list")
    assert code == 1 and not out
    assert message in err and "sqlite:///PATH or postgresql://" in err
    assert "s3cret-pw" not in err and err.count("\n") == 1
