"""The weekly recap, delivered like a check-in: claimed in the database, then sent, then
recorded, so each person gets at most one recap per week from any number of processes.

1. Schedule: people who want recaps but have no `next_recap_at` yet (new in this version, or
   imported) get one.
2. Claim (one transaction): lock due people (SKIP LOCKED), insert one `recaps` row per person and
   recap day (unique), move `next_recap_at` on a week. A recap more than `grace` late is
   skipped, never sent in a burst after downtime.
3. Build and send, outside any transaction: the week's facts (one read), the chart drawn on the
   drawing thread (never on the event loop), one photo with the text as its caption. A week
   with nothing in it (no answers, no counts, no urges) sends nothing: status "quiet".
4. Record: "sent", "failed", or "blocked" (which deactivates the person, like a check-in).

A claim still "claimed" after its lease is "lost" and never sent again. Sends go through the
bot's rate limiter like every other message.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from telegram import Bot, InputFile, Message
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError, TimedOut

from bot.clock import Clock
from bot.db.recaps import RecapPerson
from bot.domain.recap import next_recap_at
from bot.domain.schedule import plan_due
from bot.domain.weekdays import Weekdays
from bot.logging_setup import describe_exception
from bot.services.recaps import RecapService
from bot.services.uow import UnitOfWorkFactory
from bot.views import charts
from bot.views.recap import recap_markup, recap_text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RecapSettings:
    """Knobs (from Settings in production, small values in tests)."""

    grace: timedelta = timedelta(hours=3)
    batch_size: int = 100
    lease: timedelta = timedelta(minutes=10)
    concurrency: int = 8
    backoff: tuple[float, ...] = (0.5, 1.0, 2.0)
    time_budget: timedelta = timedelta(seconds=20)


@dataclass
class RecapReport:
    """What one tick did."""

    scheduled: int = 0
    claimed: int = 0
    sent: int = 0
    quiet: int = 0
    skipped_late: int = 0
    failed: int = 0
    blocked: int = 0
    lost: int = 0


@dataclass(frozen=True)
class _Claim:
    recap_id: int
    person: RecapPerson
    day: Any  # date


Draw = Callable[[Any], Awaitable[bytes]]


class Recaps:
    """Sends the weekly recaps that are due."""

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        clock: Clock,
        bot: Bot,
        idea_titles: Mapping[str, str],
        settings: RecapSettings | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._bot = bot
        self._titles = dict(idea_titles)
        self._settings = settings or RecapSettings()
        self._sleep = sleep
        self._weeks = RecapService(uow=uow)
        self._gate = asyncio.Semaphore(self._settings.concurrency)

    async def tick(self) -> RecapReport:
        """Schedule, expire, then claim-send-record batches until none is due or time is up."""
        report = RecapReport()
        started = self._clock.now()
        report.scheduled = await self._schedule(started)
        async with self._uow() as work:
            report.lost = await work.recaps.expire_leases(started)
            await work.commit()
        if report.lost:
            log.warning("%d recap(s) lost: a process stopped between claim and record", report.lost)
        while self._clock.now() - started < self._settings.time_budget:
            claims, late, found = await self._claim()
            report.skipped_late += late
            if not found:
                break
            if not claims:
                continue
            report.claimed += len(claims)
            results = await asyncio.gather(*(self._deliver(c) for c in claims))
            await self._record(results, report)
        return report

    async def _schedule(self, now: datetime) -> int:
        async with self._uow() as work:
            people = await work.recaps.unscheduled(self._settings.batch_size)
            await work.recaps.set_next(
                {
                    p.id: next_recap_at(
                        zone=p.timezone, at=p.checkin_time, weekday=p.weekday, after=now
                    )
                    for p in people
                },
                now,
            )
            await work.commit()
        return len(people)

    async def _claim(self) -> tuple[list[_Claim], int, int]:
        """(claims to send, how many were too late, how many people were due)."""
        now = self._clock.now()
        late = 0
        async with self._uow() as work:
            people = await work.recaps.due(now, self._settings.batch_size)
            rows: list[dict[str, Any]] = []
            next_at: dict[int, datetime] = {}
            days: dict[int, tuple[RecapPerson, Any]] = {}
            for person in people:
                assert person.next_recap_at is not None
                plan = plan_due(
                    zone=person.timezone,
                    at=person.checkin_time,
                    weekdays=Weekdays.of([person.weekday]),
                    scheduled=person.next_recap_at,
                    now=now,
                    grace=self._settings.grace,
                )
                next_at[person.id] = plan.next_due_at
                if not plan.send:
                    late += 1
                    continue
                days[person.id] = (person, plan.local_date)
                rows.append(
                    {
                        "user_id": person.id,
                        "local_date": plan.local_date,
                        "status": "claimed",
                        "due_at": plan.due_at,
                        "lease_until": now + self._settings.lease,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            inserted = await work.recaps.claim(rows)
            await work.recaps.set_next(next_at, now)
            await work.commit()
        claims = [
            _Claim(recap_id, days[user_id][0], days[user_id][1])
            for user_id, recap_id in inserted.items()
        ]
        return claims, late, len(people)

    async def _deliver(self, claim: _Claim) -> tuple[_Claim, str, int | None, str | None]:
        """(claim, status, message id, error)."""
        try:
            week = await self._weeks.week(claim.person.id, claim.person.timezone, claim.day)
            if week.quiet:
                return claim, "quiet", None, None
            text = recap_text(week, self._titles.get(week.helped or ""))
            chart = await charts.drawn(charts.week_chart, week) if week.chartable else None
        except Exception as exc:  # one person's recap never stops the others
            log.error("recap not built: %s", describe_exception(exc), extra=_who(claim))
            return claim, "failed", None, type(exc).__name__[:40]
        async with self._gate:
            return await self._send(claim, text, chart)

    async def _send(
        self, claim: _Claim, text: str, chart: bytes | None
    ) -> tuple[_Claim, str, int | None, str | None]:
        chat_id, markup = claim.person.chat_id, recap_markup()
        attempt = 0
        while True:
            try:
                message: Message
                if chart is not None:
                    message = await self._bot.send_photo(
                        chat_id,
                        InputFile(chart, filename="week.png"),
                        caption=text,
                        reply_markup=markup,
                    )
                else:
                    message = await self._bot.send_message(chat_id, text, reply_markup=markup)
            except Forbidden:
                return claim, "blocked", None, "Forbidden"
            except (TimedOut, NetworkError) as exc:
                if isinstance(exc, BadRequest) or attempt >= len(self._settings.backoff):
                    return claim, "failed", None, type(exc).__name__
                await self._sleep(self._settings.backoff[attempt])
                attempt += 1
                continue
            except TelegramError as exc:
                return claim, "failed", None, type(exc).__name__[:40]
            return claim, "sent", message.message_id, None

    async def _record(
        self, results: list[tuple[_Claim, str, int | None, str | None]], report: RecapReport
    ) -> None:
        now = self._clock.now()
        changes: list[dict[str, Any]] = []
        blocked: list[int] = []
        for claim, status, message_id, error in results:
            change: dict[str, Any] = {
                "id": claim.recap_id,
                "status": status,
                "lease_until": None,
                "error": error,
                "updated_at": now,
            }
            if status == "sent":
                report.sent += 1
                change.update(sent_at=now, message_id=message_id)
            elif status == "quiet":
                report.quiet += 1
            elif status == "blocked":
                report.blocked += 1
                blocked.append(claim.person.id)
            else:
                report.failed += 1
                log.warning("recap could not be sent", extra={**_who(claim), "error": error})
            changes.append(change)
        async with self._uow() as work:
            await work.recaps.mark(changes)
            await work.delivery.deactivate(blocked, now)
            await work.commit()


def _who(claim: _Claim) -> dict[str, Any]:
    return {"user_id": claim.person.id}
