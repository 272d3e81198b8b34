"""Cues in the caller's words that a clinician, not a signpost, is wanted.

A receptionist signposts new, short-lived problems. Some words say the problem is past that:

- it has lasted for weeks or months ("a cough for over a month", "for weeks now");
- what the caller tried has not worked ("the chemist stuff isn't helping", "getting worse").

With either, self-care and pharmacy services (see ``is_self_care``) drop below the cut-off, so
the desk shows nothing (or a service that still fits) rather than a wrong self-care service.

Others say the request is for a clinician whatever the words match:

- a lump or a mole ("a lump in my neck", "a mole that has changed"): only services that name
  lumps (or moles) themselves stay, and of those only ones that name the place when the words
  give one ("a lump on my eyelid");
- what only a clinician assesses: periods that have stopped or are heavy, the menopause,
  unexplained weight loss or bruising, an ADHD or autism assessment, failing memory,
  fertility, a vasectomy, erections, bedwetting, a specialist: no service stays;
- changing doctor ("a different doctor", "change my GP"): only services that name
  registration stay.

And a service the caller's own words rule out (an age or sex they state, see ``stated``) is
no signpost for them: it drops below the cut-off too, and off the list.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from signposting.search.caller import Caller, CallerRule
from signposting.search.eligibility import age_reason
from signposting.search.entries import ServiceEntry
from signposting.search.stated import stated
from signposting.search.text import STOPWORDS, normalise

#: A demoted service's score is multiplied by this: below the cut-off beside any fitting one.
DEMOTION = 0.2

_NUMBER = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|few|couple|several|many|\d+)"
#: Weeks or months of a symptom; not years, which mostly measure time since something was
#: done ("not had my blood pressure checked for years").
_LONG_SPELL = r"(?:weeks|months|month)"
_NEGATION = r"(?:not|no|nothing|isnt|arent|hasnt|havent|doesnt|dont|didnt|wont|never)"
_REMEDY_FAILS = (
    r"(?:working|worked|helping|helped|shifting|shifted|clearing|cleared|clear\s+up|touching|"
    r"improving|improved|go\s+away|going\s+away|gone\s+away|"
    r"(?:(?:getting|got|get)\s+)?(?:any\s+)?better|made\s+a\s+difference|making\s+a\s+difference)"
)

PERSISTING = re.compile(
    # "for weeks", "for about a month", "for over two years", "for the last few months"
    # (not "for a 3 month old")
    rf"\bfor\s+(?:(?:about|around|over|nearly|almost|more|than|at|least|the|last|past|"
    rf"of|a|an|good|long|few|couple)\s+)*(?:{_NUMBER}\s+)?(?:of\s+)?{_LONG_SPELL}\b(?!\s+old)"
    # "weeks now", "months on end", "on and off for", "keeps coming back"
    rf"|\b{_LONG_SPELL}\s+(?:now|on\s+end)\b|\bon\s+and\s+off\b|\bkeeps?\s+coming\s+back\b"
    # "since last month", "since christmas"
    rf"|\bsince\s+(?:last\s+)?(?:month|christmas|the\s+summer|the\s+spring|the\s+winter)\b"
    # "isn't working", "nothing has helped", "not getting any better", "didn't work"
    rf"|\b{_NEGATION}\s+(?:(?:is|are|has|have|seems?|really|been|at|all|even|it|its)\s+)*"
    rf"{_REMEDY_FAILS}\b"
    r"|\b(?:doesnt|didnt|hasnt|havent|wont)\s+(?:work|help|shift|touch)\b"
    # "getting worse", "tried everything" (not "something stronger": a pharmacist has stronger
    # remedies for hay fever than the shop shelf)
    r"|\b(?:getting|got|gone|going)\s+worse\b|\bworse\s+and\s+worse\b"
    r"|\btried\s+everything\b"
    # "been a month", "been going on for weeks"; "keep getting", "most days"
    rf"|\bbeen\s+(?:going\s+on\s+)?(?:(?:about|around|over|nearly|almost|a|an|few|couple|"
    rf"good|of|for)\s+)*(?:{_NUMBER}\s+)?{_LONG_SPELL}\b(?!\s+old)"
    r"|\bkeeps?\s+(?:getting|having|appearing|happening)\b|\bmost\s+days\b"
    # "for ages", "for a long time", "since january"; "recurring", "the third time this year"
    r"|\bfor\s+(?:ages|a\s+long\s+time|a\s+while\s+now)\b"
    r"|\bsince\s+(?:january|february|march|april|may|june|july|august|september|october|"
    r"november|december|the\s+new\s+year|easter)\b"
    r"|\brecurr(?:ing|ent)\b|\bagain\s+and\s+again\b"
    r"|\b(?:third|fourth|fifth|\d+(?:rd|th))\s+(?:time|one)\b"
)
#: A lump or mole, and the place it is in when the words say ("in my neck", "neck lump").
GROWTH = re.compile(r"\b(lump|mole)(?:s|y)?\b")
_GROWTH_PLACE = re.compile(
    r"\b(?:lump|mole)s?\s+(?:in|on|under|behind|at|near)\s+(?:(?:my|his|her|their|the|your|a)\s+)?"
    r"(?:(?:left|right|upper|lower)\s+)?([a-z]{3,})"
    r"|\b([a-z]{3,})\s+(?:lump|mole)s?\b"
)
#: A place word too vague to say where ("a big lump", "a new mole").
_NOT_PLACES = frozenset("big small new hard soft little large tiny painful sore red dark".split())
NEEDS_CLINICIAN = re.compile(
    # periods that have stopped (or bleeding after they did)
    r"\bperiods?\s+(?:(?:have|has|had|just|completely)\s+)*(?:stopped|finished|gone)\b"
    r"|\bpost\s*menopausal\b|\bafter\s+(?:the|my|her)\s+menopause\b"
    # weight lost, or bruises come, with no reason
    r"|\bwithout\s+trying\b|\bunexplained\b"
    # heavy periods, the menopause
    r"|\bheavy\s+periods?\b|\bperiods?\s+(?:(?:are|is|have|has|been|really|very|so)\s+)*heavy\b"
    r"|\bmenopaus|\bhrt\b|\bhot\s+flush"
    # an assessment for ADHD or autism, memory, fertility, the snip, erections, bedwetting
    r"|\badhd\b|\badd\s+assessment\b|\bautism\b|\bautistic\b|\basd\s+assessment\b"
    r"|\bmemor(?:y|ys)\s+(?:(?:is|has|keeps|getting|gone|going|loss|problems?)\s*)+"
    r"|\b(?:getting|very|so)\s+forgetful\b|\bforgetting\s+things\b"
    r"|\btrying\s+(?:for\s+a\s+baby|to\s+conceive)\b|\b(?:in)?fertility\b|\bivf\b"
    r"|\bvasectomy\b|\bthe\s+snip\b|\berectile\b|\berections?\b|\bimpoten"
    r"|\bwet(?:s|ting)?\s+the\s+bed\b|\bbed\s*wetting\b"
    # a specialist, or a second opinion
    r"|\bspecialist\b|\bsecond\s+opinion\b|\bdermatologist\b"
)
CHANGING_DOCTOR = re.compile(
    r"\b(?:change|changing|switch|switching|swap|swapping|move|moving)\s+(?:to\s+)?"
    r"(?:(?:a|my|our|the|another|different|new|other)\s+)*(?:doctor|gp|doc)s?\b"
    r"|\b(?:different|another|new|other)\s+(?:doctor|gp)\b"
)
#: The words that name a self-care or pharmacy service, in its category or name.
_SELF_CARE = re.compile(r"\b(?:pharmacy|self\s+care|selfcare|urgent\s+care)\b")


@dataclass(frozen=True)
class ClinicianCues:
    """Which cues the words hold."""

    persisting: bool = False
    #: "lump" or "mole" when the words speak of one, and its place when they say.
    growth: str | None = None
    growth_place: str | None = None
    changing_doctor: bool = False
    needs_clinician: bool = False
    #: The age and sex the words state (unknown ones rule nothing out).
    caller: Caller = field(default_factory=Caller)

    def __bool__(self) -> bool:
        """Whether the words hold a cue (a stated age or sex is no cue on its own)."""
        return (
            self.persisting
            or self.growth is not None
            or self.changing_doctor
            or self.needs_clinician
        )

    @property
    def may_demote(self) -> bool:
        """Whether any service may be taken off: a cue, or a stated age or sex."""
        return bool(self) or self.caller.age is not None or self.caller.sex is not None

    @property
    def lump(self) -> bool:
        return self.growth == "lump"

    def demotes(
        self,
        entry: ServiceEntry,
        own_words: Callable[[], AbstractSet[str]],
        caller_rules: tuple[CallerRule, ...] = (),
    ) -> bool:
        """Whether these cues take this service (with its own words and stems, read only when
        a cue needs them, and its rules on sex and pregnancy) off the list."""
        if self.needs_clinician or (self.persisting and is_self_care(entry)):
            return True
        if self.rules_out(entry, caller_rules):
            return True
        if self.growth is not None and not self._names_growth(own_words()):
            return True
        return self.changing_doctor and not any(word.startswith("regist") for word in own_words())

    def _names_growth(self, own_words: AbstractSet[str]) -> bool:
        """Whether a service names the lump or mole (and its place, when the words give one)."""
        growth, place = self.growth or "", self.growth_place
        if not any(word.startswith(growth) for word in own_words):
            return False
        return place is None or any(word.startswith(place[:4]) for word in own_words)

    def rules_out(self, entry: ServiceEntry, caller_rules: tuple[CallerRule, ...]) -> bool:
        """Whether the stated age or sex is one the service cannot take."""
        caller = self.caller
        if caller.age is not None and age_reason(entry, caller.age) is not None:
            return True
        return any(rule.applies_to(caller) for rule in caller_rules)


def clinician_cues(text: str) -> ClinicianCues:
    """The cues in what was typed."""
    words = normalise(text)
    growth = GROWTH.search(words)
    return ClinicianCues(
        persisting=PERSISTING.search(words) is not None,
        growth=growth.group(1) if growth else None,
        growth_place=_growth_place(words) if growth else None,
        changing_doctor=CHANGING_DOCTOR.search(words) is not None,
        needs_clinician=NEEDS_CLINICIAN.search(words) is not None,
        caller=stated(text),
    )


def _growth_place(words: str) -> str | None:
    """The body part a lump or mole is in or on, when the words say."""
    for found in _GROWTH_PLACE.finditer(words):
        place = found.group(1) or found.group(2)
        if place not in _NOT_PLACES and place not in STOPWORDS:
            return place
    return None


def is_self_care(entry: ServiceEntry) -> bool:
    """A service for new, short-lived problems: its category or name says pharmacy, self care
    or urgent care (a practice clinical pharmacist is not one)."""
    return _SELF_CARE.search(normalise(f"{entry.category} {entry.name}")) is not None
