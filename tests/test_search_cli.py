"""``signposting search``: readable text, the JSON contract, and many queries from stdin."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from signposting.accounts.passwords import add_staff
from signposting.cli.main import main
from signposting.db.engine import Database
from signposting.domain import Role


@pytest.fixture
def loaded_url(database_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["--database", database_url, "demo", "load"]) == 0
    capsys.readouterr()
    return database_url


PASSWORD = "correct horse battery"


def add_manager(url: str) -> None:
    database = Database(url)
    try:
        with database.unit_of_work() as session:
            add_staff(
                session, None, "Vocab Manager", Role.MANAGER, practice=None, password=PASSWORD
            )
    finally:
        database.dispose()


def test_json_result(loaded_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database", loaded_url, "search", "chest feels tight", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    first = document["red_flags"][0]
    assert first["urgency"] == "emergency_999"
    assert first["action"] == "Call 999 now: possible heart attack"
    assert isinstance(first["id"], int)


def test_age_in_json(loaded_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["--database", loaded_url, "search", "water infection", "--age", "70", "--json"]) == 0
    )
    service = json.loads(capsys.readouterr().out)["services"][0]
    assert service["name"].startswith("Pharmacy First: urinary")
    assert service["eligible"] is False
    assert "ages 16 to 64 only" in service["reason"]


def test_text_result_puts_red_flags_first(
    loaded_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--database", loaded_url, "search", "bad back and numb down below"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "RED FLAGS (act on these first):"
    assert "Go to A&E now: back pain with possible cauda equina" in lines[1]
    assert any("MSK physiotherapy" in line for line in lines[3:])


def test_bad_age_is_one_clear_line(loaded_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--database", loaded_url, "search", "x", "--age", "200"]) == 1
    assert (
        capsys.readouterr().err
        == "signposting: error: --age must be a whole number of years from 0 to 130\n"
    )


def test_stdin_gives_one_json_line_per_query_in_order(loaded_url: str) -> None:
    queries = ["water infection", "face gone droopy", "", "cant breath"]
    done = subprocess.run(
        [sys.executable, "-m", "signposting", "--database", loaded_url, "search", "-"],
        input="\n".join(queries) + "\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    documents = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(documents) == len(queries)
    assert documents[0]["services"][0]["name"].startswith("Pharmacy First: urinary")
    assert documents[1]["red_flags"][0]["title"] == "Possible stroke or TIA"
    assert documents[2] == {"red_flags": [], "checks": [], "services": []}
    assert documents[3]["red_flags"][0]["urgency"] == "emergency_999"


def test_practice_vocabulary_extends_the_search(
    loaded_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    add_manager(loaded_url)
    assert main(["--database", loaded_url, "search", "gammy knee", "--json"]) == 0
    before = json.loads(capsys.readouterr().out)["services"]
    add = ["--database", loaded_url, "vocabulary", "add", "knee pain", "gammy knee"]
    monkeypatch.setenv("SIGNPOSTING_PASSWORD", PASSWORD)
    assert main([*add, "--as", "Vocab Manager"]) == 0
    assert "added group" in capsys.readouterr().out
    assert main(["--database", loaded_url, "vocabulary", "list"]) == 0
    assert "knee pain = gammy knee" in capsys.readouterr().out
    assert main(["--database", loaded_url, "search", "gammy knee", "--json"]) == 0
    after = json.loads(capsys.readouterr().out)["services"]
    assert after[0]["name"] == "MSK physiotherapy self-referral"
    assert [s["name"] for s in before[:1]] != [after[0]["name"]] or after[0]["score"] > before[0][
        "score"
    ]


def test_vocabulary_needs_two_terms(
    loaded_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    add_manager(loaded_url)
    monkeypatch.setenv("SIGNPOSTING_PASSWORD", PASSWORD)
    assert (
        main(["--database", loaded_url, "vocabulary", "add", "only", "--as", "Vocab Manager"]) == 1
    )
    assert "at least two" in capsys.readouterr().err


def test_json_asks_the_caller_per_service_beside_the_fields_it_had(
    loaded_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--database", loaded_url, "search", "water infection", "--json"]) == 0
    service = json.loads(capsys.readouterr().out)["services"][0]
    assert service["name"].startswith("Pharmacy First: urinary")
    assert set(service) == {
        "id",
        "name",
        "score",
        "eligible",
        "reason",
        "relevance",
        "fits",
        "open",
        "ask_the_caller",
    }
    asked = service["ask_the_caller"]
    assert "Is the patient aged 16 to 64? If no, not this service." in asked
    assert "Is the patient male? If yes, not this service." in asked
    assert "Does this apply: Pregnant or breastfeeding? If yes, not this service." in asked

    arguments = ["search", "water infection", "--age", "30", "--sex", "female", "--json"]
    assert main(["--database", loaded_url, *arguments]) == 0
    known = json.loads(capsys.readouterr().out)["services"][0]["ask_the_caller"]
    assert not any("aged 16 to 64" in q or "male?" in q for q in known)  # answered already
    assert "Does this apply: Pregnant or breastfeeding? If yes, not this service." in known
