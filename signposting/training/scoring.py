"""Scoring one rehearsal call: right service or right escalation, urgency, missed red flag and
time to decision. A missed red flag scores nothing, whatever else was right."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from signposting.domain import Outcome, Urgency
from signposting.training.scenarios import Expectation

DECISION_POINTS = 70
URGENCY_POINTS = 20
SPEED_POINTS = 10
#: A decision within this many seconds gets every speed point; none at ``SLOW_SECONDS``.
QUICK_SECONDS = 60.0
SLOW_SECONDS = 180.0
#: A trainee passes a rehearsal with this mean score and no missed red flag.
PASS_MARK = 80
SIGNPOSTED = (Outcome.ACCEPTED, Outcome.DECLINED)


@dataclass(frozen=True)
class Decision:
    """What the trainee recorded at the training desk (``outcome`` None: no decision)."""

    outcome: Outcome | None
    service_key: str | None = None
    red_flag_key: str | None = None
    urgency: Urgency | None = None
    seconds: float | None = None

    @classmethod
    def none(cls, seconds: float | None = None) -> Decision:
        return cls(None, seconds=seconds)

    def describe(self, titles: Mapping[str, str] | None = None) -> str:
        names = titles or {}
        if self.outcome is None:
            return "no decision recorded"
        if self.outcome is Outcome.RED_FLAG_ESCALATED:
            urgency = self.urgency.label if self.urgency else "unknown urgency"
            flag = names.get(self.red_flag_key or "", self.red_flag_key)
            return f"escalated red flag {flag} ({urgency})"
        if self.outcome in SIGNPOSTED:
            service = names.get(self.service_key or "", self.service_key)
            return f"signposted to {service} ({self.outcome.value})"
        return self.outcome.value.replace("_", " ")


@dataclass(frozen=True)
class CallScore:
    decision_right: bool
    urgency_right: bool
    missed_red_flag: bool
    points: int
    verdict: str


def speed_points(seconds: float | None) -> int:
    if seconds is None:
        return 0
    if seconds <= QUICK_SECONDS:
        return SPEED_POINTS
    if seconds >= SLOW_SECONDS:
        return 0
    share = (SLOW_SECONDS - seconds) / (SLOW_SECONDS - QUICK_SECONDS)
    return round(SPEED_POINTS * share)


def score_call(
    expected: Expectation, decision: Decision, titles: Mapping[str, str] | None = None
) -> CallScore:
    """Score one call against what the scenario expects (``titles`` name keys in verdicts)."""
    names = titles or {}
    if expected.urgency is not None:
        return _score_red_flag(expected, expected.urgency, decision, names)
    return _score_signpost(expected, decision, names)


def _score_red_flag(
    expected: Expectation, urgency: Urgency, decision: Decision, names: Mapping[str, str]
) -> CallScore:
    if decision.outcome is not Outcome.RED_FLAG_ESCALATED:
        verdict = (
            f"MISSED RED FLAG: should have escalated ({urgency.label}); "
            f"instead {decision.describe(names)}"
        )
        return CallScore(
            decision_right=False,
            urgency_right=False,
            missed_red_flag=True,
            points=0,
            verdict=verdict,
        )
    speed = speed_points(decision.seconds)
    recorded = decision.urgency
    protocol_note = ""
    if expected.red_flags and decision.red_flag_key not in expected.red_flags:
        protocol_note = f" (expected protocol {' or '.join(expected.red_flags)})"
    if recorded is urgency:
        return CallScore(
            decision_right=True,
            urgency_right=True,
            missed_red_flag=False,
            points=DECISION_POINTS + URGENCY_POINTS + speed,
            verdict=f"Right: escalated, {urgency.label}{protocol_note}",
        )
    if recorded is not None and recorded.rank < urgency.rank:
        return CallScore(
            decision_right=True,
            urgency_right=False,
            missed_red_flag=False,
            points=DECISION_POINTS + URGENCY_POINTS // 2 + speed,
            verdict=f"Escalated, but more urgently than needed ({recorded.label}; expected "
            f"{urgency.label}){protocol_note}: safe, but check the protocol",
        )
    said = recorded.label if recorded else "unknown"
    return CallScore(
        decision_right=True,
        urgency_right=False,
        missed_red_flag=False,
        points=DECISION_POINTS + speed,
        verdict=f"Escalated too low ({said}; expected {urgency.label}){protocol_note}",
    )


def _score_signpost(
    expected: Expectation, decision: Decision, names: Mapping[str, str]
) -> CallScore:
    speed = speed_points(decision.seconds)
    outcome = decision.outcome
    if outcome is Outcome.RED_FLAG_ESCALATED:
        return CallScore(
            decision_right=False,
            urgency_right=False,
            missed_red_flag=False,
            points=speed,
            verdict=f"Escalated a red flag ({decision.red_flag_key}) where "
            f"{expected.describe(names)} was right: safe when in doubt, but practise the questions "
            "that rule red flags out",
        )
    right = (outcome in SIGNPOSTED and decision.service_key in expected.services) or (
        outcome is not None and outcome in expected.outcomes
    )
    if right:
        return CallScore(
            decision_right=True,
            urgency_right=True,
            missed_red_flag=False,
            points=DECISION_POINTS + URGENCY_POINTS + speed,
            verdict=f"Right: {decision.describe(names)}",
        )
    return CallScore(
        decision_right=False,
        urgency_right=True,
        missed_red_flag=False,
        points=URGENCY_POINTS + speed,
        verdict=f"Not right: {decision.describe(names)}; expected {expected.describe(names)}",
    )
