"""The weeks a report counts by: none before the first record, part weeks said to be part."""

from __future__ import annotations

from datetime import date

from signposting.analysis.weeks import week_spans


def test_whole_weeks_from_monday_to_sunday() -> None:
    spans = week_spans(date(2026, 11, 2), date(2026, 11, 15), date(2026, 1, 1))
    assert [(s.monday, s.first_day, s.last_day) for s in spans] == [
        (date(2026, 11, 2), date(2026, 11, 2), date(2026, 11, 8)),
        (date(2026, 11, 9), date(2026, 11, 9), date(2026, 11, 15)),
    ]
    assert not any(span.partial for span in spans)
    assert [span.label for span in spans] == ["w/c 02/11/2026", "w/c 09/11/2026"]
    assert [span.short_label for span in spans] == ["02/11", "09/11"]


def test_a_period_starting_and_ending_mid_week_has_part_weeks_at_each_end() -> None:
    # Saturday 22 August to Friday 20 November (today).
    spans = week_spans(date(2026, 8, 22), date(2026, 11, 20), date(2025, 6, 1))
    first, last = spans[0], spans[-1]
    assert (first.monday, first.days, first.partial) == (date(2026, 8, 17), 2, True)
    assert first.counted == "Sat 22/08 to Sun 23/08"
    assert (last.monday, last.days, last.partial) == (date(2026, 11, 16), 5, True)
    assert last.counted == "Mon 16/11 to Fri 20/11"
    assert not any(span.partial for span in spans[1:-1])


def test_no_week_before_the_first_record() -> None:
    # Records began on Wednesday 23 September; the period asked for started in August.
    spans = week_spans(date(2026, 8, 22), date(2026, 11, 20), date(2026, 9, 23))
    assert spans[0].monday == date(2026, 9, 21)
    assert spans[0].first_day == date(2026, 9, 23) and spans[0].partial
    assert len(spans) == 9


def test_records_beginning_on_a_monday_make_a_whole_first_week() -> None:
    spans = week_spans(date(2026, 8, 22), date(2026, 11, 22), date(2026, 9, 21))
    assert spans[0].monday == date(2026, 9, 21) and not spans[0].partial
    assert not spans[-1].partial  # Sunday 22 November ends a whole week


def test_no_weeks_without_records_or_after_the_period() -> None:
    assert week_spans(date(2026, 8, 22), date(2026, 11, 20), None) == []
    assert week_spans(date(2026, 8, 22), date(2026, 11, 20), date(2026, 12, 1)) == []


def test_a_one_day_period_is_a_part_week_of_that_day() -> None:
    (span,) = week_spans(date(2026, 11, 18), date(2026, 11, 18), date(2026, 1, 1))
    assert (span.monday, span.days, span.counted) == (date(2026, 11, 16), 1, "Wed 18/11")
