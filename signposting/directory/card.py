"""The service card a receptionist reads from: everything needed to send the patient there."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Protocol

import jinja2

from signposting.db.models import Service, ServiceFlag
from signposting.directory.opening import DAY_NAMES, DAYS, open_state
from signposting.domain import AccessMethod, ServiceStatus
from signposting.templating import template_environment


class CallerQuestion(Protocol):
    """A question for the caller (``search.questions.Question``), and the exclusion it asks
    about, if any."""

    @property
    def text(self) -> str: ...

    @property
    def exclusion(self) -> str | None: ...


@dataclass(frozen=True)
class CardView:
    """What the card template shows, worked out from a service at a moment."""

    service: Service
    opening: str
    is_open: bool
    access: list[str]
    ages: str
    hours: list[tuple[str, str]]
    flags: list[ServiceFlag]
    temporarily_closed: bool
    local_notes: str = ""
    #: Who it is for, in one sentence: the age band and the eligibility notes, each said once.
    who_for: str = ""
    #: "Ask the caller": what still decides whether it fits this patient.
    ask: tuple[str, ...] = ()
    #: The exclusions not already asked about above.
    not_for: tuple[str, ...] = ()


def ages_text(min_age: int | None, max_age: int | None) -> str:
    if min_age is None and max_age is None:
        return "All ages"
    if max_age is None:
        return f"Aged {min_age} and over"
    if min_age is None:
        return f"Aged up to {max_age}"
    return f"Aged {min_age} to {max_age}"


#: Notes that speak of every age, as "All ages" does.
_ANY_AGE = re.compile(r"\b(?:all ages|any age|anyone|everyone)\b", re.IGNORECASE)


def who_it_is_for(min_age: int | None, max_age: int | None, notes: str) -> str:
    """The age band and the eligibility notes as one text, the band left out when the notes
    already give it ("Women aged 16 to 64 only.", not "Aged 16 to 64. Women aged 16 to 64
    only.")."""
    ages = ages_text(min_age, max_age)
    notes = notes.strip()
    if not notes or notes.rstrip(".") == ages:
        return f"{ages}."
    bounds = [age for age in (min_age, max_age) if age is not None]
    if bounds:
        said = all(re.search(rf"(?<![\d.]){age}(?!\d|\.\d)", notes) for age in bounds)
    else:
        said = bool(_ANY_AGE.search(notes))
    return notes if said else f"{ages}. {notes}"


def weekly_hours(sessions: list[dict[str, str]]) -> list[tuple[str, str]]:
    """Day name and its sessions ('08:30-12:30, 13:30-17:00' or 'Closed')."""
    rows = []
    for code, name in zip(DAYS, DAY_NAMES, strict=True):
        day_sessions = sorted((s["opens"], s["closes"]) for s in sessions if s.get("day") == code)
        text = ", ".join(f"{opens}-{closes}" for opens, closes in day_sessions) or "Closed"
        rows.append((name, "24 hours" if text == "00:00-24:00" else text))
    return rows


def card_view(
    service: Service,
    now: datetime,
    flags: list[ServiceFlag],
    local_notes: str = "",
    ask: Sequence[CallerQuestion] = (),
) -> CardView:
    """The card at ``now``; ``ask`` holds the questions still open for this caller, and the
    exclusions they ask about are not listed again under "Not for"."""
    state = open_state(service.opening_sessions, service.closures, now)
    asked = {question.exclusion for question in ask}
    return CardView(
        service=service,
        opening=state.describe(now),
        is_open=state.is_open,
        access=[AccessMethod(method).label for method in service.access_methods],
        ages=ages_text(service.min_age, service.max_age),
        hours=weekly_hours(service.opening_sessions),
        flags=flags,
        temporarily_closed=service.status is ServiceStatus.TEMPORARILY_CLOSED,
        local_notes=local_notes,
        who_for=who_it_is_for(service.min_age, service.max_age, service.eligibility_notes),
        ask=tuple(question.text for question in ask),
        not_for=tuple(e for e in service.exclusions if e not in asked),
    )


@cache
def _environment() -> jinja2.Environment:
    return template_environment("signposting.directory")


def render_card_html(view: CardView) -> str:
    """The card as simple HTML (Qt rich text understands this subset)."""
    return _environment().get_template("service_card.html.j2").render(card=view)
