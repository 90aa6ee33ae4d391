"""Check-ins from the person's side: asking now, buttons, answers, pausing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.db.models import Answer, CheckIn, Suggestion, User
from bot.db.repositories import CHECKIN, NOTE
from bot.domain.checkin import TRIGGERS, choose_prompt, stage_for
from bot.domain.coping import Idea, IdeaPicker, Moment
from bot.domain.feelings import Lexicon
from bot.domain.profile import Who
from bot.domain.prompts import Prompt
from bot.domain.schedule import local_date
from bot.services.scheduling import reschedule
from bot.services.trackers import CheckinExtras, TrackerService
from bot.services.uow import UnitOfWork, UnitOfWorkFactory

# A message this long after a check-in was sent still answers it (late at night, next morning).
ANSWER_WINDOW = timedelta(hours=20)
SNOOZE = timedelta(hours=1)
MAX_ANSWER = 20_000


@dataclass(frozen=True)
class CheckinShown:
    """A check-in to show now (on demand)."""

    checkin_id: int
    prompt: Prompt
    mood: int | None
    trigger: str | None
    extras: CheckinExtras = field(default_factory=CheckinExtras)


@dataclass(frozen=True)
class Choice:
    """A mood or trigger was chosen; `reply` is set when it is time to answer with an idea."""

    checkin_id: int
    prompt: Prompt
    mood: int | None
    trigger: str | None
    reply: Reply | None
    extras: CheckinExtras = field(default_factory=CheckinExtras)


@dataclass(frozen=True)
class Reply:
    """The bot's answer to a check-in: acknowledgement plus one idea (or a short "added")."""

    mood: int | None
    trigger: str | None
    idea: Idea | None
    first: bool
    note: bool = False


@dataclass(frozen=True)
class Skipped:
    """Today's check-in was skipped."""


@dataclass(frozen=True)
class Snoozed:
    """Ask again in an hour."""


@dataclass(frozen=True)
class Expired:
    """The button names a check-in that doesn't exist or isn't theirs."""


@dataclass(frozen=True)
class NeedsSetup:
    """They haven't finished /start."""


@dataclass(frozen=True)
class Paused:
    """Check-ins stopped until `until` (None: until /resume)."""

    until: datetime | None
    zone: str


@dataclass(frozen=True)
class Resumed:
    """Check-ins on again; `next_due_at` is the next one."""

    next_due_at: datetime | None
    zone: str
    was_paused: bool


CheckinOutcome = (
    CheckinShown | Choice | Reply | Skipped | Snoozed | Expired | NeedsSetup | Paused | Resumed
)


