"""What a draft would change at the desk, worked out before a clinician signs it off.

Every protocol's examples and the tuning half of the shipped corpus are run twice, with the
protocols and thesaurus in force and with the draft applied. The result lists the calls the
draft newly recognises, the calls it no longer recognises, and routine calls that would newly
raise a banner (or would stop doing so). The held-out half is never used here: it stays a
measure of calls nobody tuned against.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from signposting.redflags.evaluation import desk_partial, load_half
from signposting.redflags.protocol import RedFlagEntry
from signposting.redflags.recogniser import Recogniser
from signposting.redflags.thesaurus import Thesaurus

#: Lines listed under each heading before "and N more".
SHOWN = 12


@dataclass(frozen=True)
class Call:
    """A call the protocols should raise (``key``) or must leave alone (``key`` empty)."""

    text: str
    key: str = ""
    source: str = ""


@dataclass
class Impact:
    gained: list[Call] = field(default_factory=list)
    lost: list[Call] = field(default_factory=list)
    new_false_alarms: list[Call] = field(default_factory=list)
    fixed_false_alarms: list[Call] = field(default_factory=list)
    calls: int = 0

    @property
    def harmful(self) -> bool:
        """Whether signing off would lose a recognised call or add a false alarm."""
        return bool(self.lost or self.new_false_alarms)

    def summary(self) -> str:
        return (
            f"Run over {self.calls} calls: {len(self.gained)} newly recognised, "
            f"{len(self.lost)} no longer recognised, {len(self.new_false_alarms)} new false "
            f"alarms, {len(self.fixed_false_alarms)} false alarms gone."
        )

    def lines(self) -> list[str]:
        """The summary and the calls under each heading, for a dialog or the terminal."""
        out = [self.summary()]
        for heading, calls in (
            ("No longer recognised", self.lost),
            ("New false alarms", self.new_false_alarms),
            ("Newly recognised", self.gained),
            ("False alarms gone", self.fixed_false_alarms),
        ):
            if calls:
                out.append(f"{heading}:")
                out += [
                    f"  \u201c{c.text}\u201d" + (f" ({c.key})" if c.key else "")
                    for c in calls[:SHOWN]
                ]
                if len(calls) > SHOWN:
                    out.append(f"  \u2026 and {len(calls) - SHOWN} more")
        return out


def calls_to_check(entries: Iterable[RedFlagEntry]) -> list[Call]:
    """Each protocol's own examples, then the tuning half of the shipped corpus."""
    calls = [Call(text, entry.key, "example") for entry in entries for text in entry.examples]
    corpus = load_half("tuning")
    calls += [Call(line.text, line.keys[0], line.source) for line in corpus.must_raise]
    calls += [Call(line.text, "", line.source) for line in corpus.must_not_raise]
    return calls


def _raised(recogniser: Recogniser, calls: Sequence[Call]) -> list[set[str]]:
    return [
        {
            f.entry.key
            for f in recogniser.recognise(c.text, last_partial=desk_partial(c.text)).banner
        }
        for c in calls
    ]


def impact(
    current: tuple[Thesaurus, list[RedFlagEntry]],
    proposed: tuple[Thesaurus, list[RedFlagEntry]],
    calls: Sequence[Call] | None = None,
) -> Impact:
    """Compare what the desk raises now with what it would raise with the draft."""
    checked = list(calls) if calls is not None else calls_to_check(proposed[1])
    before = _raised(Recogniser(*current), checked)
    after = _raised(Recogniser(*proposed), checked)
    result = Impact(calls=len(checked))
    for call, was, now in zip(checked, before, after, strict=True):
        if call.key:
            if call.key in now and call.key not in was:
                result.gained.append(call)
            elif call.key in was and call.key not in now:
                result.lost.append(call)
        elif now and not was:
            result.new_false_alarms.append(replace(call, key=", ".join(sorted(now))))
        elif was and not now:
            result.fixed_false_alarms.append(call)
    return result


def with_protocol(entries: list[RedFlagEntry], changed: RedFlagEntry) -> list[RedFlagEntry]:
    """The protocols with ``changed`` in place of the one with its id (or added)."""
    kept = [entry for entry in entries if entry.id != changed.id and entry.key != changed.key]
    return [*kept, changed]
