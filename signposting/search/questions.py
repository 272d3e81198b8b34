"""The questions for "Ask the caller", that decide whether a service fits this patient: read
from its age band, its rules on sex and pregnancy, its exclusions and the conditions its
eligibility notes hold. What the desk already knows (age, sex, pregnancy) is not asked again,
and a service the known facts already rule out has nothing left to ask.

Each question says which answer rules the service out, so a receptionist reading it aloud need
not work out the direction."""

from __future__ import annotations

import re
from dataclasses import dataclass

from signposting.search.caller import (
    FILLER_WORDS,
    Caller,
    CallerRule,
    Sex,
    caller_rules,
    exclusion_alternatives,
    exclusion_reason,
)
from signposting.search.eligibility import age_band_reason
from signposting.search.entries import ServiceEntry

IF_YES = "If yes, not this service."
IF_NO = "If no, not this service."
SEX_ADJECTIVES = {Sex.FEMALE: "female", Sex.MALE: "male"}

#: Parts of eligibility notes the age band, or the sex field, already says.
_AGE_PHRASES = re.compile(
    r"\b(?:aged?|ages)\s+(?:from\s+)?\d+(?:\s+years?)?(?:\s+old)?\s*"
    r"(?:(?:to|-|\u2013)\s*\d+(?:\s+years?)?(?:\s+old)?|(?:and|or)\s+(?:over|above|older))"
    r"|\b(?:aged?|ages)\s+(?:under|up\s+to|below)\s+\d+(?:\s+years?)?"
    r"|\b(?:of\s+)?any\s+age(?:\s+from\s+\d+)?|\ball\s+ages|\banyone\b|\beveryone\b|\bonly\b",
    re.IGNORECASE,
)
_ADULTS = re.compile(r"\badults?\b", re.IGNORECASE)
_SEX_NOUNS = re.compile(r"\b(?:wom[ae]n|m[ae]n|females?|males?|girls?|boys?)\b", re.IGNORECASE)
_PREGNANT = re.compile(r"\b(?:who\s+(?:is|are)\s+)?pregnant\b", re.IGNORECASE)
#: A clause that tells rather than asks ("under-16s are seen confidentially", "some forms carry
#: a fee", "check local service"): said as a statement, or a note for the receptionist.
_REMARK = re.compile(
    r"(?<!who )(?<!that )\b(?:are|is|go|goes|see|sees|carry|carries|can|may|will)\b"
    r"|\bcheck\b|\bconfidential(?:ly)?\b",
    re.IGNORECASE,
)
_WHO_DOES = re.compile(r"who\s+(?!(?:is|are|has|have|was|were)\b)(.+)", re.IGNORECASE)
_CONTENT_WORD = re.compile(r"[A-Za-z]{3,}")
_LITTLE_WORDS = frozenset("and the with who for are from any all not".split())
_EDGES = " \t,.;:-\u2013"


@dataclass(frozen=True)
class Question:
    """One question, and the exclusion it asks about when it comes from one (the card then
    lists that exclusion here only)."""

    text: str
    exclusion: str | None = None


def ask_the_caller(entry: ServiceEntry, caller: Caller) -> tuple[Question, ...]:
    """The questions still open for this service and this caller, in the card's order: age,
    sex and pregnancy, exclusions, then the conditions of the eligibility notes."""
    rules = caller_rules(entry)
    if caller.age is not None and age_band_reason(entry.min_age, entry.max_age, caller.age):
        return ()
    if any(rule.applies_to(caller) for rule in rules):
        return ()
    questions: list[Question] = []
    if caller.age is None and (entry.min_age is not None or entry.max_age is not None):
        questions.append(Question(f"Is the patient {_band(entry.min_age, entry.max_age)}? {IF_NO}"))
    from_exclusions = {exclusion_reason(exclusion) for exclusion in entry.exclusions}
    for rule in rules:
        parts = _open_parts(rule, caller)
        if rule.reason not in from_exclusions and parts:
            questions.append(Question(f"Is the patient {' and '.join(parts)}? {IF_YES}"))
    for exclusion in entry.exclusions:
        question = _exclusion_question(exclusion, entry, caller)
        if question is not None:
            questions.append(question)
    questions.extend(_note_questions(entry, caller, has_sex_rule=any(r.sex for r in rules)))
    return tuple(questions)


