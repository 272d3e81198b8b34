"""From typed text to tokens: normalised words, contractions expanded, word forms reduced.

A token keeps the word as typed (for the evidence shown to the receptionist) and its *form*: the
Snowball stem, or the base of an irregular form ("swollen" -> swell, "bled" -> bleed), so that
clutching/clutch and swelling/swollen meet. Number words become digits ("three" -> 3).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from signposting.redflags import lexicon

#: Contractions, with or without the apostrophe a hurried typist leaves out.
CONTRACTIONS = {
    "cant": "can not",
    "cannot": "can not",
    "wont": "will not",
    "dont": "do not",
    "doesnt": "does not",
    "didnt": "did not",
    "isnt": "is not",
    "aint": "is not",
    "arent": "are not",
    "wasnt": "was not",
    "werent": "were not",
    "hasnt": "has not",
    "havent": "have not",
    "hadnt": "had not",
    "wouldnt": "would not",
    "shouldnt": "should not",
    "mustnt": "must not",
    "neednt": "need not",
    "cnt": "can not",
    "carnt": "can not",
    "dnt": "do not",
    "dosnt": "does not",
    "cannae": "can not",
    "hasnae": "has not",
    "havnae": "have not",
    "havenae": "have not",
    "didnae": "did not",
    "dinnae": "do not",
    "disnae": "does not",
    "doesnae": "does not",
    "isnae": "is not",
    "wasnae": "was not",
    "wouldnae": "would not",
    "couldnae": "could not",
    "shouldnae": "should not",
    "winnae": "will not",
    "willnae": "will not",
    "im": "i am",
    "ive": "i have",
    "id": "i would",
    "ill": "i will",
    "hes": "he is",
    "shes": "she is",
    "theyre": "they are",
    "youre": "you are",
    "weve": "we have",
    "theyve": "they have",
    "thats": "that is",
    "whats": "what is",
    "theres": "there is",
    "itll": "it will",
}
#: Typed shorthand that stands for ordinary words.
SHORTHAND = {
    "u": "you",
    "ur": "your",
    "r": "are",
    "b4": "before",
    "2day": "today",
    "2nite": "tonight",
    "tmrw": "tomorrow",
    "coz": "because",
    "cuz": "because",
    "w": "with",
    "pls": "please",
    "plz": "please",
    "abt": "about",
    "thru": "through",
    "wiv": "with",
    "ya": "you",
    "yr": "year",
    "yrs": "year",
    "wk": "week",
    "wks": "week",
    "mth": "month",
    "mths": "month",
    "hr": "hour",
    "hrs": "hour",
    "min": "minute",
    "mins": "minute",
    "nite": "night",
    "n": "and",
    "dunno": "do not know",
    "gonna": "going to",
    "wanna": "want to",
    "gotta": "got to",
    "couldnt": "can not",
    "roon": "round",
    "rly": "really",
    "rlly": "really",
    "v": "very",
    "aroon": "around",
    "mornin": "morning",
    "mooth": "mouth",
    "wi": "with",
    "ma": "my",
    "da": "dad",
    "ye": "you",
    "yer": "your",
    "cos": "because",
}
#: Irregular forms the stemmer cannot reduce, mapped to the base form.
IRREGULAR = {
    "ate": "eat",
    "eaten": "eat",
    "fell": "fall",
    "fallen": "fall",
    "took": "take",
    "taken": "take",
    "swollen": "swell",
    "swole": "swell",
    "bled": "bleed",
    "stung": "sting",
    "thought": "think",
    "woke": "wake",
    "woken": "wake",
    "drank": "drink",
    "drunk": "drink",
    "burnt": "burn",
    "lost": "lose",
    "bit": "bit",
    "bitten": "bite",
    "threw": "throw",
    "thrown": "throw",
    "broke": "break",
    "broken": "break",
    "spoke": "speak",
    "spat": "spit",
    "shook": "shake",
    "shaken": "shake",
    "felt": "feel",
    "went": "go",
    "goes": "go",
    "gone": "go",
    "came": "come",
    "saw": "see",
    "seen": "see",
    "slept": "slept",
    "kept": "keep",
    "froze": "freeze",
    "frozen": "freeze",
    "hung": "hang",
    "lay": "lie",
    "lain": "lie",
    "sat": "sit",
    "ran": "run",
    "caught": "catch",
    "tore": "tear",
    "torn": "tear",
    "swallowed": "swallow",
    "wrote": "write",
    "stuck": "stick",
    "hid": "hide",
    "gave": "give",
    "given": "give",
    "left": "left",
    "died": "die",
    "dying": "die",
    "dyin": "die",
    "dies": "die",
    "lying": "lie",
    "lies": "lie",
    "was": "be",
    "were": "be",
    "is": "be",
    "are": "be",
    "am": "be",
    "been": "be",
    "being": "be",
    "had": "have",
    "could": "can",
    "fitted": "fitted",
    "mouthful": "mouthful",
    "bloods": "bloods",
    "fitting": "fitting",
    "fitness": "fitness",
    "sectioned": "sectioned",
    "mouthfuls": "mouthful",
    "stroked": "stroked",
    "medical": "medical",
    "stroking": "stroking",
    "has": "have",
    "having": "have",
}
#: Number words, so "three months" and "3 months" meet.
NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
}

_APOSTROPHE_SUFFIX = re.compile(r"(?<=[a-z])'(s|re|ve|ll|d|m|t)\b")
#: "she's", "he's", "it's": the present tense, as "shes" is without the apostrophe.
_PRONOUN_IS = re.compile(r"\b(he|she|it|there|that)'s\b")
_NON_WORD = re.compile(r"[^a-z0-9'.,;:!?\n]+")
#: A reading with a decimal point ("38.5", "2.8") is one number, not two clauses.
_TOKEN = re.compile(r"[a-z]+|[0-9]+(?:\.[0-9]+)?|[.,;:!?\n]")
_BOUNDARY = frozenset(".,;:!?\n")
_SUFFIX_WORDS = {"re": "are", "ve": "have", "ll": "will", "d": "would", "m": "am"}
_STEMMER = snowballstemmer.stemmer("english")


@dataclass(frozen=True, slots=True)
class Token:
    """One word of the utterance: as typed, its form, its number value, its clause."""

    text: str
    form: str
    position: int
    clause: int
    number: int | None = None


def fold(text: str) -> str:
    """Lower-case ASCII with apostrophes kept as ' and other punctuation kept for clauses."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.replace("\u2019", "'").replace("\u2018", "'"))
        text = text.encode("ascii", "ignore").decode("ascii")
    text = text.lower().replace("`", "'")
    text = _PRONOUN_IS.sub(r"\1 is", text)
    text = _APOSTROPHE_SUFFIX.sub(_expand_suffix, text)
    return _NON_WORD.sub(" ", text).replace("'", "")


