"""The next check-in instant: time zones, weekdays, daylight saving and the edges of the map."""

from __future__ import annotations

import zoneinfo
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain.schedule import latest_due_at_or_before, local_date, next_due_at
from bot.domain.weekdays import Weekdays

EVERY_DAY = Weekdays()


def utc(*args: int) -> datetime:
    """An aware UTC datetime."""
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "at", "after", "expected"),
    [
        # Ordinary days.
        ("Europe/Berlin", time(21, 30), utc(2026, 11, 21, 12, 0), utc(2026, 11, 21, 20, 30)),
        ("Europe/Berlin", time(21, 30), utc(2026, 11, 21, 20, 30), utc(2026, 11, 22, 20, 30)),
        ("America/New_York", time(9, 0), utc(2026, 11, 21, 15, 0), utc(2026, 11, 22, 14, 0)),
        # New York, spring forward 2026-03-08 02:00 -> 03:00: 02:30 doesn't exist -> 03:00 EDT.
        ("America/New_York", time(2, 30), utc(2026, 3, 8, 0, 0), utc(2026, 3, 8, 7, 0)),
        ("America/New_York", time(2, 0), utc(2026, 3, 8, 0, 0), utc(2026, 3, 8, 7, 0)),
        ("America/New_York", time(3, 0), utc(2026, 3, 8, 0, 0), utc(2026, 3, 8, 7, 0)),
        ("America/New_York", time(1, 59), utc(2026, 3, 8, 0, 0), utc(2026, 3, 8, 6, 59)),
        # New York, fall back 2026-11-01 02:00 -> 01:00: 01:30 happens twice -> the first (EDT).
        ("America/New_York", time(1, 30), utc(2026, 11, 1, 0, 0), utc(2026, 11, 1, 5, 30)),
        # ... and from just after the first 01:30, the next one is the next day, not 01:30 EST.
        ("America/New_York", time(1, 30), utc(2026, 11, 1, 5, 30), utc(2026, 11, 2, 6, 30)),
        # New York 2027: spring forward 2027-03-14, fall back 2027-11-07.
        ("America/New_York", time(2, 15), utc(2027, 3, 14, 0, 0), utc(2027, 3, 14, 7, 0)),
        ("America/New_York", time(1, 15), utc(2027, 11, 7, 0, 0), utc(2027, 11, 7, 5, 15)),
        # Berlin, spring forward 2026-03-29 02:00 -> 03:00; fall back 2026-10-25 03:00 -> 02:00.
        ("Europe/Berlin", time(2, 30), utc(2026, 3, 28, 23, 0), utc(2026, 3, 29, 1, 0)),
        ("Europe/Berlin", time(2, 30), utc(2026, 10, 24, 23, 0), utc(2026, 10, 25, 0, 30)),
        ("Europe/Berlin", time(21, 0), utc(2026, 10, 25, 12, 0), utc(2026, 10, 25, 20, 0)),
        # Berlin 2027: spring forward 2027-03-28; fall back 2027-10-31.
        ("Europe/Berlin", time(2, 45), utc(2027, 3, 27, 23, 0), utc(2027, 3, 28, 1, 0)),
        ("Europe/Berlin", time(2, 45), utc(2027, 10, 30, 23, 0), utc(2027, 10, 31, 0, 45)),
        # Lord Howe: a 30-minute shift. 2026-10-04 02:00 -> 02:30 (+10:30 -> +11).
        ("Australia/Lord_Howe", time(2, 15), utc(2026, 10, 3, 12, 0), utc(2026, 10, 3, 15, 30)),
        ("Australia/Lord_Howe", time(2, 30), utc(2026, 10, 3, 12, 0), utc(2026, 10, 3, 15, 30)),
        # Lord Howe 2026-04-05 02:00 -> 01:30: 01:45 happens twice -> the first (+11).
        ("Australia/Lord_Howe", time(1, 45), utc(2026, 4, 4, 12, 0), utc(2026, 4, 4, 14, 45)),
        # The ends of the map: UTC+14, UTC-11, and +05:45.
        ("Pacific/Kiritimati", time(8, 0), utc(2026, 11, 21, 12, 0), utc(2026, 11, 21, 18, 0)),
        ("Pacific/Kiritimati", time(0, 0), utc(2026, 11, 21, 9, 0), utc(2026, 11, 21, 10, 0)),
        ("Pacific/Pago_Pago", time(23, 0), utc(2026, 11, 21, 12, 0), utc(2026, 11, 22, 10, 0)),
        ("Asia/Kathmandu", time(21, 0), utc(2026, 11, 21, 12, 0), utc(2026, 11, 21, 15, 15)),
    ],
)
def test_next_due_at(zone: str, at: time, after: datetime, expected: datetime) -> None:
    """The table of zones and DST transitions."""
    assert next_due_at(zone=zone, at=at, weekdays=EVERY_DAY, after=after) == expected


