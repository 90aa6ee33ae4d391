"""Repositories: queries and changes for one aggregate each. They never commit."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Answer, CheckIn, ConversationState, Suggestion, User

CHECKIN = "checkin"
NOTE = "note"
HELPED = "helped"
NOT_FOR_ME = "not_for_me"


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
            recap_weekday=6,
            recap_enabled=True,
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

    async def open_question(
        self, user_id: int, flow: str, now: datetime, lifetime: timedelta
    ) -> ConversationState | None:
        """This flow's pending question if it is still fresh. One older than `lifetime` is
        forgotten (the person moved on: their words go elsewhere); other flows' are left."""
        state = await self.get(user_id)
        if state is None or state.flow != flow:
            return None
        if now - state.updated_at > lifetime:
            await self.clear(user_id)
            return None
        return state

    async def clear(self, user_id: int) -> None:
        """Forget the pending question."""
        await self._session.execute(
            delete(ConversationState).where(ConversationState.user_id == user_id)
        )


class CheckInRepository:
    """Check-ins and their answers, one person at a time."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get_owned(self, checkin_id: int, user_id: int) -> CheckIn | None:
        """The check-in if it belongs to `user_id` (callback data is untrusted)."""
        result = await self._session.execute(
            select(CheckIn).where(CheckIn.id == checkin_id, CheckIn.user_id == user_id)
        )
        return result.scalar_one_or_none()

    async def for_day(self, user_id: int, local_date: date, kind: str) -> CheckIn | None:
        """The check-in of that kind on that local day."""
        result = await self._session.execute(
            select(CheckIn).where(
                CheckIn.user_id == user_id, CheckIn.local_date == local_date, CheckIn.kind == kind
            )
        )
        return result.scalar_one_or_none()

    async def last_local_date(self, user_id: int) -> date | None:
        """The local day of the newest daily check-in written for this person."""
        result = await self._session.execute(
            select(func.max(CheckIn.local_date)).where(
                CheckIn.user_id == user_id, CheckIn.kind == CHECKIN
            )
        )
        return result.scalar_one_or_none()

    async def open_for_answer(self, user_id: int, since: datetime) -> CheckIn | None:
        """The newest daily check-in sent after `since`: what a message now is answering."""
        result = await self._session.execute(
            select(CheckIn)
            .where(
                CheckIn.user_id == user_id,
                CheckIn.kind == CHECKIN,
                CheckIn.status == "sent",
                CheckIn.sent_at >= since,
            )
            .order_by(CheckIn.sent_at.desc())
            .limit(1)
        )
        return result.scalar_one_or_none()

    async def prompt_usage(self, user_id: int) -> dict[str, int]:
        """How often each prompt was asked of this person."""
        result = await self._session.execute(
            select(CheckIn.prompt_id, func.count())
            .where(CheckIn.user_id == user_id, CheckIn.prompt_id.is_not(None))
            .group_by(CheckIn.prompt_id)
        )
        return {prompt_id: count for prompt_id, count in result.tuples() if prompt_id}

    def add(self, checkin: CheckIn) -> CheckIn:
        """Stage a new check-in."""
        self._session.add(checkin)
        return checkin

    async def flush(self) -> None:
        """Send pending changes so new rows get ids (and unique keys are checked)."""
        await self._session.flush()

    async def answer_for(self, checkin_id: int) -> Answer | None:
        """The answer to a check-in, if any."""
        result = await self._session.execute(select(Answer).where(Answer.checkin_id == checkin_id))
        return result.scalar_one_or_none()

    def add_answer(self, answer: Answer) -> Answer:
        """Stage a new answer."""
        self._session.add(answer)
        return answer


class SuggestionRepository:
    """Coping ideas shown to a person."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def recent_ids(self, user_id: int, limit: int = 10) -> list[str]:
        """The ids of the last `limit` ideas shown, newest first."""
        result = await self._session.execute(
            select(Suggestion.idea_id)
            .where(Suggestion.user_id == user_id)
            .order_by(Suggestion.shown_at.desc(), Suggestion.id.desc())
            .limit(limit)
        )
        return list(result.scalars())

    async def feedback(self, user_id: int) -> dict[str, int]:
        """Idea id -> times it helped minus times it was "not for me", for this person."""
        result = await self._session.execute(
            select(Suggestion.idea_id, Suggestion.feedback).where(
                Suggestion.user_id == user_id, Suggestion.feedback.is_not(None)
            )
        )
        net: dict[str, int] = {}
        for idea_id, said in result.tuples():
            net[idea_id] = net.get(idea_id, 0) + (1 if said == HELPED else -1)
        return net

    async def get_owned(self, suggestion_id: int, user_id: int) -> Suggestion | None:
        """A shown idea, only if it was shown to this person."""
        result = await self._session.execute(
            select(Suggestion).where(Suggestion.id == suggestion_id, Suggestion.user_id == user_id)
        )
        return result.scalar_one_or_none()

    def add(self, suggestion: Suggestion) -> Suggestion:
        """Stage a shown idea."""
        self._session.add(suggestion)
        return suggestion

    async def flush(self) -> None:
        """Give staged rows their ids."""
        await self._session.flush()
