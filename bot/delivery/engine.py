"""The delivery engine: one repeating tick claims due check-ins from the database, sends, records.

Order of "record" and "send", and what a crash does at each point:

1. Claim (one transaction): lock due people (FOR UPDATE SKIP LOCKED on PostgreSQL), insert one
   `checkins` row per person and local day with status "claimed" and a lease, and move their
   `next_due_at` on. The unique key (user, local date, kind) means a day can be claimed once,
   ever, by any process. Crash before commit: nothing happened; the next tick claims again.
2. Send, outside any transaction. Crash here: the row stays "claimed".
3. Record (one transaction): "sent" with the message id, or "retry"/"failed"/"blocked".
   Crash before this commit: the row stays "claimed".

A row still "claimed" after its lease is marked "lost" and never sent again: we cannot know
whether the message went out, and two check-ins on one day is worse than none (the person can
always ask with /checkin). So delivery is at most once per person, day and kind.

Retryable failures (timeouts, network errors, 5xx, RetryAfter beyond the limiter's retries) are
retried a few times at once with backoff, then again on later ticks while within the grace
period; then the row is "failed" and a warning is logged. Nothing is dropped silently.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut
from telegram.warnings import PTBUserWarning

from bot.clock import Clock
from bot.db.delivery import DueUser, PendingSend
from bot.db.repositories import CHECKIN
from bot.delivery.check_backs import CheckBacks
from bot.delivery.ratelimit import retry_after_seconds, retry_delay
from bot.delivery.recaps import RecapReport, Recaps
from bot.domain.checkin import choose_prompt, stage_for
from bot.domain.prompts import Prompt
from bot.domain.schedule import local_date, plan_due
from bot.domain.streaks import Milestone
from bot.domain.weekdays import Weekdays
from bot.logging_setup import describe_exception
from bot.services.trackers import CheckinExtras, extras_for, record_milestones
from bot.services.uow import UnitOfWork, UnitOfWorkFactory
from bot.views import checkin as checkin_view

log = logging.getLogger(__name__)
# do_api_request is used on purpose for speed (see _send); PTB suggests send_message instead.
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.sendMessage'", category=PTBUserWarning)


@dataclass(frozen=True)
class EngineSettings:
    """Knobs of the engine (from Settings in production, small values in tests)."""

    grace: timedelta = timedelta(hours=3)
    batch_size: int = 500
    lease: timedelta = timedelta(minutes=10)
    # Sends in flight: enough for ~30/s at up to half a second of Telegram latency; more only
    # adds HTTP connection-pool overhead (docs/benchmarks.md).
    concurrency: int = 16
    backoff: Sequence[float] = (0.5, 1.0, 2.0)
    retry_later: timedelta = timedelta(minutes=1)
    time_budget: timedelta = timedelta(seconds=25)


@dataclass(frozen=True)
class Send:
    """One message to send for a check-in row."""

    checkin_id: int
    user_id: int
    chat_id: int
    prompt: Prompt
    due_at: datetime
    attempts: int = 0
    mood: int | None = None
    trigger: str | None = None
    reminder: bool = False
    extras: CheckinExtras = field(default_factory=CheckinExtras)


@dataclass
class TickReport:
    """What one tick did (for logs, tests and benchmarks)."""

    claimed: int = 0
    sent: int = 0
    skipped_late: int = 0
    already_had_one: int = 0
    retried: int = 0
    failed: int = 0
    blocked: int = 0
    lost: int = 0
    reminders: int = 0
    check_backs: int = 0
    recaps: RecapReport = field(default_factory=RecapReport)
    errors: dict[str, int] = field(default_factory=dict)

    def add(self, other: TickReport) -> None:
        """Accumulate another batch's counts."""
        for name in (
            "claimed",
            "sent",
            "skipped_late",
            "already_had_one",
            "retried",
            "failed",
            "blocked",
            "lost",
            "reminders",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for key, value in other.errors.items():
            self.errors[key] = self.errors.get(key, 0) + value


@dataclass(frozen=True)
class Result:
    """How one send ended."""

    send: Send
    status: str  # sent | retry | failed | blocked
    message_id: int | None = None
    error: str | None = None
    retry_after: float | None = None


Sleep = Callable[[float], Awaitable[None]]
_NO_EXTRAS = CheckinExtras()


class DeliveryEngine:
    """Claims due check-ins in batches, sends them, records the results."""

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        clock: Clock,
        bot: Bot,
        prompts: Sequence[Prompt],
        milestones: Sequence[Milestone] = (),
        check_backs: CheckBacks | None = None,
        recaps: Recaps | None = None,
        settings: EngineSettings | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._bot = bot
        self._prompts = tuple(prompts)
        self._by_id = {p.id: p for p in prompts}
        self._milestones = tuple(milestones)
        self._check_backs = check_backs
        self._recaps = recaps
        self._settings = settings or EngineSettings()
        self._sleep = sleep
        self._busy = asyncio.Lock()
        self._gate = asyncio.Semaphore(self._settings.concurrency)

    async def tick(self) -> TickReport:
        """One round: expire stale claims, then claim-send-record batches until none is due."""
        if self._busy.locked():
            return TickReport()  # the previous tick is still sending; never overlap
        async with self._busy:
            report = TickReport()
            started = self._clock.now()
            async with self._uow() as work:
                report.lost = await work.delivery.expire_leases(started)
                await work.commit()
            if report.lost:
                log.warning(
                    "%d check-in(s) lost: a process stopped between claim and record", report.lost
                )
            # The next batch is claimed while the current one is still sending, so the rate
            # limiter never runs dry between batches; never more than two batches in flight,
            # so a claimed batch waits one batch at most (well inside its lease).
            in_flight: list[asyncio.Task[TickReport]] = []
            try:
                for claim in (self._claim_reminders, self._claim_retries, self._claim_due):
                    while self._clock.now() - started < self._settings.time_budget:
                        if len(in_flight) >= 2:
                            report.add(await in_flight.pop(0))
                        sends, batch = await claim()
                        report.add(batch)
                        if sends:
                            in_flight.append(asyncio.create_task(self._deliver(sends)))
                        if batch.claimed + batch.skipped_late + batch.already_had_one == 0:
                            break
            finally:
                for task in in_flight:
                    report.add(await task)
            if self._check_backs is not None:
                report.check_backs = await self._check_backs.tick()
            if self._recaps is not None:
                report.recaps = await self._recaps.tick()
            return report

    def _prompt_for(self, user: DueUser, day: Any, usage: dict[str, int]) -> Prompt:
        start = user.start or local_date(user.created_at, user.timezone)
        return choose_prompt(
            self._prompts,
            stage=stage_for(start, day),
            today=day,
            used=usage,
            seed=user.id * 1_000_003 + day.toordinal(),
        )

    async def _claim_due(self) -> tuple[list[Send], TickReport]:
        report = TickReport()
        now = self._clock.now()
        lease_until = now + self._settings.lease
        async with self._uow() as work:
            users = await work.delivery.due_users(now, self._settings.batch_size)
            if not users:
                return [], report
            usage = await work.delivery.prompt_usage([u.id for u in users])
            rows: list[dict[str, Any]] = []
            plans: dict[int, tuple[DueUser, Prompt, datetime]] = {}
            days: dict[int, date] = {}
            next_due: dict[int, datetime] = {}
            for position, user in enumerate(users):
                if position % 50 == 49:
                    # Let sends already in flight keep their pace while a big batch is planned.
                    await asyncio.sleep(0)
                plan = plan_due(
                    zone=user.timezone,
                    at=user.checkin_time,
                    weekdays=Weekdays(user.weekdays),
                    scheduled=user.next_due_at,
                    now=now,
                    grace=self._settings.grace,
                )
                next_due[user.id] = plan.next_due_at
                if not plan.send:
                    report.skipped_late += 1
                    continue
                prompt = self._prompt_for(user, plan.local_date, usage[user.id])
                plans[user.id] = (user, prompt, plan.due_at)
                days[user.id] = plan.local_date
                rows.append(
                    {
                        "user_id": user.id,
                        "local_date": plan.local_date,
                        "kind": CHECKIN,
                        "prompt_id": prompt.id,
                        "status": "claimed",
                        "on_demand": False,
                        "due_at": plan.due_at,
                        "lease_until": lease_until,
                        "attempts": 0,
                        "skipped": False,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
            inserted = await work.delivery.insert_claims(rows)
            await work.delivery.set_next_due(next_due, now)
            extras = await self._extras(
                work,
                [(uid, inserted[uid], days[uid]) for uid in plans if uid in inserted],
                now,
                fresh=True,
            )
            await work.commit()
        report.claimed = len(inserted)
        report.already_had_one = len(rows) - len(inserted)
        sends = [
            Send(
                checkin_id=inserted[uid],
                user_id=uid,
                chat_id=user.chat_id,
                prompt=prompt,
                due_at=due_at,
                extras=extras.get(inserted[uid], _NO_EXTRAS),
            )
            for uid, (user, prompt, due_at) in plans.items()
            if uid in inserted
        ]
        return sends, report

    async def _extras(
        self,
        work: UnitOfWork,
        checkins: Sequence[tuple[int, int, date]],
        now: datetime,
        *,
        fresh: bool,
    ) -> dict[int, CheckinExtras]:
        """The tracker part of check-ins given as (user id, check-in id, local date), by
        check-in id. For a new check-in (`fresh`), milestones reached are recorded in the
        claim's transaction, so they go out at most once, like the check-in itself; a retry
        carries the ones its first try recorded, and a reminder shows the answers so far.
        People without trackers cost one query per batch."""
        trackers = await work.trackers.for_users([user_id for user_id, _, _ in checkins])
        if not trackers:
            return {}
        ids = [t.id for group in trackers.values() for t in group]
        events = await work.trackers.events(ids)
        announced = await work.trackers.announced(ids)
        with_trackers = [c for c in checkins if c[0] in trackers]
        carried: dict[int, list[str]] = {}
        answers: dict[int, dict[int, str]] = {}
        if not fresh:
            carried = await self._carried([c[1] for c in with_trackers], work, trackers)
            answers = await work.trackers.answers_for_checkins([c[1] for c in with_trackers])
        found: dict[int, CheckinExtras] = {}
        for user_id, checkin_id, day in with_trackers:
            extras, reached = extras_for(
                trackers[user_id], events, announced, day, self._milestones
            )
            if fresh:
                await record_milestones(work, reached, now, checkin_id)
                found[checkin_id] = extras
            else:
                found[checkin_id] = CheckinExtras(
                    extras.no_contact_day,
                    extras.questions,
                    answers.get(checkin_id, {}),
                    tuple(carried.get(checkin_id, ())),
                )
        return found

    async def _carried(
        self, checkin_ids: Sequence[int], work: UnitOfWork, trackers: dict[int, list[Any]]
    ) -> dict[int, list[str]]:
        labels = {t.id: t.label for group in trackers.values() for t in group}
        texts = {m.days: m for m in self._milestones}
        carried: dict[int, list[str]] = {}
        for checkin_id, tracker_id, days in await work.trackers.milestones_for_checkins(
            checkin_ids
        ):
            if days in texts and tracker_id in labels:
                carried.setdefault(checkin_id, []).append(texts[days].render(labels[tracker_id]))
        return carried

    async def _claim_pending(self, reminders: bool) -> tuple[list[Send], TickReport]:
        report = TickReport()
        now = self._clock.now()
        async with self._uow() as work:
            pending: list[PendingSend] = await (
                work.delivery.reminders_due if reminders else work.delivery.retries_due
            )(now, self._settings.batch_size)
            if not pending:
                return [], report
            changes: list[dict[str, Any]] = []
            sends: list[Send] = []
            for row in pending:
                prompt = self._by_id.get(row.prompt_id or "") or self._prompts[0]
                if reminders:
                    # Cleared in the claim itself: a reminder is sent at most once.
                    changes.append({"id": row.checkin_id, "remind_at": None, "updated_at": now})
                elif now - row.due_at > self._settings.grace:
                    changes.append({"id": row.checkin_id, "status": "failed", "updated_at": now})
                    report.failed += 1
                    log.warning(
                        "check-in given up after retries",
                        extra={"user_id": row.user_id, "error": "grace_expired"},
                    )
                    continue
                else:
                    changes.append(
                        {
                            "id": row.checkin_id,
                            "status": "claimed",
                            "updated_at": now,
                            "lease_until": now + self._settings.lease,
                        }
                    )
                sends.append(
                    Send(
                        row.checkin_id,
                        row.user_id,
                        row.chat_id,
                        prompt,
                        row.due_at,
                        row.attempts,
                        row.mood,
                        row.trigger,
                        reminder=reminders,
                    )
                )
            await work.delivery.mark(changes)
            extras = await self._extras(
                work,
                [(row.user_id, row.checkin_id, row.local_date) for row in pending],
                now,
                fresh=False,
            )
            sends = [replace(s, extras=extras.get(s.checkin_id, _NO_EXTRAS)) for s in sends]
            await work.commit()
        report.claimed = len(sends)
        if reminders:
            report.reminders = len(sends)
        else:
            report.retried = len(sends)
        return sends, report

    async def _claim_reminders(self) -> tuple[list[Send], TickReport]:
        return await self._claim_pending(reminders=True)

    async def _claim_retries(self) -> tuple[list[Send], TickReport]:
        return await self._claim_pending(reminders=False)

    async def _deliver(self, sends: Sequence[Send]) -> TickReport:
        async def one(send: Send) -> Result:
            # One gate for the whole engine: two batches in flight share the same sends.
            async with self._gate:
                return await self._send(send)

        results = await asyncio.gather(*(one(s) for s in sends))
        return await self._record(results)

    async def _send(self, send: Send) -> Result:
        # Raw Bot API parameters: building and parsing PTB objects for 16 buttons per message
        # was most of the engine's CPU time (see docs/benchmarks.md). Same limiter, same errors.
        rows = (
            checkin_view.checkin_rows(send.checkin_id, send.extras.questions, send.extras.answers)
            if send.extras.questions
            else ()
        )
        params = {
            "chat_id": send.chat_id,
            "text": checkin_view.message(send.prompt.text, checkin_view.checkin_lines(send.extras)),
            "parse_mode": ParseMode.HTML,
            "reply_markup": checkin_view.keyboard_json(
                send.checkin_id, send.mood, send.trigger, rows
            ),
        }
        attempt = 0
        while True:
            try:
                sent = await self._bot.do_api_request("sendMessage", api_kwargs=params)
            except Forbidden:
                return Result(send, "blocked", error="Forbidden")
            except RetryAfter as exc:
                return Result(
                    send, "retry", error="RetryAfter", retry_after=retry_after_seconds(exc)
                )
            except BadRequest as exc:
                return Result(send, "failed", error=type(exc).__name__)
            except (TimedOut, NetworkError) as exc:
                if attempt < len(self._settings.backoff):
                    await self._sleep(self._settings.backoff[attempt])
                    attempt += 1
                    continue
                return Result(send, "retry", error=type(exc).__name__)
            except Exception as exc:  # never let one person's failure stop the batch
                log.error(
                    "unexpected error sending a check-in: %s",
                    describe_exception(exc),
                    extra={"user_id": send.user_id},
                )
                return Result(send, "failed", error=type(exc).__name__[:40])
            message_id = sent.get("message_id") if isinstance(sent, dict) else None
            return Result(
                send, "sent", message_id=message_id if isinstance(message_id, int) else None
            )

    async def _record(self, results: Sequence[Result]) -> TickReport:
        report = TickReport()
        now = self._clock.now()
        changes: list[dict[str, Any]] = []
        blocked: list[int] = []
        for result in results:
            change: dict[str, Any] = {
                "id": result.send.checkin_id,
                "updated_at": now,
                "lease_until": None,
                "error": result.error,
            }
            if result.error:
                report.errors[result.error] = report.errors.get(result.error, 0) + 1
            if result.status == "sent":
                report.sent += 1
                change.update(status="sent", message_id=result.message_id, retry_at=None)
                if not result.send.reminder:
                    change["sent_at"] = now
            elif result.status == "retry":
                delay = retry_delay(
                    result.retry_after, self._settings.retry_later, result.send.attempts + 1
                )
                change.update(
                    status="retry", retry_at=now + delay, attempts=result.send.attempts + 1
                )
            elif result.status == "blocked":
                report.blocked += 1
                blocked.append(result.send.user_id)
                change["status"] = "blocked"
            else:
                report.failed += 1
                change["status"] = "failed"
                log.warning(
                    "check-in could not be sent",
                    extra={"user_id": result.send.user_id, "error": result.error},
                )
            if result.send.reminder and result.status != "sent":
                # A failed reminder leaves the check-in itself as it was.
                change = {"id": result.send.checkin_id, "updated_at": now}
            changes.append(change)
        async with self._uow() as work:
            await work.delivery.mark(changes)
            await work.delivery.deactivate(blocked, now)
            await work.commit()
        return report
