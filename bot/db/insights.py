"""Reads for /stats: moods, triggers and answered days since a date."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Answer, CheckIn
from bot.db.repositories import CHECKIN


class InsightsRepository:
    """One person's check-in facts (never their words)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def moods(self, user_id: int, since: date) -> dict[date, int]:
        """Local date -> mood chosen that day."""
        result = await self._session.execute(
            select(CheckIn.local_date, CheckIn.mood).where(
                CheckIn.user_id == user_id,
                CheckIn.kind == CHECKIN,
                CheckIn.local_date >= since,
                CheckIn.mood.is_not(None),
            )
        )
        return {day: mood for day, mood in result.tuples() if mood is not None}

    async def triggers(self, user_id: int, since: date) -> list[str]:
        """Triggers chosen in check-ins since a date."""
        result = await self._session.execute(
            select(CheckIn.trigger).where(
                CheckIn.user_id == user_id,
                CheckIn.local_date >= since,
                CheckIn.trigger.is_not(None),
            )
        )
        return [t for t in result.scalars() if t]

    async def answered_days(self, user_id: int, since: date) -> list[date]:
        """Days with a written check-in answer."""
        result = await self._session.execute(
            select(Answer.local_date)
            .join(CheckIn, CheckIn.id == Answer.checkin_id)
            .where(Answer.user_id == user_id, CheckIn.kind == CHECKIN, Answer.local_date >= since)
        )
        return list(result.scalars())
