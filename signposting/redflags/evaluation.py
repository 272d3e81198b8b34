"""Measuring recognition on the evaluation corpus: recall by urgency and protocol, misses at the
999 level, false alarms, wrong-protocol raises and latency.

Each corpus line is typed as the desk sees it (the last word may still be being typed) and
judged on the banner only; a quiet check never counts as raising a flag.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from signposting.domain import Urgency
from signposting.redflags.recogniser import Recogniser

HALVES = ("tuning", "heldout")


@dataclass(frozen=True)
class MustRaise:
    text: str
    least: Urgency
    keys: tuple[str, ...]
    source: str = ""


@dataclass(frozen=True)
class MustNotRaise:
    text: str
    kind: str
    source: str = ""


@dataclass
class Corpus:
    must_raise: list[MustRaise] = field(default_factory=list)
    must_not_raise: list[MustNotRaise] = field(default_factory=list)


def _corpus_dir() -> Path:
    return Path(str(resources.files("signposting.redflags.corpus")))


def load_half(half: str, folder: Path | None = None) -> Corpus:
    """One half of the shipped corpus (``tuning`` or ``heldout``)."""
    if half not in HALVES:
        raise ValueError(f"no corpus half {half!r}")
    directory = (folder or _corpus_dir()) / half
    corpus = Corpus()
    for path in sorted(directory.glob("*-redflags.tsv")):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            text, least, keys = line.split("\t")
            corpus.must_raise.append(
                MustRaise(text, Urgency(least), tuple(keys.split("|")), f"{path.name}:{number}")
            )
    for path in sorted(directory.glob("*-benign.tsv")):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            text, kind = line.split("\t")
            corpus.must_not_raise.append(MustNotRaise(text, kind, f"{path.name}:{number}"))
    return corpus


def desk_partial(text: str) -> bool:
    """Whether the desk would treat the last word as still being typed."""
    return bool(text) and text[-1:].isalnum()


@dataclass(frozen=True)
class Outcome:
    """How one must-raise line fared."""

    line: MustRaise
    raised: tuple[tuple[str, Urgency], ...]

    @property
    def adequate(self) -> bool:
        return any(urgency.rank <= self.line.least.rank for _, urgency in self.raised)

    @property
    def right_protocol(self) -> bool:
        return any(
            key in self.line.keys and urgency.rank <= self.line.least.rank
            for key, urgency in self.raised
        )


@dataclass
class Report:
    """Figures for one corpus."""

    outcomes: list[Outcome]
    false_alarms: list[tuple[MustNotRaise, tuple[str, ...]]]
    benign_total: int
    benign_by_kind: Counter[str]
    false_by_kind: Counter[str]

    def recall(self, urgency: Urgency | None = None) -> tuple[int, int]:
        chosen = [o for o in self.outcomes if urgency is None or o.line.least is urgency]
        return sum(o.adequate for o in chosen), len(chosen)

    def right_protocol(self) -> tuple[int, int]:
        return sum(o.right_protocol for o in self.outcomes), len(self.outcomes)

    def misses_999(self) -> list[Outcome]:
        return [
            o
            for o in self.outcomes
            if o.line.least is Urgency.EMERGENCY_999
            and not any(u is Urgency.EMERGENCY_999 for _, u in o.raised)
        ]

    def wrong_protocol(self) -> list[Outcome]:
        """Raised at an adequate urgency, but not the protocol (script) the call needs."""
        return [o for o in self.outcomes if o.adequate and not o.right_protocol]

    def by_protocol(self) -> dict[str, tuple[int, int]]:
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for outcome in self.outcomes:
            entry = counts[outcome.line.keys[0]]
            entry[0] += outcome.right_protocol
            entry[1] += 1
        return {key: (hit, total) for key, (hit, total) in sorted(counts.items())}

    @property
    def false_alarm_rate(self) -> float:
        return len(self.false_alarms) / self.benign_total if self.benign_total else 0.0


def evaluate(recogniser: Recogniser, corpus: Corpus) -> Report:
    outcomes = []
    for line in corpus.must_raise:
        result = recogniser.recognise(line.text, last_partial=desk_partial(line.text))
        outcomes.append(Outcome(line, tuple((f.entry.key, f.urgency) for f in result.banner)))
    false_alarms = []
    for benign in corpus.must_not_raise:
        result = recogniser.recognise(benign.text, last_partial=desk_partial(benign.text))
        if result.banner:
            false_alarms.append((benign, tuple(f.entry.key for f in result.banner)))
    return Report(
        outcomes,
        false_alarms,
        len(corpus.must_not_raise),
        Counter(b.kind for b in corpus.must_not_raise),
        Counter(b.kind for b, _ in false_alarms),
    )


def combined(corpora: Iterable[Corpus]) -> Corpus:
    result = Corpus()
    for corpus in corpora:
        result.must_raise += corpus.must_raise
        result.must_not_raise += corpus.must_not_raise
    return result
