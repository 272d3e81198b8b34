"""A practice's own additions to the shared lay vocabulary."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from signposting.db.base import Base, UTCDateTime, utc_now


class LayTermGroup(Base):
    """Words and phrases callers use for the same thing; the first is the one searched for."""

    __tablename__ = "lay_term_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    terms: Mapped[list[str]] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
