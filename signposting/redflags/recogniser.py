"""Which red-flag protocols a caller's words raise, how urgently, and why.

Deterministic and explainable: every flag carries the words heard and the concepts they met.
Negation never suppresses a flag. A flag whose every word sits beside a clearly past marker
("had a stroke in 2019") and nothing current, or is only what a general question asks about
("what are the signs of a stroke"), becomes a quiet check, never nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise, product

from signposting.domain import Urgency
from signposting.redflags.annotate import ConceptIndex, Mention
from signposting.redflags.protocol import RedFlagEntry
from signposting.redflags.rules import Rule, is_concept_name
from signposting.redflags.thesaurus import (
    CURRENT,
    HYPOTHETICAL,
    NEW_MATTER,
    NOW,
    PAST,
    Thesaurus,
)
from signposting.redflags.words import Token, tokenise

#: How far (in words) a past marker reaches from what it qualifies.
TIME_REACH = 12
#: How far (in words) after a general or hypothetical question ("what are the signs of") the
#: illness it asks about may be named.
HYPOTHETICAL_REACH = 3
#: "she is", "I am": a present-tense statement, across which a past marker does not reach
#: ("had bowel surgery a while back, and she's vomiting green").
PRESENT_SUBJECTS = frozenset("i he she it we they you".split())
PRESENT_VERBS = frozenset("am is are".split())
#: "she's had a stroke" is "she has had": the past, not the present.
PERFECT = frozenset({"had"})
PRESENT = "(present tense)"
#: Bound the slot search for very repetitive input.
MAX_CANDIDATES = 8
MAX_FILLS = 4


@dataclass(frozen=True, slots=True)
class Evidence:
    """Words heard and the concept they met."""

    words: str
    concept: str

    def __str__(self) -> str:
        return f"\u2018{self.words}\u2019"


@dataclass(frozen=True)
class Flag:
    """A protocol raised, at what urgency, on what evidence."""

    entry: RedFlagEntry
    urgency: Urgency
    evidence: tuple[Evidence, ...]
    raised_because: str = ""
    past: bool = False
    guessed: bool = False

    @property
    def action(self) -> str:
        """What to do, said for the urgency actually raised."""
        if self.urgency is self.entry.urgency:
            return self.entry.action
        return f"{self.urgency.label}: {self.entry.title.lower()} ({self.raised_because})"

    @property
    def because(self) -> str:
        """The evidence in a line: \u2018clutching\u2019 + \u2018chest\u2019."""
        return " + ".join(str(item) for item in self.evidence)

    def explain(self) -> str:
        concepts = ", ".join(f"{e.words} \u2192 {e.concept}" for e in self.evidence)
        return f"{self.entry.title}: {concepts}"

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.entry.id,
            "key": self.entry.key,
            "title": self.entry.title,
            "urgency": self.urgency.value,
            "action": self.action,
            "because": self.because,
            "evidence": [{"words": e.words, "concept": e.concept} for e in self.evidence],
        }


@dataclass(frozen=True)
class Recognition:
    """The banner (most urgent first) and quiet checks for past mentions."""

    banner: tuple[Flag, ...]
    checks: tuple[Flag, ...]
    mentions: tuple[Mention, ...]


class Recogniser:
    """Protocols compiled against a thesaurus; ``recognise`` answers each keystroke."""

    def __init__(self, thesaurus: Thesaurus, entries: Iterable[RedFlagEntry]) -> None:
        self.thesaurus = thesaurus
        self.entries = list(entries)
        literals = {
            item
            for entry in self.entries
            for rule in entry.rules
            for item in rule.items()
            if not is_concept_name(item)
        }
        self.index = ConceptIndex(thesaurus)
        self.who = frozenset(c.name for c in thesaurus.concepts.values() if c.is_who)
        #: Literal words of rules are found on their own, never claimed by a thesaurus term.
        self.literal_index = ConceptIndex(Thesaurus({}), literals) if literals else None
        self._rules_with: dict[str, list[tuple[RedFlagEntry, Rule]]] = {}
        for entry in self.entries:
            for rule in entry.rules:
                first = rule.slots[0] if rule.slots else tuple(rule.items())
                for item in first:
                    self._rules_with.setdefault(item, []).append((entry, rule))

    def unknown_concepts(self) -> dict[str, list[str]]:
        """Concepts named by protocols that the thesaurus lacks, by protocol key."""
        missing: dict[str, list[str]] = {}
        for entry in self.entries:
            for rule in entry.rules:
                for item in sorted(rule.items()):
                    if is_concept_name(item) and item not in self.thesaurus.concepts:
                        missing.setdefault(entry.key or entry.title, []).append(item)
        return missing

    def recognise(self, text: str, *, last_partial: bool = False) -> Recognition:
        tokens = tokenise(text)
        heard = self.index.mentions(tokens, last_partial=last_partial)
        if self.literal_index is not None:
            heard += self.literal_index.mentions(tokens, last_partial=last_partial)
            heard.sort(key=lambda m: m.start)
        if not heard:
            return Recognition((), (), ())
        mentions = heard + _present_tense(tokens)
        holding: dict[str, list[int]] = {}
        for number, mention in enumerate(mentions):
            for concept in mention.concepts:
                holding.setdefault(concept, []).append(number)
        best: dict[int, Flag] = {}
        for concept in list(holding):
            for entry, rule in self._rules_with.get(concept, ()):
                flag = self._try(entry, rule, mentions, holding)
                if flag is not None and _better(flag, best.get(entry.id)):
                    best[entry.id] = flag
        flags = sorted(best.values(), key=_order)
        return Recognition(
            tuple(f for f in flags if not f.past),
            tuple(f for f in flags if f.past),
            tuple(heard),
        )

    def _try(
        self,
        entry: RedFlagEntry,
        rule: Rule,
        mentions: Sequence[Mention],
        holding: dict[str, list[int]],
    ) -> Flag | None:
        """The rule's flag on the closest evidence; a current reading of it wins over a
        clearly past one ("had a stroke years ago... stroke now")."""
        fallback: Flag | None = None
        for chosen in _slot_fills(rule, mentions, holding):
            used = {number for number, _ in chosen}
            signs = _fill_signs(rule, mentions, holding, used)
            if signs is None:
                return fallback
            flag = self._flag(entry, rule, mentions, holding, chosen + signs)
            if not flag.past:
                return flag
            fallback = fallback or flag
        return fallback

    def _flag(
        self,
        entry: RedFlagEntry,
        rule: Rule,
        mentions: Sequence[Mention],
        holding: dict[str, list[int]],
        chosen: list[tuple[int, str]],
    ) -> Flag:
        evidence = tuple(
            dict.fromkeys(Evidence(mentions[n].words, concept) for n, concept in sorted(chosen))
        )
        urgency = rule.urgency or entry.urgency
        because = ""
        for modifier in entry.modifiers:
            if modifier.urgency.rank < urgency.rank and any(
                c in holding for c in modifier.concepts
            ):
                urgency = modifier.urgency
                because = modifier.why or ", ".join(modifier.concepts).lower()
        numbers = [n for n, _ in chosen]
        events = [n for n, concept in chosen if concept not in self.who] or numbers
        return Flag(
            entry,
            urgency,
            evidence,
            because,
            past=_clearly_past(events, mentions, holding),
            guessed=any(mentions[n].guessed for n in numbers),
        )


def _slot_fills(
    rule: Rule, mentions: Sequence[Mention], holding: dict[str, list[int]]
) -> list[list[tuple[int, str]]]:
    """Sets of mentions filling every slot within the window, closest first; a mention of
    several words may fill as many slots as it has words ("worst headache")."""
    options: list[list[tuple[int, str]]] = []
    for slot in rule.slots:
        found: dict[int, str] = {}
        for item in slot:
            for number in holding.get(item, ()):
                found.setdefault(number, item)
        if not found:
            return []
        options.append(sorted(found.items())[:MAX_CANDIDATES])
    if not options:
        return [[]]
    fills: list[tuple[int, list[tuple[int, str]]]] = []
    for combination in product(*options):
        numbers = [number for number, _ in combination]
        if len(set(numbers)) < len(numbers) and not _shared_fairly(combination, mentions):
            continue
        span = max(mentions[n].end for n in numbers) - min(mentions[n].start for n in numbers)
        if span <= rule.window:
            fills.append((span, list(combination)))
    fills.sort(key=lambda fill: fill[0])
    return [fill for _, fill in fills[:MAX_FILLS]]


def _shared_fairly(combination: Sequence[tuple[int, str]], mentions: Sequence[Mention]) -> bool:
    """A phrase may fill several slots only through its words ("worst headache" is both worst
    and a headache): no more slots than words, and at most one of them by the phrase's own
    meaning ("wets the bed" cannot be both bedwetting and weeing a lot)."""
    by_mention: dict[int, list[str]] = {}
    for number, concept in combination:
        by_mention.setdefault(number, []).append(concept)
    for number, concepts in by_mention.items():
        mention = mentions[number]
        if len(concepts) > mention.size:
            return False
        if len(concepts) > 1 and sum(c in mention.own for c in concepts) > 1:
            return False
    return True


def _fill_signs(
    rule: Rule, mentions: Sequence[Mention], holding: dict[str, list[int]], used: set[int]
) -> list[tuple[int, str]] | None:
    """At least ``at_least`` signs, each heard in a mention not already used."""
    if not rule.signs:
        return []
    taken = set(used)
    found: list[tuple[int, str]] = []
    candidates = []
    for sign in rule.signs:
        numbers = sorted({(n, item) for item in sign for n in holding.get(item, ())})
        if numbers:
            candidates.append(numbers)
    candidates.sort(key=len)
    for numbers in candidates:
        for number, item in numbers:
            if number not in taken:
                taken.add(number)
                found.append((number, item))
                break
    return found if len(found) >= rule.at_least else None


def _clearly_past(
    numbers: list[int], mentions: Sequence[Mention], holding: dict[str, list[int]]
) -> bool:
    """Every word of the evidence (who it is about aside) is qualified by a past marker ("years
    ago", "in 2019"): its nearest time marker is a past one within ``TIME_REACH`` words, with no
    current marker as near and no present tense or new matter ("oh and", "by the way") in
    between (when in doubt, escalate). A word may instead be what a general or hypothetical
    question is about (see ``_hypothetical``), unless words saying it is happening now follow
    the question ("what do you do for a fit? she's having one now")."""
    past = holding.get(PAST, ())
    current = holding.get(CURRENT, ())
    hypothetical = [
        mentions[m]
        for m in holding.get(HYPOTHETICAL, ())
        if not any(mentions[n].start > mentions[m].end for n in holding.get(NOW, ()))
    ]
    if not past and not hypothetical:
        return False
    present = [mentions[m] for m in (*holding.get(PRESENT, ()), *holding.get(NEW_MATTER, ()))]

    def distance(evidence: Mention, marker: Mention) -> int:
        if marker.start > evidence.end:
            return marker.start - evidence.end
        return max(0, evidence.start - marker.end)

    def nearest(evidence: Mention, markers: Iterable[int]) -> tuple[int, Mention] | None:
        near = [(distance(evidence, mentions[m]), mentions[m]) for m in markers]
        return min(near, key=lambda pair: pair[0]) if near else None

    for number in numbers:
        evidence = mentions[number]
        if any(
            _hypothetical(evidence, marker)
            and not any(_between(cue, evidence, marker) for cue in present)
            for marker in hypothetical
        ):
            continue
        to_past, to_current = nearest(evidence, past), nearest(evidence, current)
        if to_past is None or to_past[0] > TIME_REACH:
            return False
        if to_current is not None and to_current[0] <= to_past[0]:
            return False
        if any(_between(cue, evidence, to_past[1]) for cue in present):
            return False
    return True


def _hypothetical(evidence: Mention, marker: Mention) -> bool:
    """Whether the evidence is what a general or hypothetical question asks about: in the same
    clause, just after the marker ("what are the signs of | a stroke", "if she ever | has a
    hypo") or right before it ("a choking | first aid course"). A sign said further away is
    about someone now ("what are the signs of a stroke, his face has dropped")."""
    if evidence.clause != marker.clause:
        return False
    if evidence.start > marker.end:
        return evidence.start - marker.end <= HYPOTHETICAL_REACH
    return marker.start - evidence.end == 1


def _between(cue: Mention, one: Mention, other: Mention) -> bool:
    first, second = sorted((one, other), key=lambda m: m.start)
    return first.end < cue.start and cue.end < second.start


def _present_tense(tokens: Sequence[Token]) -> list[Mention]:
    """Where the caller speaks in the present tense ("she's", "I am")."""
    return [
        Mention(frozenset({PRESENT}), n, n + 1, f"{a.text} {b.text}", a.clause)
        for n, (a, b) in enumerate(pairwise(tokens))
        if a.text in PRESENT_SUBJECTS
        and b.text in PRESENT_VERBS
        and (n + 2 >= len(tokens) or tokens[n + 2].text not in PERFECT)
    ]


def _order(flag: Flag) -> tuple[int, int, str]:
    return (flag.urgency.rank, -len(flag.evidence), flag.entry.title)


def _better(flag: Flag, current: Flag | None) -> bool:
    if current is None:
        return True
    return (flag.past, flag.urgency.rank, flag.guessed, -len(flag.evidence)) < (
        current.past,
        current.urgency.rank,
        current.guessed,
        -len(current.evidence),
    )
