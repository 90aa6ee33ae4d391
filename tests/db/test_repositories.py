"""Repositories against a real database (SQLite, and PostgreSQL in CI)."""

from datetime import UTC, datetime, time

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.engine import create_session_factory
from bot.db.models import ConversationState, User
from bot.db.repositories import ConversationRepository, UserRepository

NOW = datetime(2026, 11, 21, 21, 0, tzinfo=UTC)


async def test_a_user_round_trips_with_aware_times(engine: AsyncEngine) -> None:
    """What is stored comes back the same, instants in UTC and aware."""
    sessions = create_session_factory(engine)
    async with sessions() as session:
        user = await UserRepository(session).add(
            telegram_user_id=2**40, chat_id=2**40, language="en", now=NOW
        )
        user.timezone, user.checkin_time = "Asia/Kathmandu", time(21, 30)
        await session.commit()
    async with sessions() as session:
        loaded = await UserRepository(session).by_telegram_id(2**40)
        assert loaded is not None
        assert (loaded.timezone, loaded.checkin_time) == ("Asia/Kathmandu", time(21, 30))
        assert loaded.created_at == NOW
        assert loaded.created_at.tzinfo is not None
        assert loaded.checkin_weekdays == 0b1111111
        assert loaded.is_active


async def test_telegram_ids_are_unique(engine: AsyncEngine) -> None:
    """One row per Telegram user, enforced by the database."""
    sessions = create_session_factory(engine)
    async with sessions() as session:
        users = UserRepository(session)
        await users.add(telegram_user_id=7, chat_id=7, language=None, now=NOW)
        with pytest.raises(IntegrityError):
            await users.add(telegram_user_id=7, chat_id=7, language=None, now=NOW)


async def test_conversation_state_is_replaced_and_cleared(engine: AsyncEngine) -> None:
    """One pending question per user; setting replaces, clearing forgets."""
    sessions = create_session_factory(engine)
    async with sessions() as session:
        user = await UserRepository(session).add(
            telegram_user_id=8, chat_id=8, language=None, now=NOW
        )
        states = ConversationRepository(session)
        await states.set(user_id=user.id, flow="onboarding", step="zone", now=NOW)
        await states.set(
            user_id=user.id, flow="settings", step="time", now=NOW, payload={"from": "button"}
        )
        await session.commit()
        state = await states.get(user.id)
        assert state is not None
        assert (state.flow, state.step, state.payload) == ("settings", "time", {"from": "button"})
        await states.clear(user.id)
        await session.commit()
        assert await states.get(user.id) is None


async def test_deleting_a_user_deletes_their_conversation(engine: AsyncEngine) -> None:
    """ON DELETE CASCADE works on both backends (SQLite needs foreign_keys=ON)."""
    sessions = create_session_factory(engine)
    async with sessions() as session:
        user = await UserRepository(session).add(
            telegram_user_id=9, chat_id=9, language=None, now=NOW
        )
        await ConversationRepository(session).set(
            user_id=user.id, flow="onboarding", step="zone", now=NOW
        )
        await session.commit()
        await session.delete(user)
        await session.commit()
    async with sessions() as session:
        assert (await session.execute(select(ConversationState))).first() is None
        assert (await session.execute(select(User))).first() is None


async def test_naive_datetimes_are_refused(engine: AsyncEngine) -> None:
    """A naive datetime is a bug (whose clock?); storing one fails loudly."""
    sessions = create_session_factory(engine)
    async with sessions() as session:
        session.add(
            User(
                telegram_user_id=10,
                chat_id=10,
                checkin_weekdays=127,
                is_active=True,
                created_at=datetime(2026, 1, 1),
                updated_at=NOW,
            )
        )
        with pytest.raises(Exception, match="naive"):
            await session.flush()


async def test_trackers_events_and_milestones_go_with_their_person(engine: AsyncEngine) -> None:
    """Deleting a person deletes their trackers, slips and milestones; a milestone recorded
    twice for one streak (two writers racing) is kept once, without an error."""
    from datetime import date

    from sqlalchemy import delete

    from bot.db.models import MilestoneSent, Tracker, TrackerEvent
    from bot.db.trackers import TrackerRepository

    sessions = create_session_factory(engine)
    async with sessions() as session:
        user = await UserRepository(session).add(
            telegram_user_id=10, chat_id=10, language=None, now=NOW
        )
        trackers = TrackerRepository(session)
        tracker = trackers.add(
            Tracker(
                user_id=user.id,
                kind="no_contact",
                label="No contact",
                started_on=date(2026, 11, 1),
                state="active",
                created_at=NOW,
                updated_at=NOW,
            )
        )
        await trackers.flush()
        trackers.add_event(
            TrackerEvent(
                tracker_id=tracker.id,
                user_id=user.id,
                local_date=date(2026, 11, 5),
                kind="slip",
                note="private words",
                created_at=NOW,
            )
        )
        row = {
            "tracker_id": tracker.id,
            "user_id": user.id,
            "streak_start": date(2026, 11, 6),
            "days": 7,
            "reached_on": date(2026, 11, 13),
            "created_at": NOW,
        }
        await trackers.add_milestones([row])
        await trackers.add_milestones([row])
        await session.commit()
        assert len((await session.execute(select(MilestoneSent))).all()) == 1
        assert (await trackers.events([tracker.id]))[tracker.id][0].note == "private words"
        await session.execute(delete(User).where(User.id == user.id))
        await session.commit()
    async with sessions() as session:
        for model in (Tracker, TrackerEvent, MilestoneSent):
            assert (await session.execute(select(model))).first() is None
