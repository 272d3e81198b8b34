"""Every demo red flag is raised by what callers say, however they say it, most urgent first."""

from __future__ import annotations

import pytest

from signposting.domain import Urgency
from signposting.search.entries import RedFlagEntry
from tests.support.demo_engine import demo_engine, demo_red_flag_entries

PROTOCOLS = {entry.key: entry for entry in demo_red_flag_entries()}

#: Ways callers put it that are not written in the protocols themselves.
LAY_PHRASINGS = {
    "chest-pain-heart-attack": [
        "my chest feels tight",
        "hes got a crushing pain in his chest",
        "chest pian",
    ],
    "stroke-fast": [
        "her face has gone all droopy",
        "face gone droopy",
        "he cant get his words out",
    ],
    "severe-breathing-difficulty": [
        "cant breath",
        "I can't breathe properly",
        "brething difficult",
    ],
    "child-breathing-difficulty": ["my baby is breathing really fast", "his ribs are sucking in"],
    "anaphylaxis": ["her lips are swelling up", "my throat feels tight after eating nuts"],
    "unconscious": ["my dad has collapsed", "she wont wake up"],
    "seizure": ["hes having a fit", "siezure"],
    "choking": ["my son is choking", "food stuck and he can't breathe"],
    "sepsis": ["I feel like I might die", "her skin is all mottled"],
    "acute-abdomen": ["my belly is rock hard", "hes vomiting blood"],
    "heavy-bleeding": ["the bleeding won't stop", "there is blood everywhere"],
    "meningitis": [
        "the rash doesnt fade when I press a glass on it",
        "stiff neck and a temperature",
    ],
    "overdose-poisoning": ["she has taken too many tablets", "my toddler swallowed bleach"],
    "suicide-immediate-danger": ["im going to kill myself now"],
    "sudden-vision-loss": ["I suddenly cant see out of one eye"],
    "eye-injury": ["I got bleach in my eye", "splashed chemical in my eye"],
    "cannot-swallow-saliva": ["I can't swallow my own spit"],
    "head-injury-ear-bleeding": ["he fell and there's blood coming out of his ear"],
    "pregnancy-pain-bleeding": ["I'm pregnant and bleeding", "baby isnt moving as much"],
    "serious-burn": ["he scalded himself with boiling water"],
    "cauda-equina": ["numb down below", "I've wet myself and my back is killing me"],
    "child-diabetes": ["my daughter is always thirsty and weeing loads"],
    "complicated-uti": ["water infection and I'm pregnant", "I'm weeing blood"],
    "sore-throat-airway": ["sore throat and he's drooling"],
    "suicidal-thoughts": ["I want to end it all", "I cant keep myself safe", "feeling suicidal"],
    "flashes-floaters": ["I keep seeing flashing lights in my eye", "loads of new floaters"],
    "baby-fever": ["my newborn has a temperature"],
    "dvt-pe": ["my calf is swollen and painful"],
    "dental-swelling": ["my face is swollen from a bad tooth"],
    "alcohol-withdrawal": ["he stopped drinking and is shaking"],
}

#: Common calls that must not raise an alarm (false alarms teach people to ignore banners).
BENIGN = [
    "sick note",
    "fit note",
    "repeat prescription",
    "blood test results",
    "flu jab",
    "bad back",
    "feeling low",
    "water infection",
    "sore throat",
    "earache",
    "smear test",
    "hay fever",
    "insect bite",
    "verruca",
    "lost my husband",
    "stop smoking",
    "physio",
    # short words are not misspellings of each other: "bend" is not "end", "died" is not "die"
    "my face aches when I bend over",
    "since my wife died I don't see anybody",
]


def _raised_keys(text: str) -> list[str]:
    return [match.entry.key for match in demo_engine().search(text).red_flags]


def _typo(phrase: str) -> str:
    """Swap two letters in the middle of the longest word, as a hurried typist does."""
    words = phrase.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    if len(word) >= 6:
        middle = len(word) // 2
        words[longest] = word[: middle - 1] + word[middle] + word[middle - 1] + word[middle + 1 :]
    return " ".join(words)


def _variants(entry: RedFlagEntry) -> list[str]:
    variants = []
    for phrase in entry.phrases:
        variants += [
            phrase,
            f"Hello, my mum says {phrase}, what should we do?",
            phrase.upper() + "!!",
        ]
        variants.append(_typo(phrase))
    return variants + LAY_PHRASINGS[entry.key]


def test_every_protocol_has_lay_phrasings_here() -> None:
    assert set(LAY_PHRASINGS) == set(PROTOCOLS)


@pytest.mark.parametrize("key", sorted(PROTOCOLS))
def test_protocol_raised_by_every_phrasing(key: str) -> None:
    missed = [text for text in _variants(PROTOCOLS[key]) if key not in _raised_keys(text)]
    assert missed == []


@pytest.mark.parametrize("text", BENIGN)
def test_common_calls_raise_no_red_flag(text: str) -> None:
    assert _raised_keys(text) == []


def test_most_urgent_first_whatever_the_order_spoken() -> None:
    raised = (
        demo_engine().search("my back hurts and I'm numb down below, and now chest pain").red_flags
    )
    urgencies = [match.entry.urgency for match in raised]
    assert urgencies[0] is Urgency.EMERGENCY_999
    assert urgencies == sorted(urgencies, key=lambda urgency: urgency.rank)
    assert {"chest-pain-heart-attack", "cauda-equina"} <= {m.entry.key for m in raised}


def test_red_flag_hidden_behind_an_innocent_opening() -> None:
    text = "just want some cream for my back... oh and I've wet myself a couple of times"
    result = demo_engine().search(text)
    assert [m.entry.key for m in result.red_flags] == ["cauda-equina"]
    assert result.services  # services still listed, below the banner


def test_half_typed_words_raise_early() -> None:
    assert "chest-pain-heart-attack" in _raised_keys("chest feels tig")


def test_match_names_the_phrase_heard() -> None:
    (match,) = demo_engine().search("face gone droopy").red_flags
    assert match.phrase in PROTOCOLS["stroke-fast"].phrases + PROTOCOLS["stroke-fast"].symptoms
    assert 0 < match.strength <= 1
