"""The delivery engine with an injectable clock: on time, once a day, through DST, downtime,
crashes and every kind of Telegram failure."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram.error import TimedOut

from bot.clock import ManualClock
from bot.content.loader import Content
from bot.db.engine import create_engine, create_session_factory
from bot.db.models import MilestoneSent, Tracker
from bot.domain.weekdays import Weekdays
from bot.services.uow import unit_of_work_factory
from tests.delivery.conftest import Harness, make_engine


async def test_a_checkin_arrives_at_the_chosen_local_time(harness: Harness) -> None:
    """Berlin 21:30 = 20:30 UTC in November: nothing at 20:00, one at 20:30, then tomorrow."""
    uid = await harness.add_user(101, "Europe/Berlin", time(21, 30))
    assert (await harness.tick()).sent == 0
    report = await harness.advance_and_tick(timedelta(minutes=30))
    assert report.sent == 1
    [row] = await harness.checkins(uid)
    assert (row.status, row.local_date, row.kind) == ("sent", date(2026, 11, 21), "checkin")
    assert row.message_id is not None
    [text] = harness.sent_to(101)
    assert text.startswith("<b>")
    assert "1 (very) to 5 (light)" in text
    user = await harness.user(uid)
    assert user.next_due_at == datetime(2026, 11, 22, 20, 30, tzinfo=UTC)
    assert (await harness.advance_and_tick(timedelta(hours=1))).sent == 0


async def test_time_travel_across_dst_and_more_than_a_week(
    harness: Harness, content: Content
) -> None:
    """Eleven days over Berlin's (2026-10-25) and New York's (2026-11-01) fall-back nights,
    ticking every 20 minutes: one check-in per local day, at the chosen local time."""
    harness.clock = ManualClock(datetime(2026, 10, 22, 12, 0, tzinfo=UTC))
    harness.engine = make_engine(harness.uow, harness.clock, harness.bot, content, harness.sleeps)
    uid = await harness.add_user(102, "America/New_York", time(9, 0))
    berlin = await harness.add_user(103, "Europe/Berlin", time(2, 30))
    for _ in range(11 * 72):
        await harness.advance_and_tick(timedelta(minutes=20))
    rows = await harness.checkins(uid)
    days = [row.local_date for row in rows]
    assert days == [date(2026, 10, 22) + timedelta(days=n) for n in range(11)]
    for row in rows:
        assert row.sent_at is not None
        local = row.sent_at.astimezone(ZoneInfo("America/New_York"))
        assert (local.hour, local.minute < 20) == (9, True), local
    # Berlin at 02:30 on 2026-10-25 (02:30 happens twice): once, at the first one.
    berlin_rows = await harness.checkins(berlin)
    assert [r.local_date for r in berlin_rows] == [
        date(2026, 10, 23) + timedelta(days=n) for n in range(11)
    ]
    fall_back = next(r for r in berlin_rows if r.local_date == date(2026, 10, 25))
    assert fall_back.due_at == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)


async def test_weekdays_only(harness: Harness) -> None:
    """Mon-Fri: a Saturday and Sunday pass without a check-in."""
    uid = await harness.add_user(104, "UTC", time(20, 30), Weekdays.of(range(5)))
    for _ in range(3 * 24):
        await harness.advance_and_tick(timedelta(hours=1))
    [row] = await harness.checkins(uid)
    assert row.local_date == date(2026, 11, 23)  # Monday


async def test_downtime_within_grace_sends_once_late(harness: Harness) -> None:
    """Down for 2 hours over the check-in time: it arrives late, once."""
    uid = await harness.add_user(105, "UTC", time(20, 30))
    report = await harness.advance_and_tick(timedelta(hours=2, minutes=30))
    assert report.sent == 1
    assert len(await harness.checkins(uid)) == 1


async def test_downtime_beyond_grace_skips_and_never_bursts(harness: Harness) -> None:
    """Down for three days: no pile of old prompts; today's is sent if still within grace."""
    uid = await harness.add_user(106, "UTC", time(20, 30))
    report = await harness.advance_and_tick(timedelta(days=3, hours=1))
    assert (report.sent, report.skipped_late) == (1, 0)
    [row] = await harness.checkins(uid)
    assert row.local_date == date(2026, 11, 24)
    late = await harness.add_user(107, "UTC", time(8, 0))
    report = await harness.advance_and_tick(timedelta(days=3))
    assert report.skipped_late == 1
    assert report.sent == 1  # 106's newest occurrence (20:30) was 30 minutes ago
    assert await harness.checkins(late) == []
    user = await harness.user(late)
    assert user.next_due_at is not None
    assert user.next_due_at > harness.clock.now()


