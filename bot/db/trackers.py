"""Trackers, their events and announced milestones. Never commits (the unit of work does)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.base import upsert_insert
from bot.db.models import MilestoneSent, Tracker, TrackerEvent
from bot.domain.streaks import Event, EventKind

ACTIVE = "active"
PAUSED = "paused"
ARCHIVED = "archived"


class TrackerRepository:
    """One person's trackers and everything logged on them."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def for_user(
        self, user_id: int, states: Sequence[str] = (ACTIVE, PAUSED)
    ) -> list[Tracker]:
        """The person's trackers in these states, oldest first."""
        result = await self._session.execute(
            select(Tracker)
            .where(Tracker.user_id == user_id, Tracker.state.in_(states))
            .order_by(Tracker.id)
        )
        return list(result.scalars())

    async def for_users(self, user_ids: Sequence[int]) -> dict[int, list[Tracker]]:
        """Active trackers of many people at once (the delivery engine's batches)."""
        found: dict[int, list[Tracker]] = defaultdict(list)
        if not user_ids:
            return found
        result = await self._session.execute(
            select(Tracker)
            .where(Tracker.user_id.in_(user_ids), Tracker.state == ACTIVE)
            .order_by(Tracker.id)
        )
        for tracker in result.scalars():
            found[tracker.user_id].append(tracker)
        return found

    async def get_owned(self, tracker_id: int, user_id: int) -> Tracker | None:
        """The tracker, only if it belongs to this person (ids in buttons are untrusted)."""
        result = await self._session.execute(
            select(Tracker).where(Tracker.id == tracker_id, Tracker.user_id == user_id)
        )
        return result.scalar_one_or_none()

    async def of_kind(self, user_id: int, kind: str) -> Tracker | None:
        """The person's first tracker of a kind (there is one no-contact tracker)."""
        result = await self._session.execute(
            select(Tracker)
            .where(Tracker.user_id == user_id, Tracker.kind == kind)
            .order_by(Tracker.id)
            .limit(1)
        )
        return result.scalar_one_or_none()

    def add(self, tracker: Tracker) -> Tracker:
        """Stage a new tracker."""
        self._session.add(tracker)
        return tracker

    async def flush(self) -> None:
        """Give staged rows their ids."""
        await self._session.flush()

    async def events(self, tracker_ids: Sequence[int]) -> dict[int, list[Event]]:
        """The events still standing (not undone) that counts depend on, per tracker.

        Confirmed days change no count, and there is one per tracker per day, so they are
        left out: plain rows, not ORM objects, keep /streaks fast with years of history.
        """
        found: dict[int, list[Event]] = defaultdict(list)
        if not tracker_ids:
            return found
        result = await self._session.execute(
            select(
                TrackerEvent.tracker_id,
                TrackerEvent.local_date,
                TrackerEvent.kind,
                TrackerEvent.id,
                TrackerEvent.what,
                TrackerEvent.trigger,
                TrackerEvent.note,
            ).where(
                TrackerEvent.tracker_id.in_(tracker_ids),
                TrackerEvent.undone_at.is_(None),
                TrackerEvent.kind != EventKind.CONFIRMED.value,
            )
        )
        for tracker_id, day, kind, event_id, what, trigger, note in result.all():
            found[tracker_id].append(Event(day, EventKind(kind), event_id, what, trigger, note))
        return found

    def add_event(self, event: TrackerEvent) -> TrackerEvent:
        """Stage a new event."""
        self._session.add(event)
        return event

    async def event_owned(self, event_id: int, user_id: int) -> TrackerEvent | None:
        """An event, only if it belongs to this person."""
        result = await self._session.execute(
            select(TrackerEvent).where(TrackerEvent.id == event_id, TrackerEvent.user_id == user_id)
        )
        return result.scalar_one_or_none()

    async def last_slip(self, tracker_id: int) -> TrackerEvent | None:
        """The most recently logged slip still standing."""
        result = await self._session.execute(
            select(TrackerEvent)
            .where(
                TrackerEvent.tracker_id == tracker_id,
                TrackerEvent.kind == EventKind.SLIP.value,
                TrackerEvent.undone_at.is_(None),
            )
            .order_by(TrackerEvent.id.desc())
            .limit(1)
        )
        return result.scalar_one_or_none()

    async def daily_answer(self, tracker_id: int, checkin_id: int) -> TrackerEvent | None:
        """The yes (slip) or no (confirmed) given to a check-in's question, if still standing."""
        result = await self._session.execute(
            select(TrackerEvent)
            .where(
                TrackerEvent.tracker_id == tracker_id,
                TrackerEvent.checkin_id == checkin_id,
                TrackerEvent.kind.in_((EventKind.SLIP.value, EventKind.CONFIRMED.value)),
                TrackerEvent.undone_at.is_(None),
            )
            .order_by(TrackerEvent.id.desc())
            .limit(1)
        )
        return result.scalar_one_or_none()

    async def daily_answers(self, checkin_id: int) -> dict[int, str]:
        """Tracker id -> "yes" or "no" for the questions of one check-in."""
        result = await self._session.execute(
            select(TrackerEvent.tracker_id, TrackerEvent.kind)
            .where(
                TrackerEvent.checkin_id == checkin_id,
                TrackerEvent.kind.in_((EventKind.SLIP.value, EventKind.CONFIRMED.value)),
                TrackerEvent.undone_at.is_(None),
            )
            .order_by(TrackerEvent.id)
        )
        return {
            tracker_id: "yes" if kind == EventKind.SLIP.value else "no"
            for tracker_id, kind in result.all()
        }

    async def announced(self, tracker_ids: Sequence[int]) -> dict[tuple[int, date], set[int]]:
        """(tracker id, streak start) -> the milestones already announced for that streak."""
        found: dict[tuple[int, date], set[int]] = defaultdict(set)
        if not tracker_ids:
            return found
        result = await self._session.execute(
            select(MilestoneSent.tracker_id, MilestoneSent.streak_start, MilestoneSent.days).where(
                MilestoneSent.tracker_id.in_(tracker_ids)
            )
        )
        for tracker_id, streak_start, days in result.all():
            found[(tracker_id, streak_start)].add(days)
        return found

    async def milestones_of_checkin(self, checkin_id: int) -> list[MilestoneSent]:
        """Milestones that a check-in carries (sent again if the check-in is retried)."""
        result = await self._session.execute(
            select(MilestoneSent)
            .where(MilestoneSent.checkin_id == checkin_id)
            .order_by(MilestoneSent.id)
        )
        return list(result.scalars())

    async def milestones_for_checkins(
        self, checkin_ids: Sequence[int]
    ) -> list[tuple[int, int, int]]:
        """(check-in id, tracker id, days) of the milestones these check-ins carry."""
        if not checkin_ids:
            return []
        result = await self._session.execute(
            select(MilestoneSent.checkin_id, MilestoneSent.tracker_id, MilestoneSent.days)
            .where(MilestoneSent.checkin_id.in_(checkin_ids))
            .order_by(MilestoneSent.id)
        )
        return [(c, t, d) for c, t, d in result.tuples() if c is not None]

    async def answers_for_checkins(self, checkin_ids: Sequence[int]) -> dict[int, dict[int, str]]:
        """Check-in id -> tracker id -> "yes" or "no", for many check-ins at once."""
        found: dict[int, dict[int, str]] = defaultdict(dict)
        if not checkin_ids:
            return found
        result = await self._session.execute(
            select(TrackerEvent.checkin_id, TrackerEvent.tracker_id, TrackerEvent.kind)
            .where(
                TrackerEvent.checkin_id.in_(checkin_ids),
                TrackerEvent.kind.in_((EventKind.SLIP.value, EventKind.CONFIRMED.value)),
                TrackerEvent.undone_at.is_(None),
            )
            .order_by(TrackerEvent.id)
        )
        for checkin_id, tracker_id, kind in result.tuples():
            if checkin_id is not None:
                found[checkin_id][tracker_id] = "yes" if kind == EventKind.SLIP.value else "no"
        return found

    async def add_milestones(self, rows: Sequence[dict[str, Any]]) -> None:
        """Record announced milestones; one already recorded (a check-in being claimed while
        the person opens /streaks) is left as it is."""
        if rows:
            stmt = upsert_insert(self._session, MilestoneSent).on_conflict_do_nothing(
                index_elements=["tracker_id", "streak_start", "days"]
            )
            await self._session.execute(stmt, list(rows))
