"""Vocabularies of the data model: urgency, outcomes, channels, roles, statuses, age bands."""

from __future__ import annotations

from enum import StrEnum


class Urgency(StrEnum):
    """What a red flag requires, most urgent first; the order is the escalation order."""

    EMERGENCY_999 = "emergency_999"
    EMERGENCY_DEPARTMENT = "emergency_department"
    URGENT_SAME_DAY = "urgent_same_day"
    URGENT_111 = "urgent_111"

    @property
    def rank(self) -> int:
        """0 for the most urgent; lower sorts first."""
        return list(Urgency).index(self)

    @property
    def label(self) -> str:
        return _URGENCY_LABELS[self]


_URGENCY_LABELS = {
    Urgency.EMERGENCY_999: "Call 999 now",
    Urgency.EMERGENCY_DEPARTMENT: "Go to A&E now",
    Urgency.URGENT_SAME_DAY: "Urgent: same-day clinician",
    Urgency.URGENT_111: "Urgent: NHS 111 today",
}


class ThesaurusChangeKind(StrEnum):
    """What a practice's change to the red-flag thesaurus does."""

    ADD = "add"
    REMOVE = "remove"
    SYNONYMS = "synonyms"


class Outcome(StrEnum):
    """What happened at the end of the call."""

    ACCEPTED = "accepted"
    DECLINED = "declined"
    RED_FLAG_ESCALATED = "red_flag_escalated"
    NO_SUITABLE_SERVICE = "no_suitable_service"
    BOOKED_CLINICIAN = "booked_clinician"


class Channel(StrEnum):
    """How the patient reached the practice."""

    PHONE = "phone"
    IN_PERSON = "in_person"
    ONLINE = "online"


class Role(StrEnum):
    """What a member of staff may do."""

    RECEPTIONIST = "receptionist"
    MANAGER = "manager"
    CLINICIAN = "clinician"
    TRAINER = "trainer"


class ServiceStatus(StrEnum):
    """Whether a directory entry can be offered."""

    ACTIVE = "active"
    TEMPORARILY_CLOSED = "temporarily_closed"
    RETIRED = "retired"


class AccessMethod(StrEnum):
    """How a patient gets to a service."""

    SELF_REFERRAL_PHONE = "self_referral_phone"
    SELF_REFERRAL_WEBSITE = "self_referral_website"
    WALK_IN = "walk_in"
    PRACTICE_REFERRAL = "practice_referral"

    @property
    def label(self) -> str:
        return _ACCESS_LABELS[self]


_ACCESS_LABELS = {
    AccessMethod.SELF_REFERRAL_PHONE: "Self-referral by phone",
    AccessMethod.SELF_REFERRAL_WEBSITE: "Self-referral online",
    AccessMethod.WALK_IN: "Walk in",
    AccessMethod.PRACTICE_REFERRAL: "Practice referral",
}


class AgeBand(StrEnum):
    """Coarse age bands: enough for analysis, never enough to identify a patient."""

    UNDER_1 = "under-1"
    AGE_1_4 = "1-4"
    AGE_5_11 = "5-11"
    AGE_12_15 = "12-15"
    AGE_16_17 = "16-17"
    AGE_18_24 = "18-24"
    AGE_25_44 = "25-44"
    AGE_45_64 = "45-64"
    AGE_65_74 = "65-74"
    AGE_75_PLUS = "75+"

    @classmethod
    def for_age(cls, years: int) -> AgeBand:
        """The band holding an age in whole years."""
        if years < 0:
            raise ValueError("age cannot be negative")
        for band, upper in _BAND_UPPER_LIMITS:
            if years <= upper:
                return band
        return cls.AGE_75_PLUS


_BAND_UPPER_LIMITS = [
    (AgeBand.UNDER_1, 0),
    (AgeBand.AGE_1_4, 4),
    (AgeBand.AGE_5_11, 11),
    (AgeBand.AGE_12_15, 15),
    (AgeBand.AGE_16_17, 17),
    (AgeBand.AGE_18_24, 24),
    (AgeBand.AGE_25_44, 44),
    (AgeBand.AGE_45_64, 64),
    (AgeBand.AGE_65_74, 74),
]


class ScenarioCategory(StrEnum):
    """What a training scenario practises."""

    COMMON = "common"
    ELIGIBILITY = "eligibility"
    RED_FLAG = "red_flag"

    @property
    def label(self) -> str:
        return _CATEGORY_LABELS[self]


_CATEGORY_LABELS = {
    ScenarioCategory.COMMON: "Common signpost",
    ScenarioCategory.ELIGIBILITY: "Tricky eligibility",
    ScenarioCategory.RED_FLAG: "Red flag",
}


class AuditAction(StrEnum):
    """Kinds of change kept in the audit log."""

    CREATED = "created"
    UPDATED = "updated"
    DELETED = "deleted"
