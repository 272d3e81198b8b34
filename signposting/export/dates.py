"""Reading the dates clinical systems and people write: 27/01/2026, 27-Jan-2026, 27 Jan 2026."""

from __future__ import annotations

import re
from datetime import date, datetime

_FORMATS = ("%d/%m/%Y", "%d-%b-%Y", "%d %b %Y", "%d %B %Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
_TIME_SUFFIX = re.compile(r"[ T]\d{1,2}:\d{2}(:\d{2})?$")


def parse_date(text: str) -> date:
    """A date in any of the layouts UK clinical exports use; ValueError names what was seen."""
    cleaned = _TIME_SUFFIX.sub("", " ".join(text.strip().split()))
    for layout in _FORMATS:
        try:
            return datetime.strptime(cleaned, layout).date()
        except ValueError:
            continue
    raise ValueError(
        f"{text!r} is not a date (expected dd/mm/yyyy, dd-Mmm-yyyy, '27 Jan 2026' or yyyy-mm-dd)"
    )
