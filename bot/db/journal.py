"""Journal reads: answers with their check-in's kind, mood and trigger, newest first."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Answer, CheckIn

Row = tuple[Answer, str, int | None, str | None]


class JournalRepository:
    """One person's entries. Texts come out decrypted (the column type opens them)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @staticmethod
    def _rows(user_id: int) -> Select[Any]:
        return (
            select(Answer, CheckIn.kind, CheckIn.mood, CheckIn.trigger)
            .join(CheckIn, CheckIn.id == Answer.checkin_id)
            .where(Answer.user_id == user_id)
            .order_by(Answer.local_date.desc(), Answer.id.desc())
        )

    async def count(self, user_id: int) -> int:
        """How many entries they have."""
        result = await self._session.execute(select(func.count()).where(Answer.user_id == user_id))
        return int(result.scalar_one())

    async def page(self, user_id: int, offset: int, limit: int) -> list[Row]:
        """A slice, newest first."""
        result = await self._session.execute(self._rows(user_id).offset(offset).limit(limit))
        return [(a, k, m, t) for a, k, m, t in result.tuples()]

    async def every(self, user_id: int) -> list[Row]:
        """All of them, newest first (for a search in memory)."""
        result = await self._session.execute(self._rows(user_id))
        return [(a, k, m, t) for a, k, m, t in result.tuples()]

    async def one(self, answer_id: int, user_id: int) -> Row | None:
        """One entry, only if it is theirs."""
        result = await self._session.execute(self._rows(user_id).where(Answer.id == answer_id))
        row = result.tuples().first()
        return None if row is None else (row[0], row[1], row[2], row[3])
