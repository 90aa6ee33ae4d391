"""Trackers as use cases, against a real database and a manual clock (no Telegram)."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import ManualClock
from bot.content.loader import Content
from bot.db.engine import create_session_factory
from bot.domain.profile import Who
from bot.domain.streaks import EventKind, TrackerKind
from bot.services.trackers import (
    Ask,
    Asked,
    ContactLogged,
    Gone,
    NotSetUp,
    Overview,
    SlipLogged,
    Started,
    TrackerService,
    Undone,
)
from bot.services.uow import unit_of_work_factory

BEA = Who(telegram_user_id=601, chat_id=601, language="en")


@pytest.fixture
def service(engine: AsyncEngine, clock: ManualClock, content: Content) -> TrackerService:
    return TrackerService(
        uow=unit_of_work_factory(create_session_factory(engine)),
        clock=clock,
        milestones=content.milestones,
    )


@pytest.fixture
async def bea(engine: AsyncEngine, clock: ManualClock) -> None:
    """Bea, onboarded in Berlin."""
    async with unit_of_work_factory(create_session_factory(engine))() as work:
        user = await work.users.add(
            telegram_user_id=601, chat_id=601, language="en", now=clock.now()
        )
        user.timezone, user.checkin_time, user.onboarded_at = "Europe/Berlin", time(21), clock.now()
        await work.commit()


async def test_no_zone_no_counts(service: TrackerService) -> None:
    assert isinstance(await service.overview(BEA), NotSetUp)


@pytest.mark.usefixtures("bea")
async def test_backdated_start_slip_undo_and_contact(service: TrackerService) -> None:
    asked = await service.begin(BEA, TrackerKind.NO_CONTACT)
    assert asked == Asked(Ask.SINCE, "No contact")
    future = await service.on_text(BEA, "tomorrow")
    assert isinstance(future, Asked)
    assert future.problem is not None  # never in the future
    started = await service.on_text(BEA, "6 days ago")
    assert isinstance(started, Started)
    assert started.tracker.status.current == 6
    assert [a.milestone.days for a in started.announcements] == [3]
    tid = started.tracker.id
    slipped = await service.log_slip(BEA, tid, "met")
    assert isinstance(slipped, SlipLogged)
    assert (slipped.before, slipped.tracker.status.current, slipped.tracker.status.longest) == (
        6,
        0,
        6,
    )
    resisted = await service.log_contact(BEA, tid, EventKind.RESISTED)
    assert isinstance(resisted, ContactLogged)
    assert resisted.tracker.status.resisted == 1
    undone = await service.undo(BEA, slipped.event_id)
    assert isinstance(undone, Undone)
    assert undone.tracker.status.current == 6
    assert isinstance(await service.undo(BEA, slipped.event_id), Gone)  # once


@pytest.mark.usefixtures("bea")
async def test_a_backdated_slip_and_a_new_day(service: TrackerService, clock: ManualClock) -> None:
    started = await service.start(BEA, TrackerKind.PLATFORM, "TikTok", date(2026, 11, 1))
    assert isinstance(started, Started)
    slipped = await service.log_slip(BEA, started.tracker.id, None)
    assert isinstance(slipped, SlipLogged)
    await service.ask_about(BEA, Ask.SLIP_DAY, event_id=slipped.event_id)
    moved = await service.on_text(BEA, "15 November")
    assert isinstance(moved, SlipLogged)
    assert moved.tracker.status.current == 5  # 16-20 November, completed days
    clock.advance(timedelta(days=1))
    shown = await service.overview(BEA, "social")
    assert isinstance(shown, Overview)
    assert shown.trackers[0].status.current == 6
    assert shown.trackers[0].label == "Off TikTok"
