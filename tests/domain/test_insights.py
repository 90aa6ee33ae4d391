"""The facts behind /stats."""

from __future__ import annotations

from datetime import date, timedelta

from bot.domain.insights import insights

TODAY = date(2026, 11, 22)  # a Sunday


def test_calendar_moods_triggers_and_averages() -> None:
    data = insights(
        today=TODAY,
        moods={TODAY - timedelta(days=i): 2 if i < 7 else 4 for i in range(40)}
        | {TODAY - timedelta(days=200): 5},
        triggers=["song", "song", "place", "nothing", ""],
        slip_days=[TODAY - timedelta(days=3), TODAY - timedelta(days=300)],
        tracked_from=TODAY - timedelta(days=10),
        tracked_slips=[TODAY - timedelta(days=3)],
        answered=[TODAY, TODAY, TODAY - timedelta(days=31)],
        weeks=2,
    )
    assert len(data.moods) == 40  # the one from 200 days ago is outside the 90
    assert data.slips == (TODAY - timedelta(days=3),)
    assert data.triggers == (("song", 2), ("place", 1))
    assert data.answered_30 == 1
    states = dict(data.calendar)
    assert len(data.calendar) == 14
    assert data.calendar[0][0].weekday() == 0  # weeks start on Monday
    assert states[TODAY - timedelta(days=3)] == "slip"
    assert states[TODAY] == "clean"
    assert states[TODAY - timedelta(days=13)] == ""  # before it started
    assert data.average(7) == 2
    assert data.average(30) is not None
    assert 2 < data.average(30) < 4


def test_too_little_says_how_much_more() -> None:
    data = insights(
        today=TODAY,
        moods={TODAY: 3},
        triggers=[],
        slip_days=[],
        tracked_from=None,
        answered=[],
    )
    assert (data.enough, data.days_needed) == (False, 2)
    assert all(state == "" for _, state in data.calendar)
