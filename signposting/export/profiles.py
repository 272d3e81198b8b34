"""The two documented CSV profiles: their columns, date and time formats and labels.

See ``docs/export-formats.md``. Dates and times are UK local time (Europe/London).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from signposting.domain import Channel, Outcome


class Profile(StrEnum):
    EMIS = "emis"
    SYSTMONE = "systmone"


class Column(StrEnum):
    """What a column holds; each profile names and orders them its own way."""

    DATE = "date"
    TIME = "time"
    ODS_CODE = "ods_code"
    STAFF = "staff"
    SERVICE = "service"
    CODE = "code"
    TERM = "term"
    OUTCOME = "outcome"
    CHANNEL = "channel"
    AGE_BAND = "age_band"


@dataclass(frozen=True)
class ProfileLayout:
    profile: Profile
    title: str
    headers: tuple[tuple[Column, str], ...]
    date_format: str = "%d/%m/%Y"
    time_format: str = "%H:%M"


LAYOUTS = {
    Profile.EMIS: ProfileLayout(
        Profile.EMIS,
        "EMIS Web",
        (
            (Column.DATE, "Date"),
            (Column.TIME, "Time"),
            (Column.ODS_CODE, "Organisation ODS Code"),
            (Column.STAFF, "Recorded By"),
            (Column.SERVICE, "Signposted To"),
            (Column.CODE, "SNOMED CT Concept ID"),
            (Column.TERM, "SNOMED CT Term"),
            (Column.OUTCOME, "Outcome"),
            (Column.CHANNEL, "Channel"),
            (Column.AGE_BAND, "Age Band"),
        ),
    ),
    Profile.SYSTMONE: ProfileLayout(
        Profile.SYSTMONE,
        "SystmOne",
        (
            (Column.ODS_CODE, "Practice Code"),
            (Column.DATE, "Event Date"),
            (Column.TIME, "Event Time"),
            (Column.SERVICE, "Service"),
            (Column.CODE, "Code"),
            (Column.TERM, "Code Description"),
            (Column.OUTCOME, "Outcome"),
            (Column.CHANNEL, "Contact Type"),
            (Column.AGE_BAND, "Age Band"),
            (Column.STAFF, "Staff Member"),
        ),
    ),
}

OUTCOME_LABELS = {
    Outcome.ACCEPTED: "Accepted",
    Outcome.DECLINED: "Declined",
    Outcome.RED_FLAG_ESCALATED: "Red flag escalated",
    Outcome.NO_SUITABLE_SERVICE: "No suitable service",
    Outcome.BOOKED_CLINICIAN: "Booked with clinician",
}
CHANNEL_LABELS = {
    Channel.PHONE: "Telephone",
    Channel.IN_PERSON: "Face to face",
    Channel.ONLINE: "Online",
}


class Encoding(StrEnum):
    """UTF-8 with a byte-order mark (Excel reads it as UTF-8), or Windows-1252 for old tools."""

    UTF8_BOM = "utf-8-sig"
    CP1252 = "cp1252"
