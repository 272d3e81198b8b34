"""A desk remembers its database; a password goes to the OS keyring, never into the file."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend

from signposting.cli.main import main
from signposting.config import resolve_database_url
from signposting.connection import describe_database, forget_connection, save_connection


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def settings_file() -> Path:
    return Path(os.environ["SIGNPOSTING_DATA_DIR"]) / "settings.json"


def test_password_goes_to_the_keyring(memory_keyring: MemoryKeyring) -> None:
    url = "postgresql+psycopg://desk:s3cret-pass@db.example:5432/signposting"
    saved = save_connection(url)
    assert "s3cret" not in saved
    assert "s3cret" not in settings_file().read_text()
    assert json.loads(settings_file().read_text())["database_url"] == saved
    assert resolve_database_url(None) == url
    forget_connection()
    assert memory_keyring.secrets == {}
    assert resolve_database_url(None).startswith("sqlite:///")


def test_without_a_keyring_no_password_is_written(monkeypatch: pytest.MonkeyPatch) -> None:
    from keyring.backends import fail  # noqa: PLC0415

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(Exception, match="no keyring"):
            save_connection("postgresql+psycopg://desk:s3cret@db.example/signposting")
        assert not settings_file().exists()
        save_connection("postgresql+psycopg://desk@db.example/signposting")  # .pgpass holds it
        assert "desk@db.example" in settings_file().read_text()
    finally:
        keyring.set_keyring(previous)


def test_db_connect_command(
    database_url: str, memory_keyring: MemoryKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "connect", database_url]) == 0
    assert "this desk now uses" in capsys.readouterr().out
    assert main(["directory", "list", "--json"]) == 0  # uses the saved database
    assert json.loads(capsys.readouterr().out)["services"] == []


@pytest.mark.parametrize(
    ("url", "described"),
    [
        ("sqlite:////home/sam/.local/share/signposting/signposting.db", "This PC (signposting.db)"),
        ("sqlite:///C:\\Users\\sam\\AppData\\Local\\signposting\\live.db", "This PC (live.db)"),
        ("sqlite://", "This PC (in memory)"),
        (
            "postgresql+psycopg://desk:s3cret-pass@db.practice.example:5432/signposting",
            "Practice server db.practice.example/signposting",
        ),
        (
            "postgresql://desk@/signposting?host=/var/run/postgresql",
            "Practice server localhost/signposting",
        ),
        ("not a database address", "an unreadable database address"),
    ],
)
def test_a_database_is_described_in_words_without_secrets(url: str, described: str) -> None:
    assert describe_database(url) == described
    assert "s3cret" not in describe_database(url) and "desk" not in describe_database(url)
