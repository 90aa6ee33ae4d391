"""A delivery engine over the test database, sending through the recording in-process Bot API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from telegram import Bot

from bot.app import OFFLINE_TOKEN
from bot.clock import ManualClock
from bot.console.local_api import LocalBotApi
from bot.content.loader import Content
from bot.db.engine import create_session_factory
from bot.db.models import CheckIn, User
from bot.delivery.engine import DeliveryEngine, EngineSettings, TickReport
from bot.domain.weekdays import Weekdays
from bot.services.scheduling import reschedule
from bot.services.uow import UnitOfWorkFactory, unit_of_work_factory


@dataclass
class Harness:
    """Everything a delivery test touches."""

    engine: DeliveryEngine
    api: LocalBotApi
    clock: ManualClock
    uow: UnitOfWorkFactory
    bot: Bot
    sleeps: list[float]
    sessions: async_sessionmaker[AsyncSession]

    async def add_user(
        self, telegram_id: int, zone: str, at: time, weekdays: Weekdays | None = None
    ) -> int:
        """An onboarded person with their schedule computed; returns users.id."""
        now = self.clock.now()
        async with self.uow() as work:
            user = await work.users.add(
                telegram_user_id=telegram_id, chat_id=telegram_id, language="en", now=now
            )
            user.timezone, user.checkin_time, user.onboarded_at = zone, at, now
            user.checkin_weekdays = (weekdays or Weekdays()).mask
            await reschedule(work, user, now)
            await work.commit()
            return user.id

    async def tick(self) -> TickReport:
        """One tick of the engine."""
        return await self.engine.tick()

    async def advance_and_tick(self, delta: timedelta) -> TickReport:
        """Move the clock, then tick."""
        self.clock.advance(delta)
        return await self.tick()

    async def checkins(self, user_id: int | None = None) -> list[CheckIn]:
        """Check-in rows, oldest first."""
        async with self.sessions() as session:
            stmt = select(CheckIn).order_by(CheckIn.id)
            if user_id is not None:
                stmt = stmt.where(CheckIn.user_id == user_id)
            return list((await session.execute(stmt)).scalars())

    async def user(self, user_id: int) -> User:
        """A user row as stored."""
        async with self.sessions() as session:
            user = await session.get(User, user_id)
            assert user is not None
            return user

    def sent_to(self, chat_id: int) -> list[str]:
        """Texts sent to one chat."""
        return [
            str(c.params["text"])
            for c in self.api.sent("sendMessage")
            if int(c.params["chat_id"]) == chat_id
        ]


def make_engine(
    uow: UnitOfWorkFactory,
    clock: ManualClock,
    bot: Bot,
    content: Content,
    sleeps: list[float],
    **overrides: object,
) -> DeliveryEngine:
    """An engine with fast, recorded backoff."""

    async def no_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    settings = EngineSettings(**{"backoff": (0.5, 1.0), **overrides})  # type: ignore[arg-type]
    return DeliveryEngine(
        uow=uow,
        clock=clock,
        bot=bot,
        prompts=content.prompts,
        milestones=content.milestones,
        settings=settings,
        sleep=no_sleep,
    )


@pytest.fixture
async def harness(engine: AsyncEngine, content: Content) -> AsyncIterator[Harness]:
    """The engine at 2026-11-21 20:00 UTC (a Saturday)."""
    clock = ManualClock(datetime(2026, 11, 21, 20, 0, tzinfo=UTC))
    api = LocalBotApi()
    bot = Bot(OFFLINE_TOKEN, request=api, get_updates_request=api)
    await bot.initialize()
    sessions = create_session_factory(engine)
    uow = unit_of_work_factory(sessions)
    sleeps: list[float] = []
    yield Harness(
        make_engine(uow, clock, bot, content, sleeps), api, clock, uow, bot, sleeps, sessions
    )
    await bot.shutdown()
