"""Bulk queries for the delivery engine: claim due people, write claims, record results.

Written in SQL-expression form rather than one ORM object per person because the engine moves
thousands of rows a second. Like every repository, it never commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.base import expire_claims, update_existing, upsert_insert
from bot.db.models import CheckIn, User
from bot.db.repositories import CHECKIN


@dataclass(frozen=True)
class DueUser:
    """What the engine needs to know about a person whose check-in is due."""

    id: int
    chat_id: int
    timezone: str
    checkin_time: time
    weekdays: int
    next_due_at: datetime
    start: date | None
    created_at: datetime


@dataclass(frozen=True)
class PendingSend:
    """A check-in row to (re)send: after a retryable failure, or as an hour-later reminder."""

    checkin_id: int
    user_id: int
    chat_id: int
    prompt_id: str | None
    due_at: datetime
    attempts: int
    mood: int | None
    trigger: str | None
    local_date: date


class DeliveryRepository:
    """Claims and results, in batches."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    def _insert(self) -> Any:
        return upsert_insert(self._session, CheckIn)

    async def due_users(self, now: datetime, limit: int) -> list[DueUser]:
        """Active people due by `now`, locked for this transaction; others' locks are skipped."""
        stmt = (
            select(
                User.id,
                User.chat_id,
                User.timezone,
                User.checkin_time,
                User.checkin_weekdays,
                User.next_due_at,
                User.breakup_date,
                User.created_at,
            )
            .where(
                User.is_active.is_(True),
                User.next_due_at <= now,
                User.timezone.is_not(None),
                User.checkin_time.is_not(None),
                or_(User.paused_until.is_(None), User.paused_until <= now),
            )
            .order_by(User.next_due_at)
            .limit(limit)
            # Several bot processes on PostgreSQL: each takes different people, none waits.
            .with_for_update(skip_locked=True)
        )
        rows = (await self._session.execute(stmt)).tuples()
        return [
            DueUser(
                id=r[0],
                chat_id=r[1],
                timezone=r[2] or "UTC",
                checkin_time=r[3],
                weekdays=r[4],
                next_due_at=r[5],
                start=r[6],
                created_at=r[7],
            )
            for r in rows
            if r[3] is not None and r[5] is not None
        ]

    async def prompt_usage(self, user_ids: Sequence[int]) -> dict[int, dict[str, int]]:
        """For each person, how often each prompt was asked."""
        usage: dict[int, dict[str, int]] = {uid: {} for uid in user_ids}
        if not user_ids:
            return usage
        stmt = (
            select(CheckIn.user_id, CheckIn.prompt_id, func.count())
            .where(CheckIn.user_id.in_(user_ids), CheckIn.prompt_id.is_not(None))
            .group_by(CheckIn.user_id, CheckIn.prompt_id)
        )
        for user_id, prompt_id, count in (await self._session.execute(stmt)).tuples():
            if prompt_id:
                usage[user_id][prompt_id] = count
        return usage

    async def insert_claims(self, rows: Sequence[dict[str, Any]]) -> dict[int, int]:
        """Write claimed check-ins; a day that already has one is left alone.

        Returns user id -> new check-in id, only for rows actually inserted.
        """
        if not rows:
            return {}
        stmt = (
            self._insert()
            .on_conflict_do_nothing(index_elements=["user_id", "local_date", "kind"])
            .returning(CheckIn.user_id, CheckIn.id)
        )
        result = await self._session.execute(stmt, list(rows))
        return dict(result.tuples().all())

    async def set_next_due(self, next_due: dict[int, datetime], now: datetime) -> None:
        """Move each person's schedule on."""
        if next_due:
            await self._session.execute(
                update(User),
                [
                    {"id": uid, "next_due_at": due, "updated_at": now}
                    for uid, due in next_due.items()
                ],
            )

    async def expire_leases(self, now: datetime) -> int:
        """Claims whose process died before recording a result: mark them lost, never resend.

        Whether the message went out is unknown, and a second check-in the same day is worse
        than a missed one (see the engine's docstring).
        """
        return await expire_claims(self._session, CheckIn, now)

    async def _pending(self, condition: Any, limit: int) -> list[PendingSend]:
        stmt = (
            select(
                CheckIn.id,
                CheckIn.user_id,
                User.chat_id,
                CheckIn.prompt_id,
                CheckIn.due_at,
                CheckIn.attempts,
                CheckIn.mood,
                CheckIn.trigger,
                CheckIn.local_date,
            )
            .join(User, User.id == CheckIn.user_id)
            .where(condition, User.is_active.is_(True))
            .order_by(CheckIn.id)
            .limit(limit)
            .with_for_update(skip_locked=True, of=CheckIn)
        )
        return [PendingSend(*row) for row in (await self._session.execute(stmt)).tuples()]

    async def retries_due(self, now: datetime, limit: int) -> list[PendingSend]:
        """Check-ins whose last send failed in a retryable way, due for another try."""
        return await self._pending(and_(CheckIn.status == "retry", CheckIn.retry_at <= now), limit)

    async def reminders_due(self, now: datetime, limit: int) -> list[PendingSend]:
        """Sent check-ins whose "remind me in an hour" time has come."""
        return await self._pending(
            and_(CheckIn.status == "sent", CheckIn.remind_at <= now, CheckIn.kind == CHECKIN), limit
        )

    async def mark(self, changes: Sequence[dict[str, Any]]) -> None:
        """Bulk-update check-ins by id (each dict has "id" and the columns to set); rows
        erased meanwhile (/delete during a send) are left out rather than failing the batch."""
        await update_existing(self._session, CheckIn, changes)

    async def deactivate(self, user_ids: Sequence[int], now: datetime) -> None:
        """People who blocked the bot: no more sends until they write again."""
        if user_ids:
            await self._session.execute(
                update(User).where(User.id.in_(user_ids)).values(is_active=False, updated_at=now)
            )
