"""Rehearsal results per trainee and for the team: scores, missed red flags first, what to
practise next, and progress over earlier rehearsals."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from statistics import mean

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.db.models import Rehearsal, RehearsalCall, StaffMember
from signposting.domain import ScenarioCategory
from signposting.errors import NotFoundError
from signposting.training.scoring import PASS_MARK, SLOW_SECONDS


@dataclass(frozen=True)
class CallResult:
    position: int
    scenario_key: str
    title: str
    category: ScenarioCategory
    hidden_red_flag: bool
    points: int
    verdict: str
    missed_red_flag: bool
    decision_right: bool
    urgency_right: bool
    seconds: float | None
    teaching_points: tuple[str, ...]

    @property
    def expected_escalation(self) -> bool:
        return self.category is ScenarioCategory.RED_FLAG


@dataclass(frozen=True)
class TraineeResult:
    trainee_id: int
    name: str
    calls: list[CallResult]

    @property
    def mean_points(self) -> float:
        return mean(c.points for c in self.calls) if self.calls else 0.0

    @property
    def missed_red_flags(self) -> list[CallResult]:
        return [c for c in self.calls if c.missed_red_flag]

    @property
    def wrong(self) -> list[CallResult]:
        return [c for c in self.calls if not c.decision_right and not c.missed_red_flag]

    @property
    def passed(self) -> bool:
        return bool(self.calls) and self.mean_points >= PASS_MARK and not self.missed_red_flags

    @property
    def median_seconds(self) -> float | None:
        times = sorted(c.seconds for c in self.calls if c.seconds is not None)
        return times[len(times) // 2] if times else None

    def practise_next(self) -> list[str]:
        """Advice from what went wrong, most important first."""
        advice: list[str] = []
        if self.missed_red_flags:
            hidden = any(c.hidden_red_flag for c in self.missed_red_flags)
            advice.append(
                "Red flags: ask the safety questions on every call"
                + (
                    ", and always ask 'is there anything else?' before signposting"
                    if hidden
                    else ""
                )
                + "."
            )
        categories = {c.category for c in self.wrong}
        if ScenarioCategory.ELIGIBILITY in categories:
            advice.append(
                "Eligibility: type the age, and read the age band, exclusions and any closure "
                "alert on the service card before signposting."
            )
        if ScenarioCategory.COMMON in categories:
            advice.append("Everyday signposts: rehearse the common services and their keywords.")
        if any(
            c.decision_right and not c.urgency_right for c in self.calls if c.expected_escalation
        ):
            advice.append("Urgency: check the protocol's urgency before recording an escalation.")
        slow = [c for c in self.calls if c.seconds is not None and c.seconds >= SLOW_SECONDS]
        if slow:
            advice.append(
                f"Speed: {len(slow)} call(s) took {SLOW_SECONDS:.0f} s or more; practise "
                "finding services with the caller's own words."
            )
        for call in self.missed_red_flags + self.wrong:
            advice.extend(p for p in call.teaching_points if p not in advice)
        return advice or ["Keep it up: try the shuffled scenarios with a new colleague."]


@dataclass(frozen=True)
class HistoryPoint:
    rehearsal_id: int
    started_at: datetime
    mean_points: float
    missed_red_flags: int
    passed: bool


@dataclass
class RehearsalResults:
    rehearsal_id: int
    practice_name: str
    trainer: str
    started_at: datetime
    trainees: list[TraineeResult]
    history: dict[int, list[HistoryPoint]] = field(default_factory=dict)
    unplayed: int = 0

    @property
    def team_mean(self) -> float:
        calls = [c.points for t in self.trainees for c in t.calls]
        return mean(calls) if calls else 0.0

    @property
    def team_missed(self) -> list[tuple[str, CallResult]]:
        return [(t.name, c) for t in self.trainees for c in t.missed_red_flags]

    def most_missed(self) -> list[tuple[str, int]]:
        """Scenarios most often got wrong across the team."""
        counts: dict[str, int] = defaultdict(int)
        for trainee in self.trainees:
            for call in trainee.calls:
                if not call.decision_right:
                    counts[call.title] += 1
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _call_result(call: RehearsalCall) -> CallResult:
    copy = call.scenario_copy
    return CallResult(
        call.position,
        call.scenario_key,
        call.scenario_title,
        call.category,
        bool(copy.get("hidden_red_flag")),
        call.points or 0,
        call.verdict,
        bool(call.missed_red_flag),
        bool(call.decision_right),
        bool(call.urgency_right),
        call.seconds,
        tuple(copy.get("teaching_points") or ()),
    )


def _trainee_results(calls: list[RehearsalCall]) -> list[TraineeResult]:
    by_trainee: dict[int, list[RehearsalCall]] = defaultdict(list)
    for call in calls:
        if call.points is not None:
            by_trainee[call.trainee_id].append(call)
    return sorted(
        (
            TraineeResult(trainee_id, rows[0].trainee.name, [_call_result(c) for c in rows])
            for trainee_id, rows in by_trainee.items()
        ),
        key=lambda result: result.name,
    )


def rehearsal_results(session: Session, rehearsal_id: int) -> RehearsalResults:
    rehearsal = session.get(Rehearsal, rehearsal_id)
    if rehearsal is None:
        raise NotFoundError(f"no rehearsal with id {rehearsal_id}")
    trainees = _trainee_results(list(rehearsal.calls))
    history = {t.trainee_id: trainee_history(session, t.trainee_id) for t in trainees}
    return RehearsalResults(
        rehearsal.id,
        rehearsal.practice.name,
        rehearsal.trainer.name if rehearsal.trainer else "",
        rehearsal.started_at,
        trainees,
        history,
        sum(1 for c in rehearsal.calls if c.points is None),
    )


def trainee_history(session: Session, trainee_id: int) -> list[HistoryPoint]:
    """Every rehearsal the trainee has scored calls in, oldest first."""
    calls = session.scalars(
        sa.select(RehearsalCall)
        .join(Rehearsal)
        .where(RehearsalCall.trainee_id == trainee_id, RehearsalCall.points.is_not(None))
        .order_by(Rehearsal.started_at, RehearsalCall.position)
    ).all()
    by_rehearsal: dict[int, list[RehearsalCall]] = defaultdict(list)
    for call in calls:
        by_rehearsal[call.rehearsal_id].append(call)
    points = []
    for rehearsal_id, rows in by_rehearsal.items():
        result = TraineeResult(trainee_id, "", [_call_result(c) for c in rows])
        points.append(
            HistoryPoint(
                rehearsal_id,
                rows[0].rehearsal.started_at,
                result.mean_points,
                len(result.missed_red_flags),
                result.passed,
            )
        )
    return points


def latest_standing(session: Session, staff_ids: list[int]) -> dict[int, HistoryPoint | None]:
    """Each member of staff's most recent rehearsal result (None: never rehearsed)."""
    return {
        staff_id: (history[-1] if (history := trainee_history(session, staff_id)) else None)
        for staff_id in staff_ids
    }


def trainee_name(session: Session, trainee_id: int) -> str:
    member = session.get(StaffMember, trainee_id)
    if member is None:
        raise NotFoundError(f"no member of staff with id {trainee_id}")
    return member.name
