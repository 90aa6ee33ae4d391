"""Reading typed times of day."""

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.clocktime import (
    TimeProblem,
    TimeRefusal,
    could_be_either_half_of_the_day,
    format_clock_time,
    parse_clock_time,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("21:30", time(21, 30)),
        ("9pm", time(21, 0)),
        ("9 PM", time(21, 0)),
        ("9:15pm", time(21, 15)),
        ("9.15 p.m.", time(21, 15)),
        ("12am", time(0, 0)),
        ("12pm", time(12, 0)),
        ("12:30 am", time(0, 30)),
        ("7am", time(7, 0)),
        ("07:05", time(7, 5)),
        ("0:00", time(0, 0)),
        ("23:59", time(23, 59)),
        ("2130", time(21, 30)),
        ("21h30", time(21, 30)),
        ("21h", time(21, 0)),
        ("at 8", time(8, 0)),
        ("8 o'clock", time(8, 0)),
        ("  22:00  ", time(22, 0)),
        ("noon", time(12, 0)),
        ("Midnight", time(0, 0)),
        ("21 30", time(21, 30)),
    ],
)
def test_reads_common_ways_of_writing_a_time(typed: str, expected: time) -> None:
    """Times written the way people type them are understood."""
    assert parse_clock_time(typed) == expected


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("25:99", TimeProblem.OUT_OF_RANGE),
        ("24:00", TimeProblem.OUT_OF_RANGE),
        ("12:60", TimeProblem.OUT_OF_RANGE),
        ("13pm", TimeProblem.OUT_OF_RANGE),
        ("0am", TimeProblem.OUT_OF_RANGE),
        ("", TimeProblem.EMPTY),
        ("   ", TimeProblem.EMPTY),
        ("tomorrow", TimeProblem.NOT_A_TIME),
        ("🙂", TimeProblem.NOT_A_TIME),
        ("x" * 4000, TimeProblem.NOT_A_TIME),
        ("21:30:15", TimeProblem.NOT_A_TIME),
        ("-1:00", TimeProblem.NOT_A_TIME),
    ],
)
def test_refuses_what_is_not_a_time_and_says_why(typed: str, problem: TimeProblem) -> None:
    """Nonsense and impossible times are refused with the reason, not guessed."""
    assert parse_clock_time(typed) == TimeRefusal(problem)


@given(st.text(max_size=200))
def test_any_text_gives_a_time_or_a_refusal(typed: str) -> None:
    """No input makes the parser raise."""
    result = parse_clock_time(typed)
    assert isinstance(result, time | TimeRefusal)


@given(st.times())
def test_formatted_times_read_back_to_the_same_minute(value: time) -> None:
    """What the bot shows, typed back, is the same time."""
    assert parse_clock_time(format_clock_time(value)) == value.replace(second=0, microsecond=0)


@pytest.mark.parametrize(
    ("typed", "either"),
    [
        ("4:00", True),
        ("4", True),
        ("12:30", True),
        ("at 9", True),
        ("16:00", False),
        ("04:00", False),
        ("4pm", False),
        ("4 a.m.", False),
        ("noon", False),
        ("0:30", False),
    ],
)
def test_which_times_could_be_either_half_of_the_day(typed: str, either: bool) -> None:
    """Only a bare 1-12 o'clock without am/pm or a leading zero is ambiguous."""
    value = parse_clock_time(typed)
    assert isinstance(value, time)
    assert could_be_either_half_of_the_day(typed, value) is either
