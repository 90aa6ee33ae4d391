"""Keeping `users.next_due_at` and `users.next_recap_at` right whenever anything they depend
on changes."""

from __future__ import annotations

from datetime import datetime

from bot.db.models import User
from bot.domain.recap import next_recap_at
from bot.domain.schedule import next_due_at
from bot.domain.weekdays import Weekdays
from bot.services.uow import UnitOfWork


async def reschedule(work: UnitOfWork, user: User, now: datetime) -> None:
    """Recompute the next check-in from zone, time, weekdays, pause and the last one sent,
    and the next weekly recap from zone, time, its weekday and pause."""
    if user.timezone is None or user.checkin_time is None or user.onboarded_at is None:
        user.next_due_at = None
        user.next_recap_at = None
        return
    start = max(now, user.paused_until) if user.paused_until else now
    if not user.recap_enabled:
        user.next_recap_at = None
    elif user.next_recap_at is None or user.next_recap_at > now:
        # A recap already due stays due: the delivery tick takes it (or skips it if too
        # late); moving it on here would silently drop this week's.
        user.next_recap_at = next_recap_at(
            zone=user.timezone,
            at=user.checkin_time,
            weekday=user.recap_weekday,
            after=start,
            last_recap_day=await work.recaps.last_day(user.id),
        )
    user.next_due_at = next_due_at(
        zone=user.timezone,
        at=user.checkin_time,
        weekdays=Weekdays(user.checkin_weekdays),
        after=start,
        last_local_date=await work.checkins.last_local_date(user.id),
    )
