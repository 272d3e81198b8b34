"""``signposting search``: what the desk would show for a phrase, for people and for scripts."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from signposting.cli.common import open_database, out, out_json
from signposting.errors import ValidationError
from signposting.search.caller import Caller, Sex
from signposting.search.engine import SearchEngine, SearchResult
from signposting.search.loader import load_engine
from signposting.search.questions import ask_the_caller

MAX_AGE = 130


def register(commands: Any) -> None:
    search = commands.add_parser(
        "search", help="search the directory and red flags as the desk does"
    )
    search.add_argument(
        "text", metavar="TEXT", help="what the caller says; '-' reads lines from stdin"
    )
    search.add_argument("--age", type=int, metavar="YEARS", help="patient age, for eligibility")
    search.add_argument(
        "--sex",
        choices=[sex.value for sex in Sex],
        help="patient sex, for services that exclude one (not stored anywhere)",
    )
    search.add_argument(
        "--pregnant",
        action="store_true",
        help="the patient is pregnant, for services that exclude pregnancy (not stored anywhere)",
    )
    search.add_argument("--json", action="store_true", help="print JSON for scripts")
    search.set_defaults(handler=_search)


def _search(args: argparse.Namespace) -> int:
    if args.age is not None and not 0 <= args.age <= MAX_AGE:
        raise ValidationError(f"--age must be a whole number of years from 0 to {MAX_AGE}")
    database = open_database(args)
    try:
        with database.unit_of_work() as session:
            engine = load_engine(session)
    finally:
        database.dispose()
    sex = Sex(args.sex) if args.sex else None
    if args.text == "-":
        _search_lines(engine, args.age, sex, args.pregnant)
        return 0
    result = engine.search(args.text, age=args.age, sex=sex, pregnant=args.pregnant)
    if args.json:
        out_json(result_json(result, Caller(args.age, sex, args.pregnant)))
    else:
        _print_result(result)
    return 0


def _search_lines(engine: SearchEngine, age: int | None, sex: Sex | None, pregnant: bool) -> None:
    """One JSON object per input line, in order, with the index built once."""
    for line in sys.stdin:
        result = engine.search(line.rstrip("\r\n"), age=age, sex=sex, pregnant=pregnant)
        out_json(result_json(result, Caller(age, sex, pregnant)))
        sys.stdout.flush()


def result_json(result: SearchResult, caller: Caller) -> dict[str, object]:
    """The search's JSON, each service with ``ask_the_caller``: the questions still open for
    this caller, as the desk's card asks them (the other keys as they have always been)."""
    document = result.to_json()
    document["services"] = [
        {**match.to_json(), "ask_the_caller": [q.text for q in ask_the_caller(match.entry, caller)]}
        for match in result.services
    ]
    return document


def _print_result(result: SearchResult) -> None:
    if result.red_flags:
        out("RED FLAGS (act on these first):")
        for flag in result.red_flags:
            out(f"  !! {flag.action}  [{flag.entry.title}; heard: {flag.because}]")
        out()
    if result.checks:
        out("Mentioned as past history (check it is not happening now):")
        for flag in result.checks:
            out(f"  ?  {flag.entry.title}  [heard: {flag.because}]")
        out()
    if not result.services:
        out("No matching services.")
        return
    out("Services:")
    for rank, service in enumerate(result.services, start=1):
        eligibility = service.eligibility
        fits = "suitable" if eligibility.fits else f"not suitable: {eligibility.fit_reason}"
        state = f"{fits}; {eligibility.opening[0].lower()}{eligibility.opening[1:]}"
        out(f"  {rank:>2}. {service.entry.name}  ({service.score:.2f}; {state})")
