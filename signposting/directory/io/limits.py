"""Limits on what a directory import reads, for every format, in one place.

They bound the memory and time a file can take and refuse values no real directory holds, so a
hostile or broken file is refused with a Problem rather than exhausting the machine.
"""

from __future__ import annotations

#: Largest single file (CSV, JSON, or one file of a data package), in bytes.
MAX_FILE_BYTES = 50 * 1024 * 1024
#: Largest data package: every file it lists, together with ``datapackage.json``.
MAX_PACKAGE_BYTES = 50 * 1024 * 1024
#: Longest text in one cell or field, in characters (below the csv module's own 131,072
#: limit, so an over-long cell is named by this check). Columns with a set size in the
#: database (``sa.String(n)``) are held to that size instead.
MAX_FIELD_CHARS = 100_000
#: Deepest nesting of lists and objects in JSON (ORUK nests services five or six deep).
MAX_JSON_DEPTH = 32
#: Most services (rows or items) in one import.
MAX_ROWS = 20_000
#: Most entries in one list field (keywords, conditions, closures, opening sessions …).
MAX_LIST_ITEMS = 1_000
#: Longest review interval a service can have, in days (about ten years).
MAX_REVIEW_INTERVAL_DAYS = 3_660
#: An import "retires many" when it would retire more than this many current services …
RETIRE_WARNING_COUNT = 5
#: … and more than this share of them: the preview says so and the import asks first.
RETIRE_WARNING_SHARE = 0.10
#: Most bytes a live feed may send in all (every page and every service fetched one by one).
MAX_FEED_BYTES = 100 * 1024 * 1024
#: Most pages of a live feed's service list that are followed.
MAX_FEED_PAGES = 1_000
