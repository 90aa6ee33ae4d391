"""The weekly recap, delivered like a check-in: claimed in the database, then sent, then
recorded, so each person gets at most one recap per week from any number of processes.

1. Schedule: people who want recaps but have no `next_recap_at` yet (new in this version, or
   imported) get one, at least a week after their last recap.
2. Claim (one transaction): lock due people (SKIP LOCKED), insert one `recaps` row per person and
   recap day (unique), move `next_recap_at` on a week. A recap more than `grace` late is
   skipped, never sent in a burst after downtime. Recaps waiting for a retry are claimed too.
3. Build and send, outside any transaction, at most `concurrency` at a time: the week's facts
   (one read), the chart drawn on the drawing thread (never on the event loop), one photo with
   the text as its caption. A week in which nothing happened sends nothing: status "quiet".
4. Record: "sent"; "blocked" (which deactivates the person, like a check-in); "retry" after a
   passing failure (flood control, a network error before Telegram answered), tried again on
   a later tick within `grace`, up to `max_attempts`; otherwise "failed". A timeout is not
   retried: the photo may have arrived, and a second recap is worse than none.

A claim still "claimed" after its lease is "lost" and never sent again. A recap claimed a
moment before the person pauses or turns recaps off still goes out, as a check-in would. Sends
go through the bot's rate limiter like every other message. A person whose schedule can't be
planned (a damaged row) is logged by id and moved a week on; they never block the others.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from telegram import Bot, InputFile, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.clock import Clock
from bot.db.recaps import RecapPerson
from bot.delivery.ratelimit import retry_after_seconds, retry_delay
from bot.domain.recap import next_recap_at
from bot.domain.schedule import DuePlan, plan_due
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
    retry_later: timedelta = timedelta(minutes=2)
    max_attempts: int = 5
    time_budget: timedelta = timedelta(seconds=20)


@dataclass
class RecapReport:
    """What one tick did."""

    scheduled: int = 0
    claimed: int = 0
    sent: int = 0
    quiet: int = 0
    skipped_late: int = 0
    retried: int = 0
    failed: int = 0
    blocked: int = 0
    lost: int = 0


@dataclass(frozen=True)
class _Claim:
    recap_id: int
    person: RecapPerson
    day: date
    due_at: datetime
    attempts: int = 0


@dataclass(frozen=True)
class _Result:
    claim: _Claim
    status: str  # sent | quiet | retry | failed | blocked
    message_id: int | None = None
    error: str | None = None
    retry_after: float | None = None


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
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._bot = bot
        self._titles = dict(idea_titles)
        self._settings = settings or RecapSettings()
        self._weeks = RecapService(uow=uow)
        self._gate = asyncio.Semaphore(self._settings.concurrency)

    def _in_budget(self, started: datetime) -> bool:
        return self._clock.now() - started < self._settings.time_budget

    async def tick(self) -> RecapReport:
        """Schedule, expire, then claim-send-record batches until none is due or time is up."""
        report = RecapReport()
        started = self._clock.now()
        while self._in_budget(started):
            scheduled = await self._schedule(started)
            report.scheduled += scheduled
            if scheduled < self._settings.batch_size:
                break
        async with self._uow() as work:
            report.lost = await work.recaps.expire_leases(started)
            await work.commit()
        if report.lost:
            log.warning("%d recap(s) lost: a process stopped between claim and record", report.lost)
        for claim in (self._claim_retries, self._claim_due):
            while self._in_budget(started):
                claims, late, found = await claim()
                report.skipped_late += late
                report.claimed += len(claims)
                if claims:
                    results = await asyncio.gather(*(self._deliver(c) for c in claims))
                    await self._record(results, report)
                if not found:
                    break
        return report

    async def _schedule(self, now: datetime) -> int:
        async with self._uow() as work:
            people = await work.recaps.unscheduled(self._settings.batch_size)
            last = await work.recaps.last_days([p.id for p in people])
            planned: dict[int, datetime] = {}
            for person in people:
                try:
                    planned[person.id] = next_recap_at(
                        zone=person.timezone,
                        at=person.checkin_time,
                        weekday=person.weekday,
                        after=now,
                        last_recap_day=last.get(person.id),
                    )
                except (ValueError, KeyError, LookupError) as exc:
                    planned[person.id] = now + timedelta(days=7)
                    log.error("recap not planned: %s", describe_exception(exc), extra=_id(person))
            await work.recaps.set_next(planned, now)
            await work.commit()
        return len(people)

    async def _claim_due(self) -> tuple[list[_Claim], int, int]:
        """(claims to send, how many were too late, how many people were due)."""
        now = self._clock.now()
        late = 0
        async with self._uow() as work:
            people = await work.recaps.due(now, self._settings.batch_size)
            rows: list[dict[str, Any]] = []
            next_at: dict[int, datetime] = {}
            plans: dict[int, tuple[RecapPerson, DuePlan]] = {}
            for person in people:
                try:
                    assert person.next_recap_at is not None
                    plan = plan_due(
                        zone=person.timezone,
                        at=person.checkin_time,
                        weekdays=Weekdays.of([person.weekday]),
                        scheduled=person.next_recap_at,
                        now=now,
                        grace=self._settings.grace,
                    )
                except (ValueError, KeyError, LookupError, AssertionError) as exc:
                    next_at[person.id] = now + timedelta(days=7)
                    log.error("recap not planned: %s", describe_exception(exc), extra=_id(person))
                    continue
                next_at[person.id] = plan.next_due_at
                if not plan.send:
                    late += 1
                    continue
                plans[person.id] = (person, plan)
                rows.append(
                    {
                        "user_id": person.id,
                        "local_date": plan.local_date,
                        "status": "claimed",
                        "due_at": plan.due_at,
                        "lease_until": now + self._settings.lease,
                        "attempts": 0,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            inserted = await work.recaps.claim(rows)
            await work.recaps.set_next(next_at, now)
            await work.commit()
        claims = [
            _Claim(recap_id, plans[uid][0], plans[uid][1].local_date, plans[uid][1].due_at)
            for uid, recap_id in inserted.items()
        ]
        return claims, late, len(people)

    async def _claim_retries(self) -> tuple[list[_Claim], int, int]:
        now = self._clock.now()
        async with self._uow() as work:
            waiting = await work.recaps.retries_due(now, self._settings.batch_size)
            changes: list[dict[str, Any]] = []
            claims: list[_Claim] = []
            for row in waiting:
                if now - row.due_at > self._settings.grace:
                    changes.append({"id": row.recap_id, "status": "failed", "updated_at": now})
                    log.warning(
                        "recap given up after retries",
                        extra={"user_id": row.person.id, "error": "grace_expired"},
                    )
                    continue
                changes.append(
                    {
                        "id": row.recap_id,
                        "status": "claimed",
                        "lease_until": now + self._settings.lease,
                        "updated_at": now,
                    }
                )
                claims.append(
                    _Claim(row.recap_id, row.person, row.local_date, row.due_at, row.attempts)
                )
            await work.recaps.mark(changes)
            await work.commit()
        return claims, 0, len(waiting)

    async def _deliver(self, claim: _Claim) -> _Result:
        # The gate covers reading and drawing too: a batch never takes more than a few
        # database connections, nor queues more than a few charts ahead of someone's /stats.
        async with self._gate:
            try:
                week = await self._weeks.week(
                    claim.person.id,
                    claim.person.timezone,
                    claim.day,
                    Weekdays(claim.person.checkin_weekdays),
                )
                if week.quiet:
                    return _Result(claim, "quiet")
                text = recap_text(week, self._titles.get(week.helped or ""))
                chart = await charts.drawn(charts.week_chart, week) if week.chartable else None
            except Exception as exc:  # one person's recap never stops the others
                log.error("recap not built: %s", describe_exception(exc), extra=_id(claim.person))
                return _Result(claim, "retry", error=type(exc).__name__[:40])
            try:
                return await self._send(claim, text, chart)
            except Exception as exc:
                log.error("recap not sent: %s", describe_exception(exc), extra=_id(claim.person))
                return _Result(claim, "failed", error=type(exc).__name__[:40])

    async def _send(self, claim: _Claim, text: str, chart: bytes | None) -> _Result:
        chat_id, markup = claim.person.chat_id, recap_markup()
        try:
            message: Message
            if chart is not None:
                message = await self._bot.send_photo(
                    chat_id,
                    InputFile(chart, filename="week.png"),
                    caption=text,
                    parse_mode=ParseMode.HTML,
                    reply_markup=markup,
                )
            else:
                message = await self._bot.send_message(
                    chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup
                )
        except Forbidden:
            return _Result(claim, "blocked", error="Forbidden")
        except RetryAfter as exc:
            return _Result(claim, "retry", error="RetryAfter", retry_after=retry_after_seconds(exc))
        except (BadRequest, TimedOut) as exc:
            # Refused, or maybe delivered (a timeout after the upload): never sent again.
            return _Result(claim, "failed", error=type(exc).__name__)
        except NetworkError as exc:
            return _Result(claim, "retry", error=type(exc).__name__)
        except Exception as exc:  # never let one person's failure stop the batch
            log.error("recap not sent: %s", describe_exception(exc), extra=_id(claim.person))
            return _Result(claim, "failed", error=type(exc).__name__[:40])
        return _Result(claim, "sent", message.message_id)

    async def _record(self, results: Sequence[_Result], report: RecapReport) -> None:
        now = self._clock.now()
        changes: list[dict[str, Any]] = []
        blocked: list[int] = []
        for result in results:
            claim, status = result.claim, result.status
            attempts = claim.attempts + 1
            if status == "retry" and attempts >= self._settings.max_attempts:
                status = "failed"
            change: dict[str, Any] = {
                "id": claim.recap_id,
                "status": status,
                "lease_until": None,
                "error": result.error,
                "attempts": attempts,
                "updated_at": now,
            }
            if status == "sent":
                report.sent += 1
                change.update(sent_at=now, message_id=result.message_id, retry_at=None)
            elif status == "quiet":
                report.quiet += 1
            elif status == "blocked":
                report.blocked += 1
                blocked.append(claim.person.id)
            elif status == "retry":
                report.retried += 1
                delay = retry_delay(result.retry_after, self._settings.retry_later, attempts)
                change["retry_at"] = now + delay
            else:
                report.failed += 1
                log.warning(
                    "recap could not be sent", extra={**_id(claim.person), "error": result.error}
                )
            changes.append(change)
        async with self._uow() as work:
            await work.recaps.mark(changes)
            await work.delivery.deactivate(blocked, now)
            await work.commit()


def _id(person: RecapPerson) -> dict[str, Any]:
    return {"user_id": person.id}
