"""The weekly recap's arithmetic: when it is due and what a week comes to."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.recap import (
    Direction,
    TrackerWeek,
    next_recap_at,
    week_of,
    week_recap,
)

SUNDAY = date(2026, 11, 22)


def test_next_recap_is_the_chosen_weekday_at_checkin_time_local() -> None:
    saturday_evening = datetime(2026, 11, 21, 20, 0, tzinfo=UTC)
    at = next_recap_at(zone="Europe/Berlin", at=time(21, 0), weekday=6, after=saturday_evening)
    assert at == datetime(2026, 11, 22, 20, 0, tzinfo=UTC)
    # Strictly after: at the instant itself, the next one is a week on.
    assert next_recap_at(zone="Europe/Berlin", at=time(21, 0), weekday=6, after=at) == at + (
        timedelta(days=7)
    )


def test_next_recap_follows_daylight_saving() -> None:
    """Sunday 21:00 in New York is 01:00 UTC Monday in summer, 02:00 in winter."""
    before_change = datetime(2026, 10, 20, 12, 0, tzinfo=UTC)
    first = next_recap_at(zone="America/New_York", at=time(21, 0), weekday=6, after=before_change)
    second = next_recap_at(zone="America/New_York", at=time(21, 0), weekday=6, after=first)
    assert first == datetime(2026, 10, 26, 1, 0, tzinfo=UTC)  # 25 Oct, EDT
    assert second == datetime(2026, 11, 2, 2, 0, tzinfo=UTC)  # 1 Nov, clocks went back: EST


def test_the_week_is_the_seven_days_before_the_recap_day() -> None:
    assert week_of(SUNDAY) == (date(2026, 11, 15), date(2026, 11, 21))


def _moods(values: list[int], last: date) -> dict[date, int]:
    return {last - timedelta(days=i): v for i, v in enumerate(reversed(values))}


def test_direction_lighter_heavier_and_steady() -> None:
    before = _moods([2] * 7, date(2026, 11, 14))
    lighter = week_recap(
        recap_day=SUNDAY, moods=before | _moods([3] * 7, date(2026, 11, 21)), answered_days=[]
    )
    assert (lighter.average, lighter.previous, lighter.direction) == (3.0, 2.0, Direction.LIGHTER)
    heavier = week_recap(
        recap_day=SUNDAY, moods=before | _moods([1, 1, 2], date(2026, 11, 21)), answered_days=[]
    )
    assert heavier.direction is Direction.HEAVIER
    # One day a point apart moves a weekly average by 1/7: noise, not a direction.
    steady = week_recap(
        recap_day=SUNDAY,
        moods=before | _moods([3, 2, 2, 2, 2, 2, 2], date(2026, 11, 21)),
        answered_days=[],
    )
    assert steady.direction is Direction.STEADY
    alone = week_recap(recap_day=SUNDAY, moods=_moods([4, 4], date(2026, 11, 21)), answered_days=[])
    assert (alone.average, alone.direction) == (4.0, None)


def test_answered_counts_days_with_a_mood_or_words_once_and_only_this_week() -> None:
    recap = week_recap(
        recap_day=SUNDAY,
        moods={date(2026, 11, 15): 3, date(2026, 11, 16): 3, date(2026, 11, 22): 5},
        answered_days=[date(2026, 11, 16), date(2026, 11, 18), date(2026, 11, 14)],
    )
    assert recap.answered == 3  # 15 (mood), 16 (both), 18 (words); not 14th, not the 22nd
    assert [m for _, m in recap.moods] == [3, 3, None, None, None, None, None]
    assert recap.chartable  # two moods in the week: worth drawing


def test_the_idea_that_helped_most_and_ties_go_to_the_latest() -> None:
    most = week_recap(recap_day=SUNDAY, moods={}, answered_days=[], helped=["a", "b", "a"])
    assert most.helped == "a"
    tie = week_recap(recap_day=SUNDAY, moods={}, answered_days=[], helped=["a", "b"])
    assert tie.helped == "b"
    assert week_recap(recap_day=SUNDAY, moods={}, answered_days=[]).helped is None


def test_a_week_with_nothing_in_it_is_quiet() -> None:
    assert week_recap(recap_day=SUNDAY, moods={}, answered_days=[]).quiet
    # A count alone is no news (someone who stopped answering gets no "0 of 7" every week).
    counted = TrackerWeek("No contact", no_contact=True, current=12, slips=0)
    assert week_recap(recap_day=SUNDAY, moods={}, answered_days=[], trackers=[counted]).quiet
    slipped = TrackerWeek("No contact", no_contact=True, current=2, slips=1)
    assert not week_recap(recap_day=SUNDAY, moods={}, answered_days=[], trackers=[slipped]).quiet
    assert not week_recap(recap_day=SUNDAY, moods={}, answered_days=[], urges_passed=1).quiet
    assert not week_recap(recap_day=SUNDAY, moods={}, answered_days=[], helped=["walk"]).quiet


@given(
    st.dictionaries(
        st.dates(min_value=date(2026, 10, 1), max_value=date(2026, 12, 31)),
        st.integers(min_value=1, max_value=5),
    )
)
def test_only_the_week_counts_and_the_average_stays_on_the_scale(moods: dict[date, int]) -> None:
    recap = week_recap(recap_day=SUNDAY, moods=moods, answered_days=[])
    inside = [m for d, m in moods.items() if recap.first <= d <= recap.last]
    assert recap.answered == len(inside)
    assert len(recap.moods) == 7
    if recap.average is not None:
        assert 1 <= recap.average <= 5
    assert (recap.direction is None) == (recap.average is None or recap.previous is None)
