"""Search time for very long input: one huge "word", and a long run of ordinary words.

Run: ``python -m benchmarks.long_input_benchmark``
The work should grow in proportion to the text: ten times the text, about ten times the time.
The desk's box stops at 1,000 characters; the command line and scripts take any length.
"""

from __future__ import annotations

import time

from benchmarks.directory_generator import generate_services
from signposting.redflags.protocol import shipped_entries
from signposting.search.engine import SearchEngine

SIZES = (1_000, 10_000, 100_000, 300_000)
SERVICES = 1_000


def best_of_three(engine: SearchEngine, text: str) -> float:
    timings = []
    for run in "xyz":  # a different first letter each time, so no cached word is reused
        started = time.perf_counter()
        engine.search(run + text)
        timings.append(time.perf_counter() - started)
    return min(timings)


def main() -> None:
    engine = SearchEngine.build(list(generate_services(SERVICES)), shipped_entries())
    engine.search("warm up the red-flag recogniser")
    print(f"{SERVICES:,} services; best of 3")
    for size in SIZES:
        one_word = best_of_three(engine, "a" * size)
        many = best_of_three(engine, ("my chest feels tight " * size)[:size])
        print(f"{size:>8,} characters: one word {one_word:.3f} s, ordinary words {many:.3f} s")


if __name__ == "__main__":
    main()
