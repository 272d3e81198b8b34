"""Rehearsal sessions: deal scenarios to trainees, time each call, read the trainee's decision
from the training database and keep the score in the live one."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.accounts.permissions import Permission, require
from signposting.db.base import utc_now
from signposting.db.engine import Database
from signposting.db.models import (
    RedFlagProtocol,
    Rehearsal,
    RehearsalCall,
    Service,
    SignpostRecord,
    StaffMember,
)
from signposting.errors import NotFoundError, ValidationError
from signposting.training.scenarios import Scenario, scenario_from_dict
from signposting.training.scoring import CallScore, Decision, score_call
from signposting.training.store import DirectoryNames

MAX_CALLS_EACH = 50


def deal(
    scenarios: Sequence[Scenario],
    trainee_ids: Sequence[int],
    calls_each: int,
    *,
    shuffled: bool = False,
    seed: int | None = None,
) -> list[tuple[int, Scenario]]:
    """Calls in playing order, trainees taking turns, each trainee hearing different scenarios
    where there are enough. Shuffled, every trainee still gets a red-flag call when there is one
    and they take three or more calls."""
    if not scenarios:
        raise ValidationError("there are no scenarios to deal")
    if not trainee_ids:
        raise ValidationError("choose at least one trainee")
    if not 1 <= calls_each <= MAX_CALLS_EACH:
        raise ValidationError(f"calls per trainee must be 1 to {MAX_CALLS_EACH}")
    pool = list(scenarios)
    if shuffled:
        random.Random(seed).shuffle(pool)
    count = len(trainee_ids)
    hands = [
        [pool[(turn + count * call) % len(pool)] for call in range(calls_each)]
        for turn in range(count)
    ]
    if shuffled and calls_each >= 3:
        _give_each_a_red_flag(hands, pool)
    return [
        (trainee_ids[turn], hands[turn][call])
        for call in range(calls_each)
        for turn in range(count)
    ]


def _give_each_a_red_flag(hands: list[list[Scenario]], pool: list[Scenario]) -> None:
    red_flags = [s for s in pool if s.expected.is_red_flag]
    for number, hand in enumerate(hands):
        if red_flags and not any(s.expected.is_red_flag for s in hand):
            unused = [s for s in red_flags if s not in hand]
            hand[-1] = (unused or red_flags)[number % len(unused or red_flags)]


def start_rehearsal(
    session: Session,
    actor: StaffMember | None,
    practice_id: int,
    dealt: list[tuple[int, Scenario]],
    *,
    shuffled: bool = False,
) -> int:
    """Store a new rehearsal with its dealt calls; returns its id."""
    trainer = require(actor, Permission.RUN_TRAINING)
    trainee_ids = {trainee for trainee, _ in dealt}
    found = set(
        session.scalars(
            sa.select(StaffMember.id).where(
                StaffMember.id.in_(trainee_ids),
                StaffMember.active.is_(True),
                StaffMember.practice_id == practice_id,
            )
        )
    )
    if found != trainee_ids:
        raise ValidationError("every trainee must be active staff of this practice")
    rehearsal = Rehearsal(practice_id=practice_id, trainer_id=trainer.id, shuffled=shuffled)
    rehearsal.calls = [
        RehearsalCall(
            position=position,
            trainee_id=trainee,
            scenario_id=scenario.id,
            scenario_key=scenario.key,
            scenario_title=scenario.title,
            category=scenario.category,
            scenario_copy=scenario.to_dict(),
        )
        for position, (trainee, scenario) in enumerate(dealt, start=1)
    ]
    session.add(rehearsal)
    session.flush()
    return rehearsal.id


@dataclass(frozen=True)
class CallView:
    """One dealt call as the trainer's script view shows it."""

    id: int
    position: int
    total: int
    trainee_id: int
    trainee_name: str
    scenario: Scenario
    started_at: datetime | None
    points: int | None
    verdict: str

    @property
    def scored(self) -> bool:
        return self.points is not None


def _view(call: RehearsalCall, total: int) -> CallView:
    scenario, _ = scenario_from_dict(call.scenario_copy, "rehearsal", call.position)
    assert scenario is not None, "a dealt scenario was checked when it was saved"
    return CallView(
        call.id,
        call.position,
        total,
        call.trainee_id,
        call.trainee.name,
        scenario,
        call.started_at,
        call.points,
        call.verdict,
    )


def rehearsal_calls(live: Database, rehearsal_id: int) -> list[CallView]:
    """Every dealt call of a rehearsal, in playing order."""
    with live.unit_of_work() as session:
        if session.get(Rehearsal, rehearsal_id) is None:
            raise NotFoundError(f"no rehearsal with id {rehearsal_id}")
        rows = session.scalars(
            sa.select(RehearsalCall)
            .where(RehearsalCall.rehearsal_id == rehearsal_id)
            .order_by(RehearsalCall.position)
        ).all()
        return [_view(row, len(rows)) for row in rows]