def _band(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"aged {low} to {high}"
    return f"aged {low} or over" if low is not None else f"aged {high} or under"


def _open_parts(rule: CallerRule, caller: Caller) -> list[str] | None:
    """What is still unknown of a rule, as words ("pregnant", "under 16"); None when what is
    known already shows it cannot apply to this caller."""
    parts: list[str] = []
    if rule.sex is not None:
        if caller.sex is None:
            parts.append(SEX_ADJECTIVES[rule.sex])
        elif caller.sex is not rule.sex:
            return None
    if rule.pregnant:
        if caller.sex is Sex.MALE:
            return None
        if not caller.pregnant:  # unticked is not known: only a tick says
            parts.append("pregnant")
    for bound, outside, words in (
        (rule.under, lambda age, n: age >= n, "under {}"),
        (rule.over, lambda age, n: age <= n, "over {}"),
    ):
        if bound is None:
            continue
        if caller.age is None:
            parts.append(words.format(bound))
        elif outside(caller.age, bound):
            return None
    return parts


def _age_bound(words: list[str]) -> tuple[int | None, int | None] | None:
    """``(under, over)`` when an exclusion's words name only an age ("Under 16", "Under 1 year
    old", "65 and over"), else None."""
    under: int | None = None
    over: int | None = None
    position = 0
    while position < len(words):
        word, following = words[position], words[position + 1 : position + 2]
        if word in ("under", "over") and following and following[0].isdigit():
            if word == "under":
                under = int(following[0])
            else:
                over = int(following[0])
            position += 1
        elif word.isdigit() and words[position + 1 : position + 3] == ["and", "over"]:
            over = int(word) - 1
            position += 2
        elif word not in FILLER_WORDS:
            return None
        position += 1
    return (under, over) if under is not None or over is not None else None


def _band_covers(entry: ServiceEntry, under: int | None, over: int | None) -> bool:
    """Whether the age band already leaves out everyone the bound does."""
    below = under is None or (entry.min_age is not None and entry.min_age >= under)
    above = over is None or (entry.max_age is not None and entry.max_age <= over)
    return below and above


def _exclusion_question(exclusion: str, entry: ServiceEntry, caller: Caller) -> Question | None:
    """An exclusion the quick fields have not settled, as a question; None when they have."""
    alternatives = exclusion_alternatives(exclusion)
    open_parts: list[list[str]] = []
    for words, rule in alternatives:
        if rule is not None:
            parts = _open_parts(rule, caller)
            if parts:
                open_parts.append(parts)
            continue
        bound = _age_bound(words)
        if bound is None:
            return Question(f"Does this apply: {exclusion}? {IF_YES}", exclusion)
        if caller.age is None and not _band_covers(entry, *bound):
            under, over = bound
            open_parts.append([f"under {under}"] if under is not None else [f"over {over}"])
    if not alternatives:
        return Question(f"Does this apply: {exclusion}? {IF_YES}", exclusion)
    if not open_parts:
        return None
    if len(alternatives) == 1:
        return Question(f"Is the patient {' and '.join(open_parts[0])}? {IF_YES}", exclusion)
    return Question(f"Does this apply: {exclusion}? {IF_YES}", exclusion)


def _note_questions(entry: ServiceEntry, caller: Caller, *, has_sex_rule: bool) -> list[Question]:
    """The conditions the eligibility notes hold beyond the age band and sex ("rash appeared
    within the last 7 days", "registered with the practice"); remarks ("confidential", "some
    forms carry a fee") are not conditions."""
    questions: list[Question] = []
    for clause in _clauses(entry.eligibility_notes):
        text = _AGE_PHRASES.sub(" ", clause)
        if entry.min_age is not None:
            text = _ADULTS.sub(" ", text)
        if has_sex_rule:
            text = _SEX_NOUNS.sub(" ", text)
        if _PREGNANT.search(text) and not re.search(r"\bnot?\b", text, re.IGNORECASE):
            text = _PREGNANT.sub(" ", text)
            if not caller.pregnant and caller.sex is not Sex.MALE:
                questions.append(Question(f"Is the patient pregnant? {IF_NO}"))
        condition = " ".join(text.split()).strip(_EDGES)
        if not _is_condition(condition):
            continue
        doing = _WHO_DOES.match(condition)  # "who smoke": does the patient smoke?
        if doing:
            questions.append(Question(f"Does the patient {doing.group(1)}? {IF_NO}"))
        else:
            questions.append(Question(f"Does this apply: {condition}? {IF_NO}"))
    return questions


def _clauses(notes: str) -> list[str]:
    """The notes' clauses (split at semicolons). A bracketed aside is a clause of its own only
    where it follows nothing but an age ("Aged 16 and over (check local service)"), and is then
    dropped as a remark; after a condition it stays part of it."""
    clauses: list[str] = []
    for part in notes.split(";"):
        outside = re.sub(r"\([^)]*\)", " ", part)
        if _is_condition(" ".join(_AGE_PHRASES.sub(" ", outside).split()).strip(_EDGES)):
            clauses.append(part)
        else:
            clauses.append(outside)
    return clauses


def _is_condition(text: str) -> bool:
    words = [word.lower() for word in _CONTENT_WORD.findall(text)]
    meaningful = [word for word in words if word not in _LITTLE_WORDS]
    return bool(meaningful) and not _REMARK.search(text)
