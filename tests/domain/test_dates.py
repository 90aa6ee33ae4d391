"""Reading past dates."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.dates import DateProblem, DateRefusal, parse_past_date

TODAY = date(2026, 11, 21)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("today", TODAY),
        ("yesterday", date(2026, 11, 20)),
        ("12 days ago", date(2026, 11, 9)),
        ("a week ago", date(2026, 11, 14)),
        ("2 months ago", date(2026, 9, 22)),
        ("3 November", date(2026, 11, 3)),
        ("since 3 November", date(2026, 11, 3)),
        ("3rd of November", date(2026, 11, 3)),
        ("Nov 3rd", date(2026, 11, 3)),
        ("november 3, 2025", date(2025, 11, 3)),
        ("25 December", date(2025, 12, 25)),  # not yet this year: last year's
        ("2026-11-03", date(2026, 11, 3)),
        ("03.11.2026", date(2026, 11, 3)),
        ("3/11", date(2026, 11, 3)),
        ("29 Feb", date(2024, 2, 29)),
        ("  On 1 Jan. ", date(2026, 1, 1)),
    ],
)
def test_reads_past_dates(typed: str, expected: date) -> None:
    """Common ways of writing a recent date."""
    assert parse_past_date(typed, TODAY) == expected


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("tomorrow", DateProblem.NOT_A_DATE),
        ("2026-12-24", DateProblem.FUTURE),
        ("24.12.2026", DateProblem.FUTURE),
        ("1 Jan 1980", DateProblem.TOO_OLD),
        ("31 February 2026", DateProblem.NOT_A_DATE),
        ("32 March", DateProblem.NOT_A_DATE),
        ("13/13", DateProblem.NOT_A_DATE),
        ("", DateProblem.EMPTY),
        ("🙂", DateProblem.NOT_A_DATE),
        ("x" * 4000, DateProblem.NOT_A_DATE),
    ],
)
def test_refuses_future_and_nonsense(typed: str, problem: DateProblem) -> None:
    """Never a date in the future; nonsense is refused with a reason."""
    assert parse_past_date(typed, TODAY) == DateRefusal(problem)


@given(st.text(max_size=60), st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)))
def test_any_text_gives_a_past_date_or_a_refusal(typed: str, today: date) -> None:
    """Property: never an exception, never a future date."""
    result = parse_past_date(typed, today)
    if isinstance(result, date):
        assert result <= today
    else:
        assert isinstance(result, DateRefusal)
