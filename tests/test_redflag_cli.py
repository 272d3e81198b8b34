"""``signposting redflag try`` and ``signposting thesaurus``: why a phrase raises what it raises,
and a practice's thesaurus changes from draft to sign-off, with their impact shown first."""

from __future__ import annotations

import json

import pytest

from signposting.cli.main import main  # noqa: F401 - the command under test
from tests.test_training_cli import _run, demo_url

__all__ = ["demo_url"]


def test_try_says_what_was_heard(demo_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys, "--database", demo_url, "redflag", "try", "he keeps clutching his chest"
    )
    assert code == 0
    assert out.splitlines()[0].startswith("RAISES Call 999 now: possible heart attack")
    assert "clutching \u2192 CHEST_SENSATION" in out and "heard \u2018chest\u2019: CHEST" in out
    code, out, _ = _run(capsys, "--database", demo_url, "redflag", "try", "had a stroke in 2019")
    assert code == 0 and out.startswith("CHECK  Possible stroke or TIA, mentioned as past")


def test_a_word_proposed_shown_with_impact_and_signed_off(
    demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--database", demo_url]
    code, out, _ = _run(
        capsys, *base, "thesaurus", "add", "CHEST_SENSATION", "oppression", "--as", "Chris Taylor"
    )
    assert code == 0 and "proposed change 1" in out
    assert (
        "Raises no red flag"
        in _run(capsys, *base, "redflag", "try", "an oppression on my chest")[1]
    )
    code, out, _ = _run(capsys, *base, "thesaurus", "pending")
    assert "1: add \u201coppression\u201d to Chest sensation (CHEST_SENSATION)" in out
    assert "Run over" in out
    code, _, err = _run(capsys, *base, "thesaurus", "sign-off", "1", "--as", "Chris Taylor")
    assert code == 1 and "may not sign off" in err
    code, out, _ = _run(capsys, *base, "thesaurus", "sign-off", "1", "--as", "Dr Priya Shah")
    assert code == 0 and "every desk uses it now" in out
    assert "RAISES" in _run(capsys, *base, "redflag", "try", "an oppression on my chest")[1]


def test_a_change_that_loses_calls_needs_saying_so(
    demo_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--database", demo_url]
    _run(capsys, *base, "thesaurus", "remove", "CHEST", "chest", "--as", "Dr Priya Shah")
    code, out, err = _run(capsys, *base, "thesaurus", "sign-off", "1", "--as", "Dr Priya Shah")
    assert code == 1 and "--accept-losses" in err
    assert "no longer recognised" in out and "(chest-pain-heart-attack)" in out
    code, _, _ = _run(capsys, *base, "search", "crushing chest pain", "--json")
    code, out, _ = _run(
        capsys, *base, "thesaurus", "sign-off", "1", "--as", "Dr Priya Shah", "--accept-losses"
    )
    assert code == 0
    code, out, _ = _run(capsys, *base, "search", "crushing chest pain", "--json")
    keys = [flag["key"] for flag in json.loads(out)["red_flags"]]
    assert "chest-pain-heart-attack" not in keys


def test_concepts_as_json(demo_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--database", demo_url, "thesaurus", "concepts", "clutch", "--json")
    concepts = {c["name"]: c for c in json.loads(out)}
    assert code == 0 and "clutching" in concepts["CHEST_SENSATION"]["terms"]
