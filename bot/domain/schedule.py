"""When the next check-in is due, in UTC, from a local time of day, weekdays and an IANA zone.

Daylight saving is explicit:
- a local time that does not exist that day (clocks spring forward over it) is sent at the first
  minute that does exist after it (02:30 on a 02:00->03:00 night is sent at 03:00);
- a local time that happens twice (clocks fall back) is sent once, at the first occurrence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.weekdays import Weekdays

# Enough to cross any DST gap in the tz database (the longest is a few hours, historically).
_MAX_GAP_MINUTES = 24 * 60


def _exists(naive: datetime, zone: ZoneInfo) -> bool:
    aware = naive.replace(tzinfo=zone)
    return aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == naive


def local_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of wall-clock `at` on `day` in `zone`, with the DST rules above."""
    naive = datetime.combine(day, at.replace(second=0, microsecond=0, tzinfo=None))
    for _ in range(_MAX_GAP_MINUTES):
        if _exists(naive, zone):
            # fold=0 is the first of two occurrences when the clocks fall back.
            return naive.replace(tzinfo=zone, fold=0).astimezone(UTC)
        naive += timedelta(minutes=1)
    raise ValueError("no valid local time within a day")  # pragma: no cover (no such zone)


def local_date(instant: datetime, zone: str) -> date:
    """The calendar date in `zone` at `instant`."""
    return instant.astimezone(ZoneInfo(zone)).date()


def next_due_at(
    *,
    zone: str,
    at: time,
    weekdays: Weekdays,
    after: datetime,
    last_local_date: date | None = None,
) -> datetime:
    """The first check-in instant strictly after `after`, on a chosen weekday, on a local date
    later than `last_local_date` (the day of the last check-in delivered)."""
    if after.tzinfo is None:
        raise ValueError("`after` must be timezone-aware")
    tz = ZoneInfo(zone)
    day = after.astimezone(tz).date()
    if last_local_date is not None and day <= last_local_date:
        day = last_local_date + timedelta(days=1)
    for _ in range(15):
        if day.weekday() in weekdays:
            instant = local_instant(day, at, tz)
            if instant > after:
                return instant
        day += timedelta(days=1)
    raise AssertionError("a weekday set always matches within two weeks")  # pragma: no cover


def latest_due_at_or_before(
    *,
    zone: str,
    at: time,
    weekdays: Weekdays,
    scheduled: datetime,
    now: datetime,
) -> datetime:
    """The newest occurrence of the schedule in [scheduled, now] (or `scheduled` itself).

    After downtime, the stored due instant may be days old; only the newest missed occurrence
    may still be sent, so there is never a burst of old prompts.
    """
    latest = scheduled
    while True:
        following = next_due_at(
            zone=zone,
            at=at,
            weekdays=weekdays,
            after=latest,
            last_local_date=local_date(latest, zone),
        )
        if following > now:
            return latest
        latest = following


@dataclass(frozen=True)
class DuePlan:
    """What to do with a person whose check-in is due: send (or skip as too late), and when next."""

    send: bool
    due_at: datetime
    local_date: date
    next_due_at: datetime


def plan_due(
    *,
    zone: str,
    at: time,
    weekdays: Weekdays,
    scheduled: datetime,
    now: datetime,
    grace: timedelta,
) -> DuePlan:
    """Catch up to the newest missed occurrence; send it if it is within `grace`, else skip it.

    Either way the schedule moves past it, so downtime never causes a burst of old prompts.
    """
    latest = latest_due_at_or_before(
        zone=zone, at=at, weekdays=weekdays, scheduled=scheduled, now=now
    )
    day = local_date(latest, zone)
    if now - latest > grace:
        following = next_due_at(zone=zone, at=at, weekdays=weekdays, after=now, last_local_date=day)
        return DuePlan(send=False, due_at=latest, local_date=day, next_due_at=following)
    following = next_due_at(zone=zone, at=at, weekdays=weekdays, after=latest, last_local_date=day)
    return DuePlan(send=True, due_at=latest, local_date=day, next_due_at=following)