async def test_crash_between_send_and_record_never_duplicates(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The process dies after sending, before recording: the row is lost, never resent."""
    uid = await harness.add_user(108, "UTC", time(20, 30))

    async def crash(*_: object) -> None:
        raise RuntimeError("killed between send and record")

    monkeypatch.setattr(harness.engine, "_record", crash)
    harness.clock.advance(timedelta(minutes=30))
    with pytest.raises(RuntimeError, match="killed"):
        await harness.tick()
    monkeypatch.undo()
    assert len(harness.sent_to(108)) == 1
    [row] = await harness.checkins(uid)
    assert row.status == "claimed"
    # Another process (or the restarted one) runs after the lease: marked lost, not resent.
    report = await harness.advance_and_tick(timedelta(minutes=11))
    assert report.lost == 1
    assert len(harness.sent_to(108)) == 1
    [row] = await harness.checkins(uid)
    assert row.status == "lost"
    # The next day is normal.
    await harness.advance_and_tick(timedelta(days=1))
    assert len(harness.sent_to(108)) == 2


async def test_crash_between_claim_and_send_loses_that_day_only(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Dying right after the claim commit: at most once means that day is missed, not doubled."""
    uid = await harness.add_user(109, "UTC", time(20, 30))

    async def crash(*_: object) -> None:
        raise RuntimeError("killed after claim")

    monkeypatch.setattr(harness.engine, "_deliver", crash)
    harness.clock.advance(timedelta(minutes=30))
    with pytest.raises(RuntimeError, match="killed"):
        await harness.tick()
    monkeypatch.undo()
    await harness.advance_and_tick(timedelta(minutes=15))
    assert harness.sent_to(109) == []
    [row] = await harness.checkins(uid)
    assert row.status == "lost"


async def test_forbidden_stops_sends_until_they_write_again(harness: Harness) -> None:
    """A 403 (blocked the bot) marks the person inactive; nothing more is sent to them."""
    uid = await harness.add_user(110, "UTC", time(20, 30))
    harness.api.script(
        "sendMessage",
        (
            403,
            {
                "ok": False,
                "error_code": 403,
                "description": "Forbidden: bot was blocked by the user",
            },
        ),
    )
    report = await harness.advance_and_tick(timedelta(minutes=30))
    assert report.blocked == 1
    assert not (await harness.user(uid)).is_active
    for _ in range(3):
        await harness.advance_and_tick(timedelta(days=1))
    assert len(harness.api.sent("sendMessage")) == 1  # only the refused one


async def test_retry_after_is_honoured(harness: Harness) -> None:
    """A 429 with retry_after 120: not before, then delivered."""
    uid = await harness.add_user(111, "UTC", time(20, 30))
    harness.api.script(
        "sendMessage",
        (
            429,
            {
                "ok": False,
                "error_code": 429,
                "description": "Too Many Requests: retry after 120",
                "parameters": {"retry_after": 120},
            },
        ),
    )
    report = await harness.advance_and_tick(timedelta(minutes=30))
    assert report.errors == {"RetryAfter": 1}
    [row] = await harness.checkins(uid)
    assert row.status == "retry"
    assert (await harness.advance_and_tick(timedelta(seconds=60))).sent == 0
    assert (await harness.advance_and_tick(timedelta(seconds=61))).sent == 1
    [row] = await harness.checkins(uid)
    assert (row.status, row.attempts) == ("sent", 1)


async def test_server_errors_and_timeouts_are_retried_with_backoff(harness: Harness) -> None:
    """A 502 then a timeout: retried in the same tick after 0.5 s and 1 s of backoff."""
    uid = await harness.add_user(112, "UTC", time(20, 30))
    harness.api.script(
        "sendMessage",
        (502, {"ok": False, "error_code": 502, "description": "Bad Gateway"}),
        TimedOut(),
    )
    report = await harness.advance_and_tick(timedelta(minutes=30))
    assert report.sent == 1
    assert harness.sleeps == [0.5, 1.0]
    [row] = await harness.checkins(uid)
    assert row.status == "sent"


async def test_a_long_outage_is_retried_on_later_ticks_then_given_up_loudly(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    """Telegram down for hours: retried each minute or so, then failed with a warning."""
    uid = await harness.add_user(113, "UTC", time(20, 30))
    bad = (500, {"ok": False, "error_code": 500, "description": "Internal Server Error"})
    harness.api.script("sendMessage", *([bad] * 1000))
    await harness.advance_and_tick(timedelta(minutes=30))
    [row] = await harness.checkins(uid)
    assert (row.status, row.error) == ("retry", "NetworkError")
    with caplog.at_level(logging.WARNING):
        for _ in range(40):
            await harness.advance_and_tick(timedelta(minutes=5))
    [row] = await harness.checkins(uid)
    assert row.status == "failed"
    assert any("given up" in r.getMessage() for r in caplog.records)
    assert row.attempts > 3


async def test_reminder_in_an_hour_is_sent_once(harness: Harness) -> None:
    """ "Remind me in an hour": the prompt comes back once, an hour later."""
    uid = await harness.add_user(114, "UTC", time(20, 30))
    await harness.advance_and_tick(timedelta(minutes=30))
    [row] = await harness.checkins(uid)
    async with harness.sessions() as session:
        stored = await session.get(type(row), row.id)
        assert stored is not None
        stored.remind_at = harness.clock.now() + timedelta(hours=1)
        await session.commit()
    assert (await harness.advance_and_tick(timedelta(minutes=59))).reminders == 0
    assert (await harness.advance_and_tick(timedelta(minutes=2))).reminders == 1
    assert (await harness.advance_and_tick(timedelta(hours=1))).reminders == 0
    assert len(harness.sent_to(114)) == 2
    [row] = await harness.checkins(uid)
    assert row.status == "sent"


async def test_prompts_do_not_repeat_until_the_pool_is_used(
    harness: Harness, content: Content
) -> None:
    """Over 40 days, no prompt is asked twice before every fitting one was asked once."""
    uid = await harness.add_user(115, "UTC", time(20, 30))
    harness.clock.advance(timedelta(minutes=30))
    for _ in range(40):
        await harness.advance_and_tick(timedelta(days=1))
    prompts = [row.prompt_id for row in await harness.checkins(uid)]
    assert len(prompts) == 40
    assert len(set(prompts)) == 40
    texts = {p.id: p.text for p in content.prompts}
    assert all(p in texts for p in prompts)


async def test_two_engines_deliver_each_checkin_exactly_once(
    harness: Harness, migrated_url: str, content: Content
) -> None:
    """Two engines (two processes' worth of connections) claim from one database at once."""
    for i in range(120):
        await harness.add_user(1000 + i, "UTC", time(20, 30))
    harness.clock.advance(timedelta(minutes=30))
    other_db = create_engine(migrated_url)
    try:
        other = make_engine(
            unit_of_work_factory(create_session_factory(other_db)),
            harness.clock,
            harness.bot,
            content,
            [],
            batch_size=7,
        )
        first = make_engine(harness.uow, harness.clock, harness.bot, content, [], batch_size=7)
        reports = await asyncio.gather(first.tick(), other.tick())
    finally:
        await other_db.dispose()
    assert sum(r.sent for r in reports) == 120
    if migrated_url.startswith("postgresql"):
        # Row locks let both claim at once. SQLite serialises writers, so which engine gets
        # the lock first each time is a race there (and SQLite is the one-process set-up).
        assert all(r.sent > 0 for r in reports), "both engines took part"
    chats = [int(c.params["chat_id"]) for c in harness.api.sent("sendMessage")]
    assert sorted(chats) == list(range(1000, 1120))
    assert len(await harness.checkins()) == 120


async def test_paused_people_get_nothing(harness: Harness, engine: AsyncEngine) -> None:
    """paused_until in the future: no check-in until it passes."""
    uid = await harness.add_user(116, "UTC", time(20, 30))
    async with harness.sessions() as session:
        user = await session.get(type(await harness.user(uid)), uid)
        assert user is not None
        user.paused_until = harness.clock.now() + timedelta(days=2)
        await session.commit()
    await harness.advance_and_tick(timedelta(hours=1))
    assert harness.sent_to(116) == []


async def test_checkin_carries_the_no_contact_day_questions_and_milestones(
    harness: Harness,
) -> None:
    """Day N of no contact, one question per active tracker, and a milestone reached today,
    announced once: the next day's check-in does not repeat it."""
    uid = await harness.add_user(105, "Europe/Berlin", time(21, 30))
    await _three_trackers(harness, uid)
    assert (await harness.advance_and_tick(timedelta(minutes=30))).sent == 1
    [text] = harness.sent_to(105)
    assert text.startswith("<b>")  # the prompt stays first (lock screen)
    assert "No contact: day 7" in text
    assert "Any contact with them today?" in text
    assert "Were you on TikTok today?" in text
    assert "their profiles" not in text  # paused: not asked
    assert text.count("One week") == 2  # both active trackers reached 7 days
    [call] = harness.api.sent("sendMessage")
    labels = [b["text"] for row in call.params["reply_markup"]["inline_keyboard"] for b in row]
    assert "No contact: no" in labels
    assert "Off TikTok: yes" in labels
    assert (await harness.advance_and_tick(timedelta(days=1))).sent == 1
    second = harness.sent_to(105)[1]
    assert "No contact: day 8" in second
    assert "One week" not in second
    async with harness.sessions() as session:
        rows = (await session.execute(select(MilestoneSent))).scalars().all()
    assert sorted(r.days for r in rows) == [1, 1, 3, 3, 7, 7]


async def _three_trackers(harness: Harness, uid: int) -> None:
    """No contact and Off TikTok (active), profiles (paused), all started 2026-11-14."""
    now = harness.clock.now()
    async with harness.uow() as work:
        for kind, label, platform, state in (
            ("no_contact", "No contact", None, "active"),
            ("platform", "Off TikTok", "TikTok", "active"),
            ("profiles", "Not checking profiles", None, "paused"),
        ):
            work.trackers.add(
                Tracker(
                    user_id=uid,
                    kind=kind,
                    label=label,
                    platform=platform,
                    started_on=date(2026, 11, 14),
                    goal_days=None,
                    state=state,
                    created_at=now,
                    updated_at=now,
                )
            )
        await work.commit()


async def test_a_retried_checkin_carries_its_milestone_and_questions(harness: Harness) -> None:
    """The first try times out for good: the retry still shows day 7, the questions and the
    milestone recorded by the first try (and records no second one)."""
    uid = await harness.add_user(106, "Europe/Berlin", time(21, 30))
    await _three_trackers(harness, uid)
    harness.api.script("sendMessage", *([TimedOut("slow")] * 3))
    report = await harness.advance_and_tick(timedelta(minutes=30))
    assert (report.sent, report.errors) == (0, {"TimedOut": 1})
    assert (await harness.advance_and_tick(timedelta(minutes=2))).sent == 1
    text = harness.sent_to(106)[-1]  # the scripted failures are recorded too
    assert "No contact: day 7" in text
    assert "Any contact with them today?" in text
    assert text.count("One week") == 2
    async with harness.sessions() as session:
        rows = (await session.execute(select(MilestoneSent))).scalars().all()
    assert len(rows) == 6