class CheckinService:
    """One unit of work per call, like every service."""

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        clock: Clock,
        prompts: Sequence[Prompt],
        ideas: Sequence[Idea],
        picker: IdeaPicker,
        trackers: TrackerService | None = None,
        lexicon: Lexicon | None = None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._prompts = tuple(prompts)
        self._by_id = {p.id: p for p in prompts}
        self._ideas = tuple(ideas)
        self._picker = picker
        self._trackers = trackers
        self._lexicon = lexicon

    async def _extras(
        self, work: UnitOfWork, user: User, checkin: CheckIn, *, announce: bool
    ) -> CheckinExtras:
        if self._trackers is None or checkin.kind != CHECKIN:
            return CheckinExtras()
        return await self._trackers.questions(work, user, checkin, announce=announce)

    async def shown(self, who: Who, checkin_id: int) -> CheckinShown | Expired:
        """A check-in as it stands (to redraw its buttons after a tracker answer)."""
        async with self._uow() as work:
            user = await self._user(work, who)
            checkin = await work.checkins.get_owned(checkin_id, user.id) if user else None
            if user is None or checkin is None:
                return Expired()
            extras = await self._extras(work, user, checkin, announce=False)
            return CheckinShown(
                checkin.id, self._prompt(checkin.prompt_id), checkin.mood, checkin.trigger, extras
            )

    def _prompt(self, prompt_id: str | None) -> Prompt:
        return self._by_id.get(prompt_id or "") or self._prompts[0]

    async def _user(self, work: UnitOfWork, who: Who) -> User | None:
        user = await work.users.by_telegram_id(who.telegram_user_id)
        if user is not None and not user.is_active:
            user.is_active, user.updated_at = True, self._clock.now()
        return user

    async def checkin_now(self, who: Who) -> CheckinShown | NeedsSetup:
        """/checkin: today's check-in now; it counts as today's if today's wasn't sent yet."""
        now = self._clock.now()
        async with self._uow() as work:
            user = await self._user(work, who)
            if user is None or user.onboarded_at is None or user.timezone is None:
                return NeedsSetup()
            today = local_date(now, user.timezone)
            checkin = await work.checkins.for_day(user.id, today, CHECKIN)
            if checkin is None:
                start = user.breakup_date or local_date(user.created_at, user.timezone)
                prompt = choose_prompt(
                    self._prompts,
                    stage=stage_for(start, today),
                    today=today,
                    used=await work.checkins.prompt_usage(user.id),
                    seed=user.id * 1_000_003 + today.toordinal(),
                )
                checkin = await self._open_now(work, user, today, CHECKIN, now, prompt_id=prompt.id)
                await reschedule(work, user, now)
            elif checkin.status != "sent" or checkin.skipped:
                checkin.status, checkin.skipped, checkin.updated_at = "sent", False, now
                checkin.sent_at = checkin.sent_at or now
            extras = await self._extras(work, user, checkin, announce=True)
            await work.commit()
            return CheckinShown(
                checkin.id, self._prompt(checkin.prompt_id), checkin.mood, checkin.trigger, extras
            )

    async def choose(
        self, who: Who, checkin_id: int, what: str, value: str
    ) -> Choice | Skipped | Snoozed | Expired:
        """A button on a check-in: mood, trigger, skip, or remind me later."""
        now = self._clock.now()
        async with self._uow() as work:
            user = await self._user(work, who)
            checkin = await work.checkins.get_owned(checkin_id, user.id) if user else None
            if user is None or checkin is None:
                return Expired()
            checkin.updated_at = now
            if what == "skip":
                checkin.skipped, checkin.remind_at = True, None
                await work.commit()
                return Skipped()
            if what == "later":
                checkin.remind_at = now + SNOOZE
                await work.commit()
                return Snoozed()
            if what == "mood" and value.isdigit() and 1 <= int(value) <= 5:
                checkin.mood = int(value)
            elif what == "trigger" and value in TRIGGERS:
                checkin.trigger = value
            else:
                return Expired()
            checkin.skipped = False
            reply = None
            if checkin.mood is not None and checkin.trigger is not None and not checkin.replied_at:
                reply = await self._reply(work, user, checkin, now, first=True)
            extras = await self._extras(work, user, checkin, announce=False)
            await work.commit()
            return Choice(
                checkin.id,
                self._prompt(checkin.prompt_id),
                checkin.mood,
                checkin.trigger,
                reply,
                extras,
            )

    async def answer(self, who: Who, text: str, *, tip: bool = True) -> Reply | NeedsSetup:
        """Words written to us: they extend the answer to the open check-in, or today's notes.
        `tip=False` (words that speak of danger) keeps them without choosing a coping idea."""
        now = self._clock.now()
        text = text[:MAX_ANSWER]
        async with self._uow() as work:
            user = await self._user(work, who)
            if user is None or user.timezone is None:
                return NeedsSetup()
            checkin = await work.checkins.open_for_answer(user.id, now - ANSWER_WINDOW)
            note = checkin is None
            if checkin is None:
                today = local_date(now, user.timezone)
                checkin = await work.checkins.for_day(user.id, today, NOTE)
                if checkin is None:
                    checkin = await self._open_now(work, user, today, NOTE, now)
            answer = await work.checkins.answer_for(checkin.id)
            if answer is None:
                work.checkins.add_answer(
                    Answer(
                        user_id=user.id,
                        checkin_id=checkin.id,
                        local_date=checkin.local_date,
                        text=text,
                        parts=1,
                        created_at=now,
                        updated_at=now,
                    )
                )
            else:
                answer.text = f"{answer.text}\n\n{text}"[: MAX_ANSWER * 5]
                answer.parts += 1
                answer.updated_at = now
            checkin.remind_at, checkin.updated_at = None, now
            first = checkin.replied_at is None and not note
            if first and not tip:
                checkin.replied_at = now
                reply = Reply(checkin.mood, checkin.trigger, None, first=True)
            elif first:
                feelings = self._lexicon.read(text).feelings if self._lexicon else {}
                reply = await self._reply(
                    work, user, checkin, now, first=True, feelings=tuple(feelings)[:3]
                )
            else:
                reply = Reply(checkin.mood, checkin.trigger, None, first=False, note=note)
            await work.commit()
            return reply

    @staticmethod
    async def _open_now(
        work: UnitOfWork,
        user: User,
        day: date,
        kind: str,
        now: datetime,
        *,
        prompt_id: str | None = None,
    ) -> CheckIn:
        """A check-in (or notes) row opened by the person, recorded as sent before it is shown:
        like the engine's claims, at most one per day and kind."""
        checkin = work.checkins.add(
            CheckIn(
                user_id=user.id,
                local_date=day,
                kind=kind,
                prompt_id=prompt_id,
                status="sent",
                on_demand=True,
                due_at=now,
                sent_at=now,
                attempts=0,
                skipped=False,
                created_at=now,
                updated_at=now,
            )
        )
        await work.checkins.flush()
        return checkin

    async def _reply(
        self,
        work: UnitOfWork,
        user: User,
        checkin: CheckIn,
        now: datetime,
        *,
        first: bool,
        feelings: tuple[str, ...] = (),
    ) -> Reply:
        recent = await work.suggestions.recent_ids(user.id)
        hour = now.astimezone(ZoneInfo(user.timezone or "UTC")).hour
        moment = Moment(
            mood=checkin.mood,
            trigger=checkin.trigger,
            feelings=feelings,
            hour=hour,
            feedback=await work.suggestions.feedback(user.id),
        )
        idea = self._picker.pick(self._ideas, moment, recent, seed=checkin.id)
        if idea is not None:
            work.suggestions.add(
                Suggestion(user_id=user.id, idea_id=idea.id, checkin_id=checkin.id, shown_at=now)
            )
        checkin.replied_at = now
        return Reply(checkin.mood, checkin.trigger, idea, first=first)

    async def pause(self, who: Who, days: int | None) -> Paused | NeedsSetup:
        """/pause [days]: no check-ins until then (or until /resume)."""
        now = self._clock.now()
        async with self._uow() as work:
            user = await self._user(work, who)
            if user is None or user.onboarded_at is None or user.timezone is None:
                return NeedsSetup()
            # "Until /resume" is stored as far in the future; /resume clears it.
            until = now + timedelta(days=days) if days else now + timedelta(days=365 * 100)
            user.paused_until, user.updated_at = until, now
            await reschedule(work, user, now)
            await work.commit()
            return Paused(until if days else None, user.timezone)

    async def resume(self, who: Who) -> Resumed | NeedsSetup:
        """/resume: check-ins on again from now."""
        now = self._clock.now()
        async with self._uow() as work:
            user = await self._user(work, who)
            if user is None or user.onboarded_at is None or user.timezone is None:
                return NeedsSetup()
            was_paused = user.paused_until is not None and user.paused_until > now
            user.paused_until, user.updated_at = None, now
            await reschedule(work, user, now)
            await work.commit()
            return Resumed(user.next_due_at, user.timezone, was_paused)
