"""The go-live readiness checklist, following the six keys: filled from the data where it can
be, ticked by hand where only a person knows, with the go-live date and a countdown."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from signposting.accounts.permissions import Permission, require
from signposting.db.models import (
    GoLivePlan,
    Practice,
    ReadinessTick,
    RedFlagProtocol,
    Service,
    ServiceCode,
    StaffMember,
)
from signposting.directory.editing import review_queue, under_review
from signposting.directory.opening import UK
from signposting.directory.red_flags import pending_drafts
from signposting.domain import Role, ServiceStatus
from signposting.errors import ValidationError
from signposting.training.results import latest_standing
from signposting.training.scoring import PASS_MARK

#: Items only a person can confirm: key, the six-keys number, and what it says.
MANUAL_ITEMS = {
    "services_consulted": (4, "The chosen services have been consulted and are ready"),
    "clinicians_attended": (5, "GPs and managers attended the face-to-face training"),
    "patients_told": (6, "Patients told: phone message, poster and website"),
}
MAX_LISTED = 12


@dataclass(frozen=True)
class ReadinessItem:
    key: str
    number: int
    title: str
    done: bool
    by_hand: bool
    details: list[str] = field(default_factory=list)

    @property
    def mark(self) -> str:
        return "[x]" if self.done else "[ ]"


@dataclass(frozen=True)
class Readiness:
    practice_name: str
    items: list[ReadinessItem]
    go_live_date: date | None
    senior_gp: str
    today: date

    @property
    def ready(self) -> bool:
        return all(item.done for item in self.items)

    @property
    def days_to_go(self) -> int | None:
        return (self.go_live_date - self.today).days if self.go_live_date else None

    def countdown(self) -> str:
        days = self.days_to_go
        if days is None:
            return "No go-live date set"
        when = f"{self.go_live_date:%A %d %B %Y}"
        if days > 1:
            return f"Go-live {when}: {days} days to go"
        if days == 1:
            return f"Go-live {when}: tomorrow"
        if days == 0:
            return f"Go-live {when}: today"
        return f"Went live {when}, {-days} day(s) ago"

    @property
    def missing(self) -> list[ReadinessItem]:
        return [item for item in self.items if not item.done]


def _listed(names: list[str]) -> list[str]:
    if len(names) <= MAX_LISTED:
        return names
    return [*names[:MAX_LISTED], f"and {len(names) - MAX_LISTED} more"]


def _directory_item(session: Session, today: date) -> ReadinessItem:
    # Counted over the services the review queue covers, so the queue is never "43 of 42".
    counted = sa.select(Service.status, sa.func.count()).where(under_review())
    by_status: dict[ServiceStatus, int] = dict(
        session.execute(counted.group_by(Service.status)).all()
    )
    active, in_use = by_status.get(ServiceStatus.ACTIVE, 0), sum(by_status.values())
    queue = review_queue(session, today)
    details = _listed([f"{service.name}: {'; '.join(why)}" for service, why in queue])
    if queue:
        closed = f" ({active} active, {in_use - active} closed for now)" if in_use > active else ""
        details.insert(0, f"{len(queue)} of {in_use} service(s) in use{closed} need checking")
    if not active:
        details.insert(0, "the directory has no active services")
    return ReadinessItem(
        "services_verified",
        1,
        "Service directory in place, every service verified",
        bool(active) and not queue,
        False,
        details,
    )


def _codes_item(session: Session, practice_id: int) -> ReadinessItem:
    mapped = set(
        session.scalars(
            sa.select(ServiceCode.service_id).where(ServiceCode.practice_id == practice_id)
        )
    )
    unmapped = session.scalars(
        sa.select(Service.name)
        .where(
            Service.status != ServiceStatus.RETIRED,
            sa.or_(Service.snomed_code.is_(None), Service.snomed_code == ""),
            Service.id.not_in(mapped) if mapped else sa.true(),
        )
        .order_by(Service.name)
    ).all()
    details = _listed([f"no export code: {name}" for name in unmapped])
    if unmapped:
        details.insert(0, f"{len(unmapped)} service(s) have no code for the clinical system")
    return ReadinessItem(
        "codes_mapped",
        2,
        "Signposts recorded and coded for EMIS Web / SystmOne export",
        not unmapped,
        False,
        details,
    )


def _red_flags_item(session: Session, today: date) -> ReadinessItem:
    details = []
    protocols = session.scalars(sa.select(RedFlagProtocol).order_by(RedFlagProtocol.title))
    for protocol in protocols:
        if not protocol.is_signed_off:
            details.append(f"not signed off by a clinician: {protocol.title}")
        elif protocol.review_date is not None and protocol.review_date < today:
            details.append(
                f"review overdue since {protocol.review_date:%d/%m/%Y}: {protocol.title}"
            )
    details.extend(f"draft awaiting sign-off: {d.title}" for d in pending_drafts(session))
    return ReadinessItem(
        "red_flags_signed_off",
        3,
        "Red-flag protocols written down and signed off by a GP",
        not details,
        False,
        _listed(details),
    )


def _training_item(session: Session, practice_id: int) -> ReadinessItem:
    receptionists = session.execute(
        sa.select(StaffMember.id, StaffMember.name)
        .where(
            StaffMember.practice_id == practice_id,
            StaffMember.active.is_(True),
            StaffMember.role == Role.RECEPTIONIST,
        )
        .order_by(StaffMember.name)
    ).all()
    standing = latest_standing(session, [member_id for member_id, _ in receptionists])
    details = []
    for member_id, name in receptionists:
        last = standing[member_id]
        if last is None:
            details.append(f"{name}: not rehearsed yet")
        elif last.missed_red_flags:
            details.append(
                f"{name}: missed {last.missed_red_flags} red flag(s) in the last rehearsal "
                f"({last.started_at:%d/%m/%Y})"
            )
        elif not last.passed:
            details.append(
                f"{name}: scored {last.mean_points:.0f} in the last rehearsal "
                f"(pass mark {PASS_MARK})"
            )
    if not receptionists:
        details.append("no active receptionists at this practice")
    return ReadinessItem(
        "receptionists_rehearsed",
        5,
        "Every receptionist rehearsed with a passing score and no missed red flag",
        not details,
        False,
        _listed(details),
    )


def _manual_items(session: Session, practice_id: int) -> list[ReadinessItem]:
    ticks = {
        tick.item: tick
        for tick in session.scalars(
            sa.select(ReadinessTick).where(ReadinessTick.practice_id == practice_id)
        )
    }
    items = []
    for key, (number, title) in MANUAL_ITEMS.items():
        tick = ticks.get(key)
        details = []
        if tick is not None and tick.done:
            details.append(f"ticked by {tick.ticked_by or 'someone'} on {tick.ticked_at:%d/%m/%Y}")
        if tick is not None and tick.note:
            details.append(tick.note)
        items.append(ReadinessItem(key, number, title, bool(tick and tick.done), True, details))
    return items


def _plan(session: Session, practice_id: int) -> GoLivePlan | None:
    return session.scalars(
        sa.select(GoLivePlan).where(GoLivePlan.practice_id == practice_id)
    ).first()


def readiness(session: Session, practice_id: int, today: date) -> Readiness:
    practice = session.get_one(Practice, practice_id)
    plan = _plan(session, practice_id)
    go_live = plan.go_live_date if plan else None
    date_item = ReadinessItem(
        "go_live_date",
        6,
        "A formal go-live date is set",
        go_live is not None,
        False,
        [f"{go_live:%d/%m/%Y}"] if go_live else ["set one with the go-live date"],
    )
    items = [
        _directory_item(session, today),
        _codes_item(session, practice_id),
        _red_flags_item(session, today),
        _training_item(session, practice_id),
        date_item,
        *_manual_items(session, practice_id),
    ]
    items.sort(key=lambda item: (item.number, item.by_hand))
    return Readiness(practice.name, items, go_live, plan.senior_gp if plan else "", today)


def tick(
    session: Session,
    actor: StaffMember | None,
    practice_id: int,
    item: str,
    *,
    done: bool = True,
    note: str = "",
) -> None:
    """Tick (or untick) a checklist item that only a person can confirm."""
    member = require(actor, Permission.RUN_TRAINING)
    if item not in MANUAL_ITEMS:
        raise ValidationError(
            f"{item!r} is worked out from the data; items ticked by hand: "
            + ", ".join(MANUAL_ITEMS)
        )
    row = session.scalars(
        sa.select(ReadinessTick).where(
            ReadinessTick.practice_id == practice_id, ReadinessTick.item == item
        )
    ).first()
    if row is None:
        row = ReadinessTick(practice_id=practice_id, item=item)
        session.add(row)
    row.done, row.note, row.ticked_by = done, note.strip(), member.name
    session.flush()


def set_go_live(
    session: Session,
    actor: StaffMember | None,
    practice_id: int,
    go_live_date: date | None,
    senior_gp: str | None = None,
) -> None:
    """Set the go-live date (None clears it) and, optionally, the GP who records the message."""
    require(actor, Permission.RUN_TRAINING)
    plan = _plan(session, practice_id)
    if plan is None:
        plan = GoLivePlan(practice_id=practice_id, senior_gp="")
        session.add(plan)
    plan.go_live_date = go_live_date
    if senior_gp is not None:
        plan.senior_gp = senior_gp.strip()[:120]
    session.flush()


def checked_at(moment: datetime) -> date:
    """The UK date of a moment, for 'today' in the checklist."""
    return moment.astimezone(UK).date()
