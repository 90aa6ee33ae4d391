"""Repositories: queries and changes for one aggregate each. They never commit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ConversationState, User


class UserRepository:
    """Users by their Telegram id."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def by_telegram_id(self, telegram_user_id: int) -> User | None:
        """The user with this Telegram id, if any."""
        result = await self._session.execute(
            select(User).where(User.telegram_user_id == telegram_user_id)
        )
        return result.scalar_one_or_none()

    async def add(
        self, *, telegram_user_id: int, chat_id: int, language: str | None, now: datetime
    ) -> User:
        """A new user, flushed so it has an id."""
        user = User(
            telegram_user_id=telegram_user_id,
            chat_id=chat_id,
            language=language,
            checkin_weekdays=0b1111111,
            is_active=True,
            created_at=now,
            updated_at=now,
        )
        self._session.add(user)
        await self._session.flush()
        return user


class ConversationRepository:
    """The one pending question per user."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, user_id: int) -> ConversationState | None:
        """The user's pending question, if any."""
        return await self._session.get(ConversationState, user_id)

    async def set(
        self,
        *,
        user_id: int,
        flow: str,
        step: str,
        now: datetime,
        payload: dict[str, Any] | None = None,
    ) -> ConversationState:
        """Replace the pending question."""
        state = await self.get(user_id)
        if state is None:
            state = ConversationState(user_id=user_id, flow=flow, step=step)
            self._session.add(state)
        state.flow, state.step, state.updated_at = flow, step, now
        state.payload = dict(payload or {})
        return state

    async def clear(self, user_id: int) -> None:
        """Forget the pending question."""
        await self._session.execute(
            delete(ConversationState).where(ConversationState.user_id == user_id)
        )
