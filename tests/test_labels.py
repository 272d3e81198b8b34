"""Words for people: age bands and red-flag concepts as the screens say them."""

from __future__ import annotations

import pytest

from signposting.labels import age_band_text, concept_label


@pytest.mark.parametrize(
    ("low", "high", "words"),
    [
        (None, None, "Any age"),
        (0, None, "Any age"),
        (16, None, "16 and over"),
        (None, 15, "Up to 15"),
        (0, 15, "Up to 15"),
        (16, 64, "16 to 64"),
        (18, 18, "Aged 18 only"),
    ],
)
def test_age_bands_read_as_people_say_them(low: int | None, high: int | None, words: str) -> None:
    assert age_band_text(low, high) == words


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("CHEST_SENSATION", "Chest sensation"),
        ("FACE", "Face"),
        ("SPEECH_PROBLEM", "Speech problem"),
        ("UTI", "UTI"),
        ("CO_ALARM", "CO alarm"),
        ("CANT_SEE", "Can't see"),
        ("MOUTH_WONT_OPEN", "Mouth won't open"),
    ],
)
def test_concepts_read_as_words(name: str, words: str) -> None:
    assert concept_label(name) == words