def test_weekdays_are_respected_in_local_time() -> None:
    """Mondays only, in Kiritimati: Monday there starts on Sunday in UTC."""
    mondays = Weekdays.of([0])
    due = next_due_at(
        zone="Pacific/Kiritimati", at=time(8, 0), weekdays=mondays, after=utc(2026, 11, 21, 12, 0)
    )
    assert due == utc(2026, 11, 22, 18, 0)
    assert due.astimezone(ZoneInfo("Pacific/Kiritimati")).weekday() == 0


def test_never_twice_on_the_same_local_day() -> None:
    """After a check-in on the 21st (local), the next is on the 22nd, even at a later time."""
    due = next_due_at(
        zone="Europe/Berlin",
        at=time(23, 0),
        weekdays=EVERY_DAY,
        after=utc(2026, 11, 21, 20, 30),
        last_local_date=date(2026, 11, 21),
    )
    assert due == utc(2026, 11, 22, 22, 0)


def test_a_naive_start_is_refused() -> None:
    """Whose clock? A naive datetime is a bug."""
    with pytest.raises(ValueError, match="aware"):
        next_due_at(zone="UTC", at=time(9), weekdays=EVERY_DAY, after=datetime(2026, 1, 1))


# Zones with interesting rules plus a sample of all zones.
INTERESTING = [
    "America/New_York",
    "Europe/Berlin",
    "Australia/Lord_Howe",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "Asia/Kathmandu",
    "America/St_Johns",
    "Pacific/Chatham",
    "Antarctica/Troll",
    "America/Santiago",
    "Asia/Tehran",
    "Africa/Casablanca",
]
ZONES = st.one_of(
    st.sampled_from(INTERESTING),
    st.sampled_from(
        sorted(z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith("Etc/"))
    ),
)
INSTANTS = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2037, 12, 31), timezones=st.just(UTC)
)
TIMES = st.times().map(lambda t: t.replace(second=0, microsecond=0))
WEEKDAYS = st.integers(1, 127).map(Weekdays)


@given(zone=ZONES, at=TIMES, after=INSTANTS, days=WEEKDAYS, last_back=st.integers(0, 3))
@settings(max_examples=400, deadline=None)
def test_next_due_is_soon_in_the_future_and_on_a_new_local_day(
    zone: str, at: time, after: datetime, days: Weekdays, last_back: int
) -> None:
    """Property: future, within 8 days, never the local date of the last check-in."""
    last = local_date(after, zone) - timedelta(days=last_back)
    due = next_due_at(zone=zone, at=at, weekdays=days, after=after, last_local_date=last)
    assert due > after
    assert due - after <= timedelta(days=8)
    assert local_date(due, zone) != last
    assert local_date(due, zone) > last
    assert local_date(due, zone).weekday() in days


@given(zone=ZONES, at=TIMES, after=INSTANTS)
@settings(max_examples=200, deadline=None)
def test_the_local_clock_shows_the_chosen_time_or_just_after_a_gap(
    zone: str, at: time, after: datetime
) -> None:
    """Property: the wall clock at the due instant is the chosen time, unless it was skipped by
    a DST gap, in which case it is the first valid minute after it (later the same day)."""
    due = next_due_at(zone=zone, at=at, weekdays=EVERY_DAY, after=after)
    wall = due.astimezone(ZoneInfo(zone))
    if wall.time() != at:
        assert wall.time() > at
        one_minute_before = (due - timedelta(minutes=1)).astimezone(ZoneInfo(zone))
        assert one_minute_before.time() < at or one_minute_before.date() < wall.date()


def test_after_days_of_downtime_only_the_newest_missed_one_counts() -> None:
    """Down from Monday to Thursday noon: the due instant catches up to Thursday's morning."""
    latest = latest_due_at_or_before(
        zone="Europe/Berlin",
        at=time(9, 0),
        weekdays=EVERY_DAY,
        scheduled=utc(2026, 11, 16, 8, 0),
        now=utc(2026, 11, 19, 11, 0),
    )
    assert latest == utc(2026, 11, 19, 8, 0)
    unchanged = latest_due_at_or_before(
        zone="Europe/Berlin",
        at=time(9, 0),
        weekdays=EVERY_DAY,
        scheduled=utc(2026, 11, 19, 8, 0),
        now=utc(2026, 11, 19, 8, 5),
    )
    assert unchanged == utc(2026, 11, 19, 8, 0)
