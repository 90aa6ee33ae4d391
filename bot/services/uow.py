"""The unit of work: one session, the repositories over it, one commit."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.data import DataRepository
from bot.db.delivery import DeliveryRepository
from bot.db.insights import InsightsRepository
from bot.db.journal import JournalRepository
from bot.db.recaps import RecapRepository
from bot.db.repositories import (
    CheckInRepository,
    ConversationRepository,
    SuggestionRepository,
    UserRepository,
)
from bot.db.trackers import TrackerRepository
from bot.db.urges import UrgeRepository


class UnitOfWork:
    """`async with uow() as work: ...; await work.commit()`: rolled back unless committed."""

    users: UserRepository
    conversations: ConversationRepository
    checkins: CheckInRepository
    suggestions: SuggestionRepository
    delivery: DeliveryRepository
    trackers: TrackerRepository
    urges: UrgeRepository
    data: DataRepository
    journal: JournalRepository
    insights: InsightsRepository
    recaps: RecapRepository

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._session: AsyncSession | None = None

    async def __aenter__(self) -> Self:
        self._session = self._sessions()
        self.users = UserRepository(self._session)
        self.conversations = ConversationRepository(self._session)
        self.checkins = CheckInRepository(self._session)
        self.suggestions = SuggestionRepository(self._session)
        self.delivery = DeliveryRepository(self._session)
        self.trackers = TrackerRepository(self._session)
        self.urges = UrgeRepository(self._session)
        self.data = DataRepository(self._session)
        self.journal = JournalRepository(self._session)
        self.insights = InsightsRepository(self._session)
        self.recaps = RecapRepository(self._session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._session is not None
        # close() rolls back anything not committed; loaded objects keep their values.
        await self._session.close()
        self._session = None

    async def commit(self) -> None:
        """Make every change of this unit durable."""
        assert self._session is not None
        await self._session.commit()


UnitOfWorkFactory = Callable[[], UnitOfWork]


def unit_of_work_factory(sessions: async_sessionmaker[AsyncSession]) -> UnitOfWorkFactory:
    """A factory that opens a fresh unit of work per use case."""
    return lambda: UnitOfWork(sessions)
