"""The facts of one person's week, read in one unit of work (for the weekly recap)."""

from __future__ import annotations

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from bot.db.trackers import ACTIVE
from bot.domain.recap import WEEK, TrackerWeek, WeekRecap, week_of, week_recap
from bot.domain.schedule import local_instant
from bot.domain.streaks import EventKind, TrackerKind, status
from bot.domain.weekdays import Weekdays
from bot.services.uow import UnitOfWorkFactory


class RecapService:
    """Reads only; the delivery side decides when and whether to send."""

    def __init__(self, *, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def week(self, user_id: int, zone: str, recap_day: date, weekdays: Weekdays) -> WeekRecap:
        """The week before `recap_day` (local dates in `zone`)."""
        first, last = week_of(recap_day)
        tz = ZoneInfo(zone)
        since = local_instant(first, time(0), tz)
        until = local_instant(recap_day, time(0), tz)
        async with self._uow() as work:
            moods = await work.insights.moods(user_id, first - timedelta(days=WEEK))
            answered = await work.insights.answered_days(user_id, first)
            trackers = await work.trackers.for_user(user_id, (ACTIVE,))
            events = await work.trackers.events([t.id for t in trackers])
            counts = [
                TrackerWeek(
                    label=t.label,
                    no_contact=t.kind == TrackerKind.NO_CONTACT.value,
                    current=status(t.started_on, events.get(t.id, []), recap_day).current,
                    slips=len(
                        {
                            e.day
                            for e in events.get(t.id, [])
                            if e.kind is EventKind.SLIP and first <= e.day <= last
                        }
                    ),
                )
                for t in trackers
            ]
            helped = await work.recaps.helped(user_id, since, until)
            passed = await work.recaps.urges_passed(user_id, since, until)
        return week_recap(
            recap_day=recap_day,
            moods={d: m for d, m in moods.items() if d <= last},
            answered_days=answered,
            trackers=counts,
            helped=helped,
            urges_passed=passed,
            weekdays=weekdays,
        )