class RehearsalRunner:
    """Plays one rehearsal: each step is its own transaction, so a closed window or a crash
    resumes at the first call not yet scored."""

    def __init__(self, live: Database, training: Database, rehearsal_id: int) -> None:
        self.live, self.training, self.rehearsal_id = live, training, rehearsal_id
        with live.unit_of_work() as session:
            if session.get(Rehearsal, rehearsal_id) is None:
                raise NotFoundError(f"no rehearsal with id {rehearsal_id}")

    def calls(self) -> list[CallView]:
        return rehearsal_calls(self.live, self.rehearsal_id)

    def current(self) -> CallView | None:
        """The first call not yet scored (None: the rehearsal is complete)."""
        return next((call for call in self.calls() if not call.scored), None)

    def begin_call(self, now: datetime | None = None) -> CallView:
        """Start the clock on the current call (the trainer reads the opening line)."""
        current = self.current()
        if current is None:
            raise ValidationError("every call in this rehearsal has been scored")
        with self.live.unit_of_work() as session:
            call = session.get_one(RehearsalCall, current.id)
            call.started_at = now or utc_now()
        return self.current() or current

    def decision(self, now: datetime | None = None) -> Decision | None:
        """The trainee's latest record at a training desk since the call began, if any."""
        current = self.current()
        if current is None or current.started_at is None:
            return None
        return find_decision(self.training, current.trainee_id, current.started_at)

    def others_recording(self) -> list[str]:
        """Who else recorded at a training desk since the current call began (a trainee at
        the wrong name, usually). A record without a name is not here: it counts as the
        trainee's (see ``find_decision``)."""
        current = self.current()
        if current is None or current.started_at is None:
            return []
        with self.training.unit_of_work() as session:
            rows = session.execute(
                sa.select(StaffMember.name)
                .select_from(SignpostRecord)
                .join(StaffMember, StaffMember.id == SignpostRecord.staff_id)
                .where(
                    SignpostRecord.recorded_at >= current.started_at,
                    SignpostRecord.staff_id != current.trainee_id,
                )
                .distinct()
            )
            return sorted(name for (name,) in rows)

    def score(self, decision: Decision | None = None, now: datetime | None = None) -> CallScore:
        """Score the current call on ``decision`` (default: what the training desk recorded,
        or no decision) and move on."""
        current = self.current()
        if current is None:
            raise ValidationError("every call in this rehearsal has been scored")
        moment = now or utc_now()
        if decision is None:
            decision = self.decision(moment)
        if decision is None:
            waited = (moment - current.started_at).total_seconds() if current.started_at else None
            decision = Decision.none(waited)
        with self.training.unit_of_work() as session:
            titles = DirectoryNames.read(session).titles
        result = score_call(current.scenario.expected, decision, titles)
        with self.live.unit_of_work() as session:
            call = session.get_one(RehearsalCall, current.id)
            call.started_at = call.started_at or moment
            call.scored_at = moment
            call.outcome = decision.outcome
            call.service_key = decision.service_key
            call.red_flag_key = decision.red_flag_key
            call.urgency = decision.urgency
            call.seconds = decision.seconds
            call.decision_right = result.decision_right
            call.urgency_right = result.urgency_right
            call.missed_red_flag = result.missed_red_flag
            call.points = result.points
            call.verdict = result.verdict
            if not session.scalar(
                sa.select(sa.func.count())
                .select_from(RehearsalCall)
                .where(
                    RehearsalCall.rehearsal_id == self.rehearsal_id,
                    RehearsalCall.points.is_(None),
                    RehearsalCall.id != call.id,
                )
            ):
                session.get_one(Rehearsal, self.rehearsal_id).finished_at = moment
        return result


def find_decision(training: Database, trainee_id: int, since: datetime) -> Decision | None:
    """The latest signpost the trainee recorded in the training database since ``since``
    (an undone record is gone, so the one that stands is what counts). A record made at a
    training desk where no one chose a name is the trainee's: the call was dealt to them."""
    with training.unit_of_work() as session:
        row = session.execute(
            sa.select(
                SignpostRecord.recorded_at,
                SignpostRecord.outcome,
                Service.key,
                RedFlagProtocol.key,
                RedFlagProtocol.urgency,
            )
            .outerjoin(Service, Service.id == SignpostRecord.service_id)
            .outerjoin(RedFlagProtocol, RedFlagProtocol.id == SignpostRecord.red_flag_id)
            .where(
                sa.or_(SignpostRecord.staff_id == trainee_id, SignpostRecord.staff_id.is_(None)),
                SignpostRecord.recorded_at >= since,
            )
            .order_by(SignpostRecord.recorded_at.desc(), SignpostRecord.id.desc())
            .limit(1)
        ).first()
    if row is None:
        return None
    recorded_at, outcome, service_key, red_flag_key, urgency = row
    seconds = max(0.0, (recorded_at - since).total_seconds())
    return Decision(outcome, service_key, red_flag_key, urgency, seconds)
