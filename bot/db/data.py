"""Everything the bot holds about one person: counted, dumped as plain data, or erased."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.base import Base
from bot.db.models import (
    Answer,
    CheckIn,
    ConversationState,
    MilestoneSent,
    Reason,
    Suggestion,
    Tracker,
    TrackerEvent,
    UnsentMessage,
    Urge,
    User,
)

# Every table that holds a person's rows, keyed by user_id (users itself by id). A test checks
# that no table is missing from this list.
PERSONAL: tuple[type[Base], ...] = (
    ConversationState,
    CheckIn,
    Answer,
    Suggestion,
    Tracker,
    TrackerEvent,
    MilestoneSent,
    Reason,
    Urge,
    UnsentMessage,
)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def _row(obj: Base) -> dict[str, Any]:
    return {column.key: _plain(getattr(obj, column.key)) for column in obj.__mapper__.columns}


class DataRepository:
    """One person's rows across every table."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def counts(self, user_id: int) -> dict[str, int]:
        """Rows per table (only tables with any)."""
        found: dict[str, int] = {}
        for model in PERSONAL:
            column = model.__table__.c.user_id
            result = await self._session.execute(select(func.count()).where(column == user_id))
            if count := int(result.scalar_one()):
                found[model.__tablename__] = count
        return found

    async def dump(self, user: User) -> dict[str, list[dict[str, Any]]]:
        """Every row of theirs, table by table, as plain JSON-ready values."""
        tables: dict[str, list[dict[str, Any]]] = {"users": [_row(user)]}
        for model in PERSONAL:
            column = model.__table__.c.user_id
            primary = next(iter(model.__table__.primary_key.columns))  # type: ignore[attr-defined]
            result = await self._session.execute(
                select(model).where(column == user.id).order_by(primary)
            )
            tables[model.__tablename__] = [_row(obj) for obj in result.scalars()]
        return tables

    async def erase(self, user_id: int) -> None:
        """Delete the person; every table of theirs follows (ON DELETE CASCADE)."""
        await self._session.execute(delete(User).where(User.id == user_id))
