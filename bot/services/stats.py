"""/stats: the facts behind the charts, and a short summary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.clock import Clock
from bot.db.trackers import ACTIVE, ARCHIVED, PAUSED
from bot.domain.insights import Insights, insights
from bot.domain.profile import Who
from bot.domain.schedule import local_date
from bot.domain.streaks import EventKind, Status, TrackerKind, status
from bot.services.uow import UnitOfWorkFactory

SPAN = 90


@dataclass(frozen=True)
class StatsShown:
    """Enough to draw; `no_contact` is the no-contact count if there is one."""

    data: Insights
    no_contact: Status | None


@dataclass(frozen=True)
class NotEnough:
    """Too little yet: how many more days with a mood are needed."""

    days_needed: int


@dataclass(frozen=True)
class NoStats:
    """Not set up."""


StatsOutcome = StatsShown | NotEnough | NoStats


class StatsService:
    """Reads only."""

    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def stats(self, who: Who) -> StatsOutcome:
        """The last 90 days."""
        async with self._uow() as work:
            user = await work.users.by_telegram_id(who.telegram_user_id)
            if user is None or user.timezone is None:
                return NoStats()
            today = local_date(self._clock.now(), user.timezone)
            since = today - timedelta(days=SPAN)
            trackers = await work.trackers.for_user(user.id, (ACTIVE, PAUSED, ARCHIVED))
            events = await work.trackers.events([t.id for t in trackers])
            slips = [
                e.day for t in trackers for e in events.get(t.id, []) if e.kind is EventKind.SLIP
            ]
            no_contact = next((t for t in trackers if t.kind == TrackerKind.NO_CONTACT), None)
            nc_slips = (
                [e.day for e in events.get(no_contact.id, []) if e.kind is EventKind.SLIP]
                if no_contact
                else []
            )
            data = insights(
                today=today,
                moods=await work.insights.moods(user.id, since),
                triggers=[
                    *await work.insights.triggers(user.id, since),
                    *(
                        e.trigger
                        for t in trackers
                        for e in events.get(t.id, [])
                        if e.trigger and e.day >= since
                    ),
                ],
                slip_days=slips,
                tracked_from=no_contact.started_on if no_contact else None,
                tracked_slips=nc_slips,
                answered=await work.insights.answered_days(user.id, since),
                span=SPAN,
            )
            if not data.enough:
                return NotEnough(data.days_needed)
            shown_status = (
                status(no_contact.started_on, events.get(no_contact.id, []), today)
                if no_contact
                else None
            )
            return StatsShown(data, shown_status)
