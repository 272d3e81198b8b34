"""Typed SQLAlchemy models of the data model; the schema itself comes from Alembic migrations."""

from signposting.db.base import Base
from signposting.db.models.analysis import (
    ImportedCount,
    NationalAppointmentCount,
    SavingsAssumptions,
    ServiceCode,
)
from signposting.db.models.audit import AuditEntry
from signposting.db.models.directory import RedFlagProtocol, Service
from signposting.db.models.drafts import RedFlagDraft, ThesaurusChange
from signposting.db.models.feeds import DirectoryFeed, FeedChange, FeedChangeKind
from signposting.db.models.organisation import Network, Practice, SignInThrottle, StaffMember
from signposting.db.models.records import SignpostRecord
from signposting.db.models.training import (
    GoLivePlan,
    ReadinessTick,
    Rehearsal,
    RehearsalCall,
    TrainingCopy,
    TrainingScenario,
)
from signposting.db.models.upkeep import PracticeServiceSetting, ServiceFlag
from signposting.db.models.vocabulary import LayTermGroup

__all__ = [
    "AuditEntry",
    "Base",
    "DirectoryFeed",
    "FeedChange",
    "FeedChangeKind",
    "GoLivePlan",
    "ImportedCount",
    "LayTermGroup",
    "NationalAppointmentCount",
    "Network",
    "Practice",
    "PracticeServiceSetting",
    "ReadinessTick",
    "RedFlagDraft",
    "RedFlagProtocol",
    "Rehearsal",
    "RehearsalCall",
    "SavingsAssumptions",
    "Service",
    "ServiceCode",
    "ServiceFlag",
    "SignInThrottle",
    "SignpostRecord",
    "StaffMember",
    "ThesaurusChange",
    "TrainingCopy",
    "TrainingScenario",
]
