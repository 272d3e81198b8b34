"""Red-flag recognition measured on the evaluation corpus, and its per-keystroke latency.

Run: ``python -m benchmarks.redflag_eval [--half tuning|heldout|both] [--summary]``

For each half it prints recall per urgency and per protocol, every 999-level miss, the
false-alarm rate on routine calls (by kind), raises at an adequate urgency but with the wrong
protocol (the wrong script), and then the latency of the red-flag part of a keystroke with the
shipped protocols and with 100 protocols. ``--summary`` prints figures only, no corpus lines
(how the held-out half is looked at while the rules are being worked on).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from dataclasses import replace

from signposting.domain import Urgency
from signposting.redflags.evaluation import HALVES, Report, desk_partial, evaluate, load_half
from signposting.redflags.protocol import RedFlagEntry, shipped_entries
from signposting.redflags.recogniser import Recogniser
from signposting.redflags.rules import Rule
from signposting.redflags.thesaurus import shipped_thesaurus

TARGET_PROTOCOLS = 100


def percent(hit: int, total: int) -> str:
    return f"{hit}/{total} ({100 * hit / total:.1f}%)" if total else "0/0"


def print_report(half: str, report: Report, *, summary: bool) -> None:
    print(f"\n== {half} half: {len(report.outcomes)} must-raise, {report.benign_total} routine")
    for urgency in Urgency:
        hit, total = report.recall(urgency)
        print(f"  adequate flag, least {urgency.value:<21} {percent(hit, total)}")
    print(f"  adequate flag, all                           {percent(*report.recall())}")
    print(f"  right protocol                               {percent(*report.right_protocol())}")
    misses = report.misses_999()
    print(f"  999-level phrasings not raised at 999        {len(misses)}")
    if not summary:
        for outcome in misses:
            raised = ", ".join(f"{k} {u.value}" for k, u in outcome.raised) or "nothing"
            print(f"    MISS [{outcome.line.keys[0]}] {outcome.line.text!r} -> {raised}")
    false = len(report.false_alarms)
    print(
        f"  false alarms on routine calls                {false}/{report.benign_total} "
        f"({100 * report.false_alarm_rate:.1f}%)"
    )
    for kind, total in sorted(report.benign_by_kind.items()):
        print(f"    {kind:<14} {report.false_by_kind.get(kind, 0)}/{total}")
    if not summary:
        for line, keys in report.false_alarms:
            print(f"    FALSE [{line.kind}] {line.text!r} -> {', '.join(keys)}")
    wrong = report.wrong_protocol()
    print(f"  adequate urgency but wrong protocol          {len(wrong)}")
    if not summary:
        for outcome in wrong:
            raised = ", ".join(k for k, _ in outcome.raised)
            print(f"    WRONG [{outcome.line.keys[0]}] {outcome.line.text!r} -> {raised}")
    below = [(key, hit, total) for key, (hit, total) in report.by_protocol().items() if hit < total]
    protocols = len(report.by_protocol())
    print(f"  protocols with a phrasing missed             {len(below)} of {protocols}")
    for key, hit, total in below:
        print(f"    {key:<28} {hit}/{total}")


def padded_entries(entries: list[RedFlagEntry], count: int) -> list[RedFlagEntry]:
    """The shipped protocols plus made-up ones recombining their rules, ``count`` in all."""
    rng = random.Random(11)
    rules = [rule for entry in entries for rule in entry.rules]
    padded = list(entries)
    while len(padded) < count:
        chosen = rng.sample(rules, 3)
        mixed = tuple(
            Rule(slots=tuple(rng.sample(r.slots, len(r.slots))), window=r.window) if r.slots else r
            for r in chosen
        )
        base = rng.choice(entries)
        padded.append(replace(base, id=len(padded) + 1, key=f"extra-{len(padded)}", rules=mixed))
    return padded


def keystroke_latency(recogniser: Recogniser, texts: list[str]) -> tuple[float, float, int]:
    """Median and p95 milliseconds per keystroke over every prefix of every text."""
    timings = []
    for text in texts:
        for end in range(1, len(text) + 1):
            prefix = text[:end]
            started = time.perf_counter()
            recogniser.recognise(prefix, last_partial=desk_partial(prefix))
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(0.95 * (len(timings) - 1))], len(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=(*HALVES, "both"), default="both")
    parser.add_argument("--summary", action="store_true", help="figures only, no corpus lines")
    args = parser.parse_args()
    thesaurus = shipped_thesaurus()
    entries = shipped_entries()
    started = time.perf_counter()
    recogniser = Recogniser(thesaurus, entries)
    build = time.perf_counter() - started
    halves = HALVES if args.half == "both" else (args.half,)
    texts: list[str] = []
    for half in halves:
        corpus = load_half(half)
        print_report(half, evaluate(recogniser, corpus), summary=args.summary)
        texts += [line.text for line in corpus.must_raise] + [
            line.text for line in corpus.must_not_raise
        ]
    print(f"\n== latency of the red-flag part of a keystroke (every prefix of {len(texts)} calls)")
    print(f"  index built in {build * 1000:.0f} ms for {len(entries)} protocols")
    sample = random.Random(3).sample(texts, min(400, len(texts)))
    for label, chosen in (
        (f"{len(entries)} shipped protocols", entries),
        (f"{TARGET_PROTOCOLS} protocols", padded_entries(entries, TARGET_PROTOCOLS)),
    ):
        timed = Recogniser(thesaurus, chosen)
        keystroke_latency(timed, sample[:20])  # warm the word caches as a desk would
        median, p95, count = keystroke_latency(timed, sample)
        print(f"  {label:<24} median {median:.3f} ms  p95 {p95:.3f} ms  ({count} keystrokes)")


if __name__ == "__main__":
    main()
