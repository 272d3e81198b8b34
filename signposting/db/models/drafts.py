"""Red-flag protocol and thesaurus changes waiting for a clinician's sign-off."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from signposting.db.base import Base, UTCDateTime, enum_type, utc_now
from signposting.db.models.directory import RedFlagProtocol
from signposting.db.models.organisation import StaffMember
from signposting.domain import ThesaurusChangeKind, Urgency
from signposting.labels import concept_label


class RedFlagDraft(Base):
    """A proposed new protocol or change to one. The desk keeps using the signed-off protocol
    until a clinician signs this off; ``protocol_id`` is None for a new protocol."""

    __tablename__ = "red_flag_draft"

    id: Mapped[int] = mapped_column(primary_key=True)
    protocol_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("red_flag_protocol.id", ondelete="CASCADE"), index=True
    )
    key: Mapped[str] = mapped_column(sa.String(80))
    title: Mapped[str] = mapped_column(sa.String(200))
    symptoms: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    rules: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    modifiers: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON, default=list)
    examples: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    urgency: Mapped[Urgency] = mapped_column(enum_type(Urgency, "draft_urgency"))
    action: Mapped[str] = mapped_column(sa.String(300))
    script: Mapped[str] = mapped_column(sa.Text, default="")
    note: Mapped[str] = mapped_column(sa.Text, default="")
    drafted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_member.id"))
    drafted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    signed_off_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_member.id"))
    signed_off_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    rejected_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    protocol: Mapped[RedFlagProtocol | None] = relationship()
    drafted_by: Mapped[StaffMember | None] = relationship(foreign_keys=[drafted_by_id])
    signed_off_by: Mapped[StaffMember | None] = relationship(foreign_keys=[signed_off_by_id])

    @property
    def is_pending(self) -> bool:
        return self.signed_off_at is None and self.rejected_at is None


class ThesaurusChange(Base):
    """A practice's change to the red-flag thesaurus: a term added to or removed from a concept,
    or words to treat alike. Like a protocol change it is used at the desk only once a clinician
    signs it off, since it changes what every protocol recognises."""

    __tablename__ = "thesaurus_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[ThesaurusChangeKind] = mapped_column(
        enum_type(ThesaurusChangeKind, "thesaurus_change_kind")
    )
    concept: Mapped[str | None] = mapped_column(sa.String(80))
    terms: Mapped[list[str]] = mapped_column(sa.JSON)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    drafted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_member.id"))
    drafted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    signed_off_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("staff_member.id"))
    signed_off_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    rejected_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    drafted_by: Mapped[StaffMember | None] = relationship(foreign_keys=[drafted_by_id])
    signed_off_by: Mapped[StaffMember | None] = relationship(foreign_keys=[signed_off_by_id])

    @property
    def is_pending(self) -> bool:
        return self.signed_off_at is None and self.rejected_at is None

    def describe(self) -> str:
        """The change in a line, as the editor and the audit log show it."""
        words = ", ".join(f"\u201c{term}\u201d" for term in self.terms)
        concept = f"{concept_label(self.concept)} ({self.concept})" if self.concept else ""
        if self.kind is ThesaurusChangeKind.ADD:
            return f"add {words} to {concept}"
        if self.kind is ThesaurusChangeKind.REMOVE:
            return f"remove {words} from {concept}"
        return f"treat {words} alike"
