"""Weekly recaps: who is due, claims, results, and the few facts of a week that the check-in
tables don't already give (ideas that helped, urges got through). Never commits."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.base import expire_claims, update_existing, upsert_insert
from bot.db.models import Recap, Suggestion, Urge, User


@dataclass(frozen=True)
class RecapPerson:
    """What scheduling and claiming a recap needs to know about someone."""

    id: int
    chat_id: int
    timezone: str
    checkin_time: time
    weekday: int
    next_recap_at: datetime | None
    checkin_weekdays: int = 0b1111111


_PERSON = (
    User.id,
    User.chat_id,
    User.timezone,
    User.checkin_time,
    User.recap_weekday,
    User.next_recap_at,
    User.checkin_weekdays,
)


def _people(rows: Any) -> list[RecapPerson]:
    return [RecapPerson(*r) for r in rows if r[2] and r[3]]


@dataclass(frozen=True)
class RetryRecap:
    """A recap whose send failed for a passing reason, to try again."""

    recap_id: int
    person: RecapPerson
    local_date: date
    due_at: datetime
    attempts: int


class RecapRepository:
    """Claims and results, in batches, like the check-in engine's."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def unscheduled(self, limit: int) -> list[RecapPerson]:
        """People who want recaps but have none planned (new in this version, or imported)."""
        stmt = (
            select(*_PERSON)
            .where(
                User.is_active.is_(True),
                User.recap_enabled.is_(True),
                User.next_recap_at.is_(None),
                User.onboarded_at.is_not(None),
                User.timezone.is_not(None),
                User.checkin_time.is_not(None),
            )
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return _people((await self._session.execute(stmt)).tuples())

    async def due(self, now: datetime, limit: int) -> list[RecapPerson]:
        """Active, unpaused people whose recap is due, locked; others' locks are skipped."""
        stmt = (
            select(*_PERSON)
            .where(
                User.is_active.is_(True),
                User.recap_enabled.is_(True),
                User.next_recap_at <= now,
                User.timezone.is_not(None),
                User.checkin_time.is_not(None),
                or_(User.paused_until.is_(None), User.paused_until <= now),
            )
            .order_by(User.next_recap_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return _people((await self._session.execute(stmt)).tuples())

    async def set_next(self, next_at: dict[int, datetime], now: datetime) -> None:
        """Move each person's recap schedule on."""
        if next_at:
            await self._session.execute(
                update(User),
                [
                    {"id": uid, "next_recap_at": at, "updated_at": now}
                    for uid, at in next_at.items()
                ],
            )

    async def claim(self, rows: Sequence[dict[str, Any]]) -> dict[int, int]:
        """Write claimed recaps; a week that already has one is left alone. Returns user id
        -> recap id for the rows actually inserted."""
        if not rows:
            return {}
        stmt = (
            upsert_insert(self._session, Recap)
            .on_conflict_do_nothing(index_elements=["user_id", "local_date"])
            .returning(Recap.user_id, Recap.id)
        )
        return dict((await self._session.execute(stmt, list(rows))).tuples().all())

    async def expire_leases(self, now: datetime) -> int:
        """Claims whose process stopped before recording: lost, never sent again."""
        return await expire_claims(self._session, Recap, now)

    async def retries_due(self, now: datetime, limit: int) -> list[RetryRecap]:
        """Recaps waiting to be tried again, locked for this transaction."""
        stmt = (
            select(Recap.id, Recap.local_date, Recap.due_at, Recap.attempts, *_PERSON)
            .join(User, User.id == Recap.user_id)
            .where(Recap.status == "retry", Recap.retry_at <= now)
            .order_by(Recap.retry_at)
            .limit(limit)
            .with_for_update(skip_locked=True, of=Recap)
        )
        rows = (await self._session.execute(stmt)).tuples()
        return [RetryRecap(r[0], RecapPerson(*r[4:]), r[1], r[2], r[3]) for r in rows]

    async def last_day(self, user_id: int) -> date | None:
        """The day of the person's latest recap (sent or not: that week had its turn)."""
        result = await self._session.execute(
            select(func.max(Recap.local_date)).where(Recap.user_id == user_id)
        )
        return result.scalar_one_or_none()

    async def last_days(self, user_ids: Sequence[int]) -> dict[int, date]:
        """The same for many people at once."""
        if not user_ids:
            return {}
        result = await self._session.execute(
            select(Recap.user_id, func.max(Recap.local_date))
            .where(Recap.user_id.in_(user_ids))
            .group_by(Recap.user_id)
        )
        return {uid: day for uid, day in result.tuples() if day is not None}

    async def mark(self, changes: Sequence[dict[str, Any]]) -> None:
        """Bulk-update recaps by id; rows erased meanwhile (the person used /delete while
        their recap was on its way) are left out rather than failing the batch."""
        await update_existing(self._session, Recap, changes)

    async def helped(self, user_id: int, since: datetime, until: datetime) -> list[str]:
        """Ideas shown in [since, until) and marked "this helped", oldest first."""
        result = await self._session.execute(
            select(Suggestion.idea_id)
            .where(
                Suggestion.user_id == user_id,
                Suggestion.feedback == "helped",
                Suggestion.shown_at >= since,
                Suggestion.shown_at < until,
            )
            .order_by(Suggestion.shown_at, Suggestion.id)
        )
        return list(result.scalars())

    async def urges_passed(self, user_id: int, since: datetime, until: datetime) -> int:
        """Urges started in [since, until) whose wave passed."""
        result = await self._session.execute(
            select(func.count()).where(
                Urge.user_id == user_id,
                Urge.outcome == "passed",
                Urge.started_at >= since,
                Urge.started_at < until,
            )
        )
        return int(result.scalar_one())
