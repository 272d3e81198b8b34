"""Realistic generated directories of any size, built from the demo's own wording."""

from __future__ import annotations

import random
from collections.abc import Iterator

from signposting.directory.demo import read_demo_file
from signposting.search.entries import ServiceEntry

SYLLABLES = [
    "bar",
    "ton",
    "ley",
    "wick",
    "ham",
    "ford",
    "bury",
    "den",
    "hol",
    "mere",
    "stow",
    "brook",
    "field",
    "worth",
    "combe",
    "by",
    "thorpe",
    "well",
    "dale",
    "ing",
    "ash",
    "oak",
    "mill",
    "bridge",
    "moor",
    "cliff",
    "haw",
    "kirk",
    "nor",
    "sut",
    "wes",
    "east",
]
PROVIDERS = [
    "Pharmacy",
    "Community Clinic",
    "Health Centre",
    "Wellbeing Hub",
    "Opticians",
    "Physiotherapy",
    "Practice",
    "Support Service",
    "Advice Centre",
    "Drop-in",
]
QUALIFIERS = [
    "NHS",
    "Community",
    "Local",
    "Family",
    "Walk-in",
    "Young people's",
    "Adult",
    "Carers'",
    "Men's",
    "Women's",
    "Older people's",
    "Urgent",
    "Specialist",
]


def _place(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def generate_services(count: int, seed: int = 20261123) -> Iterator[ServiceEntry]:
    """``count`` services mixing the demo's categories, conditions and lay keywords with
    thousands of place and provider names, so the vocabulary grows as a real one does."""
    rng = random.Random(seed)
    demo = read_demo_file("services.toml")["service"]
    hours = read_demo_file("services.toml")["defaults"]
    places = [_place(rng) for _ in range(max(50, count // 5))]
    for number in range(1, count + 1):
        base = rng.choice(demo)
        place = rng.choice(places)
        keywords = rng.sample(base["keywords"], k=min(len(base["keywords"]), rng.randint(3, 8)))
        extra = rng.choice(demo)["keywords"]
        keywords += rng.sample(extra, k=min(2, len(extra)))
        founder = _place(rng)
        name = (
            f"{founder} {rng.choice(QUALIFIERS)} {base['category'].lower()} "
            f"{rng.choice(PROVIDERS)}, {place}"
        )
        yield ServiceEntry(
            id=number,
            name=name,
            category=base["category"],
            keywords=tuple(keywords),
            conditions=tuple(base.get("conditions", ())),
            description=f"{base.get('description', '')} Serving {place} and {rng.choice(places)}.",
            min_age=base.get("min_age"),
            max_age=base.get("max_age"),
            exclusions=tuple(base.get("exclusions", ())),
            opening_sessions=tuple(hours[base["hours"]]),
            access_methods=tuple(base["access"]),
        )


#: What receptionists type: 20 characters each, lay words, some misspelt.
QUERIES = [
    "burning when I wee a",
    "bad back for 3 weeks",
    "feeling low and anxi",
    "my chest feels tight",
    "sore throat and fevr",
    "earache in my 4 year",
    "red itchy eye sinc m",
    "need a sick note for",
    "water infecshun agai",
    "face gone droopy on ",
    "toothache all night ",
    "morning after pill p",
]
