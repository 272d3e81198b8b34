"""What importing a feed would do, in words, for the command line and the window alike.

A feed import adds and changes services; it retires those the feed lacks only when the manager
asks, so the preview says which would stay and how to retire them.
"""

from __future__ import annotations

from signposting.directory.io.importer import ImportPreview


def feed_summary(plan: ImportPreview, retire_missing: bool) -> str:
    text = f"{len(plan.new)} new, {len(plan.changed)} changed, {plan.unchanged} unchanged"
    missing = len(plan.to_retire)
    if not missing:
        return text
    if retire_missing:
        return f"{text}, {missing} to retire (not in the feed)"
    return f"{text}; {missing} not in the feed stay as they are"


def feed_preview_lines(
    plan: ImportPreview, retire_missing: bool, limit: int | None = None
) -> list[str]:
    """One line per service added, changed, or left out of the feed; each group cut to
    ``limit`` lines with a count of the rest."""
    groups = [
        [f"new: {service.values['name']}" for service in plan.new],
        [
            f"changed: {service.values['name']} ({', '.join(fields)})"
            for service, fields in plan.changed
        ],
    ]
    if retire_missing:
        groups.append([f"to retire: {name}" for name in plan.to_retire])
    else:
        groups.append([f"not in the feed, kept: {name}" for name in plan.to_retire])
    lines: list[str] = []
    for group in groups:
        shown = group if limit is None else group[:limit]
        lines += shown
        if len(group) > len(shown):
            lines.append(f"  … and {len(group) - len(shown)} more")
    return lines


def feed_retire_warning(plan: ImportPreview, retire_missing: bool) -> str:
    """The import's warning about retiring many services, when this import would retire."""
    return plan.retire_warning() if retire_missing else ""
