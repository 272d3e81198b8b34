"""Printable pages from Jinja2 templates: the one-page red-flag card and the directory."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

import jinja2
import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.db.models import Practice, RedFlagProtocol, Service
from signposting.directory.card import weekly_hours
from signposting.directory.queries import list_red_flags
from signposting.domain import AccessMethod, ServiceStatus, Urgency
from signposting.labels import age_band_text
from signposting.templating import template_environment

#: What a caller might say, shown beside each protocol on the card.
CARD_PHRASES = 1
_FIRST_SENTENCE = re.compile(r"^(.+?[.!?])(\s|$)")


@dataclass(frozen=True)
class CardGroup:
    urgency: Urgency
    protocols: list[RedFlagProtocol]


def card_columns(groups: list[CardGroup]) -> list[list[CardGroup]]:
    """The groups in two columns of about equal length; a group may run on into the second."""
    half = (sum(len(group.protocols) + 1 for group in groups) + 1) // 2
    left: list[CardGroup] = []
    right: list[CardGroup] = []
    used = 0
    for group in groups:
        room = half - used - 1  # rows left in the first column below this group's band
        if room >= len(group.protocols):
            left.append(group)
        elif room <= 0:
            right.append(group)
        else:
            left.append(CardGroup(group.urgency, group.protocols[:room]))
            right.append(CardGroup(group.urgency, group.protocols[room:]))
        used += len(group.protocols) + 1
    return [left, right]


def first_sentence(text: str) -> str:
    match = _FIRST_SENTENCE.match(text.strip())
    return match.group(1) if match else text.strip()


@cache
def _environment() -> jinja2.Environment:
    environment = template_environment("signposting.directory")
    environment.filters["first_sentence"] = first_sentence
    environment.globals.update(age_band_text=age_band_text, weekly_hours=weekly_hours)
    return environment


def _practice_name(session: Session) -> str:
    names = list(session.scalars(sa.select(Practice.name).order_by(Practice.name)))
    return ", ".join(names) or "the practice"


def red_flag_card_html(session: Session) -> str:
    """Every protocol, grouped most urgent first, in words for the desk, for one A4 page."""
    protocols = list_red_flags(session)
    groups = [
        CardGroup(urgency, [p for p in protocols if p.urgency is urgency])
        for urgency in Urgency
        if any(p.urgency is urgency for p in protocols)
    ]
    return (
        _environment()
        .get_template("red_flag_card.html.j2")
        .render(
            columns=card_columns(groups),
            practice=_practice_name(session),
            unsigned=[p.title for p in protocols if not p.is_signed_off],
            phrases=CARD_PHRASES,
            printed=datetime.now(UTC),
        )
    )


def directory_html(session: Session) -> str:
    """The current directory by category: what each service is for and how to get there."""
    services = session.scalars(
        sa.select(Service)
        .where(Service.status != ServiceStatus.RETIRED)
        .order_by(Service.category, Service.name)
    ).all()
    categories: dict[str, list[Service]] = {}
    for service in services:
        categories.setdefault(service.category, []).append(service)
    return (
        _environment()
        .get_template("directory.html.j2")
        .render(
            categories=categories,
            practice=_practice_name(session),
            access_labels={m.value: m.label for m in AccessMethod},
            printed=datetime.now(UTC),
        )
    )
