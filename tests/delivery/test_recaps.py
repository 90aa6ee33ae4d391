"""The weekly recap through the delivery engine: due on the chosen day at check-in time, once
per week from any number of processes, never in a burst after downtime, never when off."""

from __future__ import annotations

import asyncio
import io
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import select, update
from telegram.error import NetworkError, RetryAfter, TimedOut

from bot.content.loader import Content
from bot.db.engine import create_engine, create_session_factory
from bot.db.models import CheckIn, Recap, Suggestion, Tracker, TrackerEvent, Urge, User
from bot.delivery.engine import DeliveryEngine
from bot.delivery.recaps import Recaps, RecapSettings
from bot.services.scheduling import reschedule
from bot.services.uow import UnitOfWorkFactory, unit_of_work_factory
from tests.delivery.conftest import Harness

# The harness starts on Saturday 2026-11-21 at 20:00 UTC; Berlin is UTC+1, so a 21:00 check-in
# there is 20:00 UTC, and the first Sunday recap is due on 2026-11-22 at 20:00 UTC.
SUNDAY_DUE = timedelta(days=1)
BLOCKED = (
    403,
    {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked by the user"},
)


def recaps_for(harness: Harness, content: Content, uow: UnitOfWorkFactory | None = None) -> Recaps:
    """A recap sender over the harness's database and recording API."""
    return Recaps(
        uow=uow or harness.uow,
        clock=harness.clock,
        bot=harness.bot,
        idea_titles={idea.id: idea.title for idea in content.ideas},
        settings=RecapSettings(retry_later=timedelta(minutes=2), max_attempts=3),
    )


@pytest.fixture
def recaps(harness: Harness, content: Content) -> Recaps:
    """The sender under test."""
    return recaps_for(harness, content)


def _count(uid: int, now: datetime, label: str = "No contact", kind: str = "no_contact") -> Tracker:
    """An active count started on 1 November."""
    return Tracker(
        user_id=uid,
        kind=kind,
        label=label,
        platform="X" if kind == "platform" else None,
        started_on=date(2026, 11, 1),
        state="active",
        created_at=now,
        updated_at=now,
    )


async def _week(harness: Harness, uid: int, moods: dict[date, int], idea: str | None) -> None:
    """Check-ins with moods on these days, a no-contact count with a slip on the 17th, an idea
    marked "this helped" and an urge got through, all in the week of 15-21 Nov."""
    now = harness.clock.now()
    async with harness.sessions() as session:
        for day, mood in moods.items():
            session.add(
                CheckIn(
                    user_id=uid,
                    local_date=day,
                    kind="checkin",
                    status="sent",
                    due_at=now,
                    mood=mood,
                    created_at=now,
                    updated_at=now,
                )
            )
        tracker = _count(uid, now)
        session.add(tracker)
        await session.flush()
        session.add(
            TrackerEvent(
                tracker_id=tracker.id,
                user_id=uid,
                local_date=date(2026, 11, 17),
                kind="slip",
                created_at=now,
            )
        )
        if idea:
            session.add(
                Suggestion(
                    user_id=uid, idea_id=idea, feedback="helped", shown_at=now - timedelta(days=2)
                )
            )
        session.add(
            Urge(user_id=uid, started_at=now - timedelta(days=1), outcome="passed", updated_at=now)
        )
        await session.commit()


async def _rows(harness: Harness) -> list[Recap]:
    async with harness.sessions() as session:
        return list((await session.execute(select(Recap).order_by(Recap.id))).scalars())


async def test_the_recap_comes_on_sunday_at_checkin_time_once(
    harness: Harness, recaps: Recaps, content: Content
) -> None:
    uid = await harness.add_user(201, "Europe/Berlin", time(21, 0))
    assert (await harness.user(uid)).next_recap_at == datetime.fromisoformat(
        "2026-11-22T20:00:00+00:00"
    )
    idea = content.ideas[0]
    moods = {date(2026, 11, 8 + i): 2 for i in range(7)}  # the week before: heavy
    moods |= {date(2026, 11, 15 + i): 3 + i % 2 for i in range(6)}  # this week: lighter
    await _week(harness, uid, moods, idea.id)

    harness.clock.advance(SUNDAY_DUE - timedelta(minutes=1))
    assert (await recaps.tick()).sent == 0  # a minute early
    harness.clock.advance(timedelta(minutes=1))
    report = await recaps.tick()
    assert (report.claimed, report.sent) == (1, 1)

    [photo] = harness.api.sent("sendPhoto")
    caption = str(photo.params["caption"])
    assert caption.startswith("<b>Your week, 15\N{EN DASH}21 Nov</b>")
    assert "Check-ins answered: 6 of 7" in caption
    assert "Mood: 3.5 of 5 on average, lighter than the week before." in caption
    assert "No contact: day 4 (slipped on 1 day this week, and still counting)" in caption
    assert "You rode out 1 urge" in caption
    assert f"What helped most: {idea.title}" in caption
    [(name, png)] = photo.files.values()
    assert name == "week.png"
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        assert image.width > 300
        assert len(image.convert("RGB").getcolors(maxcolors=1 << 16) or ()) > 10  # drawn
    [row] = await _rows(harness)
    assert (row.status, row.local_date, row.user_id) == ("sent", date(2026, 11, 22), uid)
    assert row.message_id is not None

    # Later the same evening, and all week: nothing more; next Sunday is next.
    for _ in range(3):
        harness.clock.advance(timedelta(hours=2))
        assert (await recaps.tick()).sent == 0
    assert (await harness.user(uid)).next_recap_at == datetime.fromisoformat(
        "2026-11-29T20:00:00+00:00"
    )
    assert len(harness.api.sent("sendPhoto")) == 1


async def test_the_engine_tick_sends_recaps_too(harness: Harness, content: Content) -> None:
    """In production the recap rides on the delivery engine's tick, after the check-ins."""
    engine = DeliveryEngine(
        uow=harness.uow,
        clock=harness.clock,
        bot=harness.bot,
        prompts=content.prompts,
        recaps=recaps_for(harness, content),
    )
    uid = await harness.add_user(202, "Europe/Berlin", time(21, 0))
    await _week(harness, uid, {date(2026, 11, 20): 4, date(2026, 11, 21): 4}, None)
    harness.clock.advance(SUNDAY_DUE)
    report = await engine.tick()
    assert (report.sent, report.recaps.sent) == (1, 1)  # Sunday's check-in and the recap
    assert len(harness.api.sent("sendPhoto")) == 1


async def test_two_processes_send_one_recap_each(
    harness: Harness, recaps: Recaps, content: Content, migrated_url: str
) -> None:
    ids = [await harness.add_user(300 + i, "UTC", time(20, 30)) for i in range(30)]
    for uid in ids:
        await _week(harness, uid, {date(2026, 11, 21): 3}, None)
    harness.clock.advance(timedelta(days=1, minutes=30))
    other_db = create_engine(migrated_url)
    try:
        other = recaps_for(harness, content, unit_of_work_factory(create_session_factory(other_db)))
        reports = await asyncio.gather(recaps.tick(), other.tick())
    finally:
        await other_db.dispose()
    assert sum(r.sent for r in reports) == 30
    sent = sorted(int(c.params["chat_id"]) for c in harness.api.sent("sendMessage"))
    assert sent == list(range(300, 330))  # one mood: text only, no chart
    assert len(await _rows(harness)) == 30


async def test_a_quiet_week_sends_nothing(harness: Harness, recaps: Recaps) -> None:
    """No answers, no counts, no urges: no message (and the week is still marked done)."""
    await harness.add_user(203, "Europe/Berlin", time(21, 0))
    harness.clock.advance(SUNDAY_DUE)
    report = await recaps.tick()
    assert (report.claimed, report.sent, report.quiet) == (1, 0, 1)
    assert not harness.api.sent("sendMessage")
    assert not harness.api.sent("sendPhoto")
    assert [r.status for r in await _rows(harness)] == ["quiet"]


async def test_turned_off_or_paused_means_no_recap(harness: Harness, recaps: Recaps) -> None:
    off = await harness.add_user(204, "Europe/Berlin", time(21, 0))
    paused = await harness.add_user(205, "Europe/Berlin", time(21, 0))
    for uid in (off, paused):
        await _week(harness, uid, {date(2026, 11, 20): 2, date(2026, 11, 21): 3}, None)
    async with harness.sessions() as session:
        await session.execute(update(User).where(User.id == off).values(recap_enabled=False))
        await session.execute(
            update(User)
            .where(User.id == paused)
            .values(paused_until=harness.clock.now() + timedelta(days=3))
        )
        await session.commit()
    harness.clock.advance(SUNDAY_DUE)
    assert (await recaps.tick()).claimed == 0
    assert not await _rows(harness)


async def test_downtime_beyond_grace_skips_the_week_without_a_burst(
    harness: Harness, recaps: Recaps
) -> None:
    uid = await harness.add_user(206, "Europe/Berlin", time(21, 0))
    await _week(harness, uid, {date(2026, 11, 20): 2, date(2026, 11, 21): 3}, None)
    harness.clock.advance(SUNDAY_DUE + timedelta(hours=5))  # grace is 3 hours
    report = await recaps.tick()
    assert (report.skipped_late, report.sent) == (1, 0)
    assert (await harness.user(uid)).next_recap_at == datetime.fromisoformat(
        "2026-11-29T20:00:00+00:00"
    )
    # Two weeks down: still only the newest missed one is considered, and it is too late.
    harness.clock.advance(timedelta(days=14))
    assert (await recaps.tick()).sent == 0
    assert not harness.api.sent("sendPhoto")


async def test_blocked_bot_deactivates_and_a_lost_claim_is_never_resent(
    harness: Harness, recaps: Recaps
) -> None:
    uid = await harness.add_user(207, "Europe/Berlin", time(21, 0))
    await _week(harness, uid, {date(2026, 11, 20): 2, date(2026, 11, 21): 3}, None)
    harness.api.script("sendPhoto", BLOCKED)
    harness.clock.advance(SUNDAY_DUE)
    assert (await recaps.tick()).blocked == 1
    assert not (await harness.user(uid)).is_active
    assert [r.status for r in await _rows(harness)] == ["blocked"]

    # A process that stopped between claim and record: the claim expires as "lost".
    other = await harness.add_user(208, "Europe/Berlin", time(21, 0))
    async with harness.sessions() as session:
        session.add(
            Recap(
                user_id=other,
                local_date=date(2026, 11, 22),
                status="claimed",
                due_at=harness.clock.now(),
                lease_until=harness.clock.now() + timedelta(minutes=10),
                created_at=harness.clock.now(),
                updated_at=harness.clock.now(),
            )
        )
        await session.commit()
    harness.clock.advance(timedelta(minutes=11))
    report = await recaps.tick()
    assert (report.lost, report.sent) == (1, 0)  # the week's row exists: no second recap


async def test_a_timeout_is_never_resent_but_a_refused_connection_is_retried(
    harness: Harness, recaps: Recaps
) -> None:
    """A timeout may have delivered the photo: "failed", never twice. A network error before
    Telegram answered, or flood control, is tried again on a later tick, a few times."""
    timed_out = await harness.add_user(209, "Europe/Berlin", time(21, 0))
    await _week(harness, timed_out, {date(2026, 11, 20): 2, date(2026, 11, 21): 3}, None)
    harness.api.script("sendPhoto", TimedOut("slow"))
    harness.clock.advance(SUNDAY_DUE)
    report = await recaps.tick()
    assert (report.sent, report.failed) == (0, 1)
    [row] = await _rows(harness)
    assert (row.status, row.error) == ("failed", "TimedOut")

    harness.clock.advance(timedelta(days=7))
    await _week(harness, timed_out, {date(2026, 11, 27): 3, date(2026, 11, 28): 3}, None)
    harness.api.script("sendPhoto", NetworkError("connection refused"), RetryAfter(30))
    report = await recaps.tick()
    assert (report.sent, report.retried) == (0, 1)
    harness.clock.advance(timedelta(minutes=2))
    assert (await recaps.tick()).retried == 1  # flood control: wait 30 s
    harness.clock.advance(timedelta(seconds=30))
    report = await recaps.tick()
    assert report.sent == 1
    rows = await _rows(harness)
    assert (rows[-1].status, rows[-1].attempts) == ("sent", 3)
    assert len(harness.api.sent("sendPhoto")) == 4  # one refused, three tries of the second


async def test_retries_stop_after_a_few_attempts(harness: Harness, recaps: Recaps) -> None:
    uid = await harness.add_user(211, "Europe/Berlin", time(21, 0))
    await _week(harness, uid, {date(2026, 11, 20): 2, date(2026, 11, 21): 3}, None)
    harness.api.script("sendPhoto", *[NetworkError("down")] * 5)
    harness.clock.advance(SUNDAY_DUE)
    for _ in range(5):
        await recaps.tick()
        harness.clock.advance(timedelta(minutes=10))
    [row] = await _rows(harness)
    assert (row.status, row.attempts) == ("failed", 3)
    assert len(harness.api.sent("sendPhoto")) == 3


async def test_moving_the_day_never_sends_two_recaps_in_a_week(
    harness: Harness, recaps: Recaps
) -> None:
    """Sunday's recap went out; on Monday they pick Monday: the next is a week after Sunday's
    at the earliest (Monday 30 Nov), not tonight."""
    uid = await harness.add_user(212, "Europe/Berlin", time(21, 0))
    await _week(harness, uid, {date(2026, 11, 20): 2, date(2026, 11, 21): 3}, None)
    harness.clock.advance(SUNDAY_DUE)
    assert (await recaps.tick()).sent == 1
    harness.clock.advance(timedelta(hours=12))
    async with harness.uow() as work:
        user = await work.users.by_telegram_id(212)
        assert user is not None
        user.recap_weekday = 0
        await reschedule(work, user, harness.clock.now())
        await work.commit()
    assert (await harness.user(uid)).next_recap_at == datetime.fromisoformat(
        "2026-11-30T20:00:00+00:00"
    )


async def test_a_change_while_the_recap_is_due_does_not_drop_the_week(
    harness: Harness, recaps: Recaps
) -> None:
    """Due but not yet claimed (a busy tick) when they change their check-in time: still sent."""
    uid = await harness.add_user(213, "Europe/Berlin", time(21, 0))
    await _week(harness, uid, {date(2026, 11, 20): 2, date(2026, 11, 21): 3}, None)
    harness.clock.advance(SUNDAY_DUE + timedelta(minutes=1))
    async with harness.uow() as work:
        user = await work.users.by_telegram_id(213)
        assert user is not None
        user.checkin_time = time(22, 0)
        await reschedule(work, user, harness.clock.now())
        await work.commit()
    assert (await recaps.tick()).sent == 1


async def test_one_persons_failure_never_stops_the_others(harness: Harness) -> None:
    """A damaged weekday, a crash while building, and someone erased mid-send: the rest go."""
    damaged = await harness.add_user(214, "Europe/Berlin", time(21, 0))
    crashing = await harness.add_user(215, "Europe/Berlin", time(21, 0))
    erased = await harness.add_user(216, "Europe/Berlin", time(21, 0))
    fine = await harness.add_user(217, "Europe/Berlin", time(21, 0))
    for uid in (damaged, crashing, erased, fine):
        await _week(harness, uid, {date(2026, 11, 20): 2, date(2026, 11, 21): 3}, None)
    async with harness.sessions() as session:
        await session.execute(update(User).where(User.id == damaged).values(recap_weekday=9))
        await session.commit()

    class Troubled(Recaps):
        async def _send(self, claim: Any, text: str, chart: bytes | None) -> Any:
            if claim.person.id == crashing:
                raise RuntimeError("boom")
            if claim.person.id == erased:
                async with harness.uow() as work:
                    await work.data.erase(erased)
                    await work.commit()
            return await super()._send(claim, text, chart)

    troubled = Troubled(
        uow=harness.uow,
        clock=harness.clock,
        bot=harness.bot,
        idea_titles={},
        settings=RecapSettings(concurrency=1),
    )
    harness.clock.advance(SUNDAY_DUE)
    report = await troubled.tick()
    assert report.sent == 2  # the fine one, and the erased one (it went out before the erase)
    statuses = {r.user_id: r.status for r in await _rows(harness)}
    assert statuses == {crashing: "failed", fine: "sent"}
    assert (await harness.user(damaged)).next_recap_at == harness.clock.now() + timedelta(days=7)


async def test_many_counts_still_fit_a_caption(harness: Harness, recaps: Recaps) -> None:
    uid = await harness.add_user(218, "Europe/Berlin", time(21, 0))
    await _week(harness, uid, {date(2026, 11, 20): 2, date(2026, 11, 21): 3}, None)
    now = harness.clock.now()
    async with harness.sessions() as session:
        for i in range(11):
            label = f"Off a platform with a long name number {i:02d}"[:40]
            session.add(_count(uid, now, label, "platform"))
        await session.commit()
    harness.clock.advance(SUNDAY_DUE)
    assert (await recaps.tick()).sent == 1
    caption = str(harness.api.sent("sendPhoto")[0].params["caption"])
    assert len(caption) <= 1024
    assert "and 7 more counts in /streaks" in caption


async def test_a_count_alone_is_no_reason_to_write(harness: Harness, recaps: Recaps) -> None:
    """Someone who stopped answering but has a count gets no "0 of 7" every week."""
    uid = await harness.add_user(219, "Europe/Berlin", time(21, 0))
    now = harness.clock.now()
    async with harness.sessions() as session:
        session.add(_count(uid, now))
        await session.commit()
    harness.clock.advance(SUNDAY_DUE)
    assert (await recaps.tick()).quiet == 1
    assert not harness.api.sent("sendMessage")


async def test_people_from_before_recaps_existed_get_scheduled(
    harness: Harness, recaps: Recaps
) -> None:
    uid = await harness.add_user(210, "Europe/Berlin", time(21, 0))
    async with harness.sessions() as session:
        await session.execute(update(User).where(User.id == uid).values(next_recap_at=None))
        await session.commit()
    assert (await recaps.tick()).scheduled == 1
    assert (await harness.user(uid)).next_recap_at == datetime.fromisoformat(
        "2026-11-22T20:00:00+00:00"
    )
