"""Scenarios in the database: listing, saving from the editor or a file, and checking that what
they name is in the directory."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.accounts.permissions import Permission, require
from signposting.db.models import RedFlagProtocol, Service, StaffMember, TrainingScenario
from signposting.domain import ServiceStatus
from signposting.errors import ConflictError, NotFoundError
from signposting.training.scenarios import Answer, Expectation, Scenario, shipped_scenarios


def to_scenario(row: TrainingScenario) -> Scenario:
    return Scenario(
        key=row.key,
        title=row.title,
        category=row.category,
        persona_name=row.persona_name,
        opening_line=row.opening_line,
        expected=Expectation.from_dict(
            {
                "services": row.expected_services,
                "outcomes": row.expected_outcomes,
                "red_flags": row.expected_red_flags,
                "urgency": row.expected_urgency,
            }
        ),
        persona_age=row.persona_age,
        persona_manner=row.persona_manner,
        answers=tuple(Answer(a["question"], a["answer"]) for a in row.answers),
        hidden_red_flag=row.hidden_red_flag,
        teaching_points=tuple(row.teaching_points),
        is_example=row.is_example,
        id=row.id,
    )


def _fill(row: TrainingScenario, scenario: Scenario) -> None:
    row.key = scenario.key
    row.title = scenario.title
    row.category = scenario.category
    row.persona_name = scenario.persona_name
    row.persona_age = scenario.persona_age
    row.persona_manner = scenario.persona_manner
    row.opening_line = scenario.opening_line
    row.answers = [{"question": a.question, "answer": a.answer} for a in scenario.answers]
    row.expected_services = list(scenario.expected.services)
    row.expected_outcomes = [o.value for o in scenario.expected.outcomes]
    row.expected_red_flags = list(scenario.expected.red_flags)
    row.expected_urgency = scenario.expected.urgency
    row.hidden_red_flag = scenario.hidden_red_flag
    row.teaching_points = list(scenario.teaching_points)
    row.is_example = scenario.is_example


def list_scenarios(session: Session) -> list[Scenario]:
    rows = session.scalars(
        sa.select(TrainingScenario).order_by(TrainingScenario.category, TrainingScenario.title)
    )
    return [to_scenario(row) for row in rows]


def get_scenario(session: Session, key: str) -> Scenario:
    row = session.scalars(sa.select(TrainingScenario).where(TrainingScenario.key == key)).first()
    if row is None:
        raise NotFoundError(f"no scenario with key {key!r}")
    return to_scenario(row)


def save_scenario(
    session: Session,
    actor: StaffMember | None,
    scenario: Scenario,
    *,
    replacing: str | None = None,
) -> Scenario:
    """Add a scenario, or replace the one keyed ``replacing`` (its key may change)."""
    require(actor, Permission.RUN_TRAINING)
    by_key = {row.key: row for row in session.scalars(sa.select(TrainingScenario))}
    if replacing is None:
        if scenario.key in by_key:
            raise ConflictError(f"a scenario with key {scenario.key!r} already exists")
        row = TrainingScenario()
        session.add(row)
    else:
        if replacing not in by_key:
            raise NotFoundError(f"no scenario with key {replacing!r}")
        if scenario.key != replacing and scenario.key in by_key:
            raise ConflictError(f"a scenario with key {scenario.key!r} already exists")
        row = by_key[replacing]
    _fill(row, scenario)
    session.flush()
    return to_scenario(row)


def delete_scenario(session: Session, actor: StaffMember | None, key: str) -> None:
    """Remove a scenario; past rehearsals keep their copy of its title and expectation."""
    require(actor, Permission.RUN_TRAINING)
    row = session.scalars(sa.select(TrainingScenario).where(TrainingScenario.key == key)).first()
    if row is None:
        raise NotFoundError(f"no scenario with key {key!r}")
    session.delete(row)
    session.flush()


def replace_all(session: Session, scenarios: list[Scenario]) -> tuple[int, int]:
    """Add new scenarios and update those with the same key, in the caller's transaction.
    Returns (added, updated). Permission is checked by the caller."""
    existing = {row.key: row for row in session.scalars(sa.select(TrainingScenario))}
    added = updated = 0
    for scenario in scenarios:
        row = existing.get(scenario.key)
        if row is None:
            row = TrainingScenario()
            session.add(row)
            added += 1
        else:
            updated += 1
        _fill(row, scenario)
    session.flush()
    return added, updated


def load_shipped_scenarios(session: Session) -> int:
    """Add the example scenarios that are not there yet (by key); edits are kept."""
    existing = set(session.scalars(sa.select(TrainingScenario.key)))
    missing = [s for s in shipped_scenarios() if s.key not in existing]
    replace_all(session, missing)
    return len(missing)


@dataclass(frozen=True)
class DirectoryNames:
    """What the directory holds, for checking scenarios against it."""

    services: dict[str, ServiceStatus]
    red_flags: set[str]
    #: Service names and protocol titles by key, for showing expectations to people.
    titles: dict[str, str]

    @classmethod
    def read(cls, session: Session) -> DirectoryNames:
        services = session.execute(sa.select(Service.key, Service.status, Service.name)).all()
        flags = session.execute(sa.select(RedFlagProtocol.key, RedFlagProtocol.title)).all()
        titles = {key: name for key, _, name in services} | dict(flags)
        return cls({key: status for key, status, _ in services}, {k for k, _ in flags}, titles)

    def missing(self, scenario: Scenario) -> list[str]:
        """What the scenario names that this directory lacks (or has retired)."""
        problems = []
        for key in scenario.expected.services:
            status = self.services.get(key)
            if status is None:
                problems.append(f"service {key!r} is not in the directory")
            elif status is ServiceStatus.RETIRED:
                problems.append(f"service {key!r} is retired")
        problems.extend(
            f"red flag {key!r} is not in the directory"
            for key in scenario.expected.red_flags
            if key not in self.red_flags
        )
        return problems
