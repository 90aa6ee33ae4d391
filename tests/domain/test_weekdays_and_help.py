"""Weekday sets and crisis lines."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.help import CrisisDirectory, HelpLine
from bot.domain.weekdays import EVERY_DAY, Weekdays


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (range(7), "every day"),
        (range(5), "on weekdays"),
        ((5, 6), "on weekends"),
        ((0, 2, 4), "on Mon, Wed, Fri"),
    ],
)
def test_weekdays_describe_themselves(days: range, text: str) -> None:
    """The summary reads naturally."""
    assert Weekdays.of(days).describe() == text


def test_switching_off_the_last_day_keeps_it() -> None:
    """A check-in schedule never ends up with no days."""
    only_monday = Weekdays.of([0])
    assert only_monday.toggled(0) == only_monday


@given(st.integers(1, EVERY_DAY), st.integers(0, 6))
def test_toggling_twice_is_a_no_op_unless_it_was_the_last_day(mask: int, day: int) -> None:
    """Toggle is its own inverse."""
    days = Weekdays(mask)
    if days.toggled(day) != days:
        assert days.toggled(day).toggled(day) == days


def test_out_of_range_days_and_empty_sets_are_refused() -> None:
    """Day numbers are 0..6, and a set has at least one day."""
    with pytest.raises(ValueError, match="out of range"):
        Weekdays.of([7])
    with pytest.raises(ValueError, match="at least one day"):
        Weekdays.of([])


SUICIDE = HelpLine("Line", "Call 1", ("suicide", "emotional"))
EMERGENCY = HelpLine("Emergency", "Call 112", ("emergency",))
FINDER = HelpLine("Finder", "a website", ("suicide", "abuse"))
DIRECTORY = CrisisDirectory("2026-11-21", {"GB": [SUICIDE, EMERGENCY]}, [EMERGENCY, FINDER])


def test_a_country_gets_its_lines_then_what_they_do_not_cover() -> None:
    """Local lines first; the fallback only adds topics the local lines miss."""
    assert DIRECTORY.lines_for("GB") == [SUICIDE, EMERGENCY, FINDER]


def test_unknown_country_gets_the_fallback() -> None:
    """Without a country, the lines that work anywhere."""
    assert DIRECTORY.lines_for(None) == [EMERGENCY, FINDER]
    assert DIRECTORY.lines_for("ZZ") == [EMERGENCY, FINDER]
