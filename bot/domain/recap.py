"""The weekly recap: when it is due, and what a week comes to (pure; no drawing, no words).

The recap goes out on the person's chosen weekday at their check-in time and covers the seven
local days before that day (Sunday's recap: last Sunday to Saturday), so a day is only ever
summed once it is over.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.domain.schedule import next_due_at
from bot.domain.weekdays import Weekdays

SUNDAY = 6
WEEK = 7
# Averages closer than this are "about the same": one day's mood a point apart moves a weekly
# average by 1/7, which is noise, not a direction.
STEADY_WITHIN = 0.3
EVERY_DAY = Weekdays()


def next_recap_at(
    *, zone: str, at: time, weekday: int, after: datetime, last_recap_day: date | None = None
) -> datetime:
    """The first recap instant strictly after `after`: `weekday` at `at`, local time, and at
    least a week after the last recap (so moving the day never sends two in a week)."""
    last = last_recap_day + timedelta(days=WEEK - 1) if last_recap_day else None
    return next_due_at(
        zone=zone, at=at, weekdays=Weekdays.of([weekday]), after=after, last_local_date=last
    )


def week_of(recap_day: date) -> tuple[date, date]:
    """The first and last day a recap sent on `recap_day` covers."""
    return recap_day - timedelta(days=WEEK), recap_day - timedelta(days=1)


class Direction(enum.Enum):
    """How this week's average mood compares with the week before (5 is light, 1 heavy)."""

    LIGHTER = "lighter"
    HEAVIER = "heavier"
    STEADY = "steady"


@dataclass(frozen=True)
class TrackerWeek:
    """One count at the end of the week."""

    label: str
    no_contact: bool
    current: int
    slips: int


@dataclass(frozen=True)
class WeekRecap:
    """The week in facts."""

    first: date
    last: date
    # Each of the seven days with its mood, if one was chosen.
    moods: tuple[tuple[date, int | None], ...]
    answered: int
    scheduled: int  # check-in days in the week, by their chosen weekdays
    average: float | None
    previous: float | None
    direction: Direction | None
    trackers: tuple[TrackerWeek, ...]
    helped: str | None  # the idea marked "this helped" most often (ties: the latest)
    urges_passed: int

    @property
    def quiet(self) -> bool:
        """Nothing happened: no answers, slips, urges or ideas that helped (then no recap is
        sent: someone who stopped answering doesn't get "0 of 7" every week)."""
        slips = any(t.slips for t in self.trackers)
        return not (self.answered or slips or self.urges_passed or self.helped)

    @property
    def chartable(self) -> bool:
        """Enough moods to draw the week."""
        return sum(1 for _, mood in self.moods if mood is not None) >= 2


def _average(values: Iterable[int]) -> float | None:
    found = list(values)
    return sum(found) / len(found) if found else None


def week_recap(
    *,
    recap_day: date,
    moods: Mapping[date, int],
    answered_days: Iterable[date],
    trackers: Sequence[TrackerWeek] = (),
    helped: Sequence[str] = (),
    urges_passed: int = 0,
    weekdays: Weekdays = EVERY_DAY,
) -> WeekRecap:
    """Sum up the week before `recap_day`. `moods` may reach back into the week before (for
    the direction); `helped` lists the ideas marked "this helped" that week, oldest first."""
    first, last = week_of(recap_day)
    days = [first + timedelta(days=i) for i in range(WEEK)]
    this_week = [moods[d] for d in days if d in moods]
    before = [moods[d - timedelta(days=WEEK)] for d in days if d - timedelta(days=WEEK) in moods]
    average, previous = _average(this_week), _average(before)
    direction = None
    if average is not None and previous is not None:
        change = average - previous
        direction = (
            Direction.STEADY
            if abs(change) < STEADY_WITHIN
            else Direction.LIGHTER
            if change > 0
            else Direction.HEAVIER
        )
    answered = {d for d in answered_days if first <= d <= last} | {d for d in days if d in moods}
    counts = Counter(helped)
    best = max(counts.values(), default=0)
    top = next((idea for idea in reversed(helped) if counts[idea] == best), None)
    return WeekRecap(
        first=first,
        last=last,
        moods=tuple((d, moods.get(d)) for d in days),
        answered=len(answered),
        scheduled=max(len(answered), sum(1 for d in days if d.weekday() in weekdays)),
        average=average,
        previous=previous,
        direction=direction,
        trackers=tuple(trackers),
        helped=top,
        urges_passed=urges_passed,
    )
