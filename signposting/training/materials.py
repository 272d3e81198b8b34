"""Printable training and go-live material: rehearsal debriefs, the patient poster and the
script for the practice's phone message (Jinja2)."""

from __future__ import annotations

from datetime import date, datetime

import jinja2
import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.db.models import GoLivePlan, Practice, Service
from signposting.directory.opening import UK
from signposting.domain import ServiceStatus
from signposting.templating import template_environment
from signposting.training.rehearsal import CallView
from signposting.training.results import RehearsalResults
from signposting.training.scoring import PASS_MARK

#: What patients may be offered, in their words, by the directory category that offers it.
PATIENT_WORDS = {
    "Community pharmacy": "A local pharmacist, for common illnesses such as sore throats, earache, "
    "water infections in women, shingles and infected bites (Pharmacy First)",
    "Musculoskeletal": "Physiotherapy you can book yourself, for back, neck and joint pain",
    "Eyes": "A local optician, for red, sore, dry or itchy eyes",
    "Mental health": "NHS Talking Therapies, for anxiety, stress and low mood",
    "Sexual health": "The sexual health clinic, for tests and contraception",
    "Wellbeing and social support": "A social prescriber, for loneliness, money, housing or "
    "caring worries",
    "Practice admin": "Our admin team, for fit notes, forms, repeat prescriptions and results",
    "In the practice": "Our practice nurse, clinical pharmacist or physiotherapist",
    "Dental": "Urgent dental care through NHS 111",
    "Children and families": "The health visitors and midwives",
}
PHONE_EXAMPLES = ("a pharmacist", "a physiotherapist", "an optician", "our practice nurse")


def _uk_date(value: datetime | date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(UK)
    return f"{value:%d/%m/%Y}"


def _seconds(value: float | None) -> str:
    if value is None:
        return "-"
    minutes, seconds = divmod(round(value), 60)
    return f"{minutes}:{seconds:02d}"


def _environment() -> jinja2.Environment:
    environment = template_environment("signposting.training")
    environment.filters["uk_date"] = _uk_date
    environment.filters["seconds"] = _seconds
    return environment


def debrief_html(results: RehearsalResults, trainee_id: int | None = None) -> str:
    """The debrief for the team, or for one trainee: missed red flags first."""
    trainees = [t for t in results.trainees if trainee_id is None or t.trainee_id == trainee_id]
    missed = [(t.name, call) for t in trainees for call in t.missed_red_flags]
    return (
        _environment()
        .get_template("debrief.html.j2")
        .render(
            r=results,
            trainees=trainees,
            single=trainee_id is not None,
            missed=missed,
            pass_mark=PASS_MARK,
        )
    )


def scripts_html(rehearsal_id: int, calls: list[CallView], titles: dict[str, str]) -> str:
    """The callers' scripts of a rehearsal, one call a page, for a colleague playing the
    caller away from the trainer's screen."""
    return (
        _environment()
        .get_template("scripts.html.j2")
        .render(rehearsal_id=rehearsal_id, calls=calls, titles=titles)
    )


def _context(session: Session, practice_id: int) -> dict[str, str]:
    practice = session.get_one(Practice, practice_id)
    plan = session.scalars(
        sa.select(GoLivePlan).where(GoLivePlan.practice_id == practice_id)
    ).first()
    when = plan.go_live_date if plan else None
    return {
        "practice": practice.name,
        "go_live": f"{when:%A %d %B %Y}" if when else "now on",
        "senior_gp": plan.senior_gp if plan else "",
    }


def _offers(session: Session) -> list[str]:
    categories = set(
        session.scalars(sa.select(Service.category).where(Service.status == ServiceStatus.ACTIVE))
    )
    return [line for category, line in PATIENT_WORDS.items() if category in categories]


def poster_html(session: Session, practice_id: int) -> str:
    """An A4 poster telling patients why reception will ask what the problem is."""
    return (
        _environment()
        .get_template("poster.html.j2")
        .render(offers=_offers(session), **_context(session, practice_id))
    )


def phone_message(session: Session, practice_id: int) -> str:
    """The script for the practice's recorded phone message."""
    examples = ", ".join(PHONE_EXAMPLES[:-1]) + f" or {PHONE_EXAMPLES[-1]}"
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("signposting.training", "templates"),
        autoescape=False,  # plain text for a script, never shown as HTML
        keep_trailing_newline=True,
    )
    return environment.get_template("phone_message.txt.j2").render(
        examples=examples, **_context(session, practice_id)
    )
