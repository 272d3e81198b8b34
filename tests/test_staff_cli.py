"""``signposting staff`` and ``signposting redflag sign-off``: first run, roles, passwords."""

from __future__ import annotations

import json

import pytest

from signposting.cli.main import main

PASSWORD = "correct horse battery"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_first_manager_then_staff_then_sign_off(
    database_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = ("--database", database_url)
    assert run(capsys, *db, "demo", "load")[0] == 0  # a live database: demo staff get no passwords
    monkeypatch.setenv("SIGNPOSTING_NEW_PASSWORD", PASSWORD)
    code, out, _ = run(capsys, *db, "staff", "add", "Morgan Reed", "--role", "manager")
    assert code == 0 and "added Morgan Reed (manager)" in out
    code, _, err = run(capsys, *db, "staff", "add", "Kim Bell", "--role", "clinician")
    assert code == 1 and "--as NAME" in err
    monkeypatch.setenv("SIGNPOSTING_PASSWORD", PASSWORD)
    code, _, _ = run(
        capsys, *db, "staff", "add", "Dr Kim Bell", "--role", "clinician", "--as", "Morgan Reed"
    )
    assert code == 0
    code, _, err = run(capsys, *db, "redflag", "sign-off", "stroke-fast", "--as", "Morgan Reed")
    assert code == 1 and "may not sign off red-flag protocols" in err
    code, out, _ = run(
        capsys,
        *db,
        "redflag",
        "sign-off",
        "stroke-fast",
        "--as",
        "Dr Kim Bell",
        "--review",
        "01/12/2027",
    )
    assert code == 0 and "review by 01/12/2027" in out
    listing = json.loads(run(capsys, *db, "directory", "list", "--json")[1])
    signed = {flag["key"]: flag["signed_off"] for flag in listing["red_flags"]}
    assert signed["stroke-fast"] is True
    assert signed["chest-pain-heart-attack"] is False
    monkeypatch.setenv("SIGNPOSTING_PASSWORD", "wrong password!")
    code, _, err = run(capsys, *db, "redflag", "sign-off", "all", "--as", "Dr Kim Bell")
    assert code == 1 and "not recognised" in err


def test_demo_database_staff_can_sign_in(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from signposting.directory.demo import DEMO_PASSWORD  # noqa: PLC0415

    assert run(capsys, "--demo", "demo", "load")[0] == 0
    monkeypatch.setenv("SIGNPOSTING_PASSWORD", DEMO_PASSWORD)
    code, out, _ = run(capsys, "--demo", "redflag", "sign-off", "all", "--as", "Dr Priya Shah")
    assert code == 0 and "signed off 65 protocol(s)" in out