def _expand_suffix(match: re.Match[str]) -> str:
    suffix = match.group(1)
    if suffix == "t":  # can't, won't, don't: the apostrophe-less table handles the stem
        return "t"
    if suffix == "s":  # possessive or "is": neither carries meaning here
        return ""
    return " " + _SUFFIX_WORDS[suffix]


@lru_cache(maxsize=65536)
def form_of(word: str) -> str:
    """The comparable form of a single lower-case word."""
    irregular = IRREGULAR.get(word)
    if irregular is not None:
        return irregular
    if word.isdigit():
        return word
    return str(_STEMMER.stemWord(word))


def _dropped_g(word: str) -> str:
    """\"shakin\", \"makin\": the -ing word, when the word as typed is not English itself."""
    if (
        len(word) > 4
        and word.endswith("in")
        and not lexicon.is_common_word(word)
        and lexicon.is_common_word(word + "g")
    ):
        return word + "g"
    return word


def tokenise(text: str) -> list[Token]:
    """Tokens of what was typed; punctuation only separates clauses."""
    tokens: list[Token] = []
    clause = 0
    for raw in _TOKEN.findall(fold(text)):
        if raw in _BOUNDARY:
            clause += 1
            continue
        expanded = CONTRACTIONS.get(raw) or SHORTHAND.get(raw) or _dropped_g(raw)
        for word in expanded.split():
            number = _number(word)
            form = str(number) if number is not None and not word.isdigit() else form_of(word)
            tokens.append(Token(word, form, len(tokens), clause, number))
    return tokens


def _number(word: str) -> int | None:
    """The whole-number value of a word: "38.5" is 38 (it meets "{38-42}"), "three" is 3."""
    whole, point, _ = word.partition(".")
    if whole.isdigit() and len(whole) < 7:
        return int(whole)
    return None if point else NUMBERS.get(word)
