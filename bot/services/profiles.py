"""Onboarding and settings: who someone is, their zone, their check-in time and days."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time

from bot.clock import Clock
from bot.content.loader import Content
from bot.db.models import User
from bot.domain.clocktime import (
    TimeProblem,
    TimeRefusal,
    could_be_either_half_of_the_day,
    parse_clock_time,
)
from bot.domain.dates import DateProblem, DateRefusal, parse_past_date
from bot.domain.help import HelpLine
from bot.domain.profile import Flow, Pending, Profile, Step, Who
from bot.domain.schedule import local_date
from bot.domain.weekdays import Weekdays
from bot.domain.zones import (
    ZoneChoices,
    ZoneFound,
    ZoneIndex,
    is_fixed_offset,
    zones_from_stated_time,
)
from bot.services.geo import LocationZones
from bot.services.scheduling import reschedule
from bot.services.uow import UnitOfWork, UnitOfWorkFactory


@dataclass(frozen=True)
class Welcome:
    """/start: greet, and ask what is still missing."""

    profile: Profile
    returning: bool
    pending: Pending | None
    suggested_zone: str | None = None


@dataclass(frozen=True)
class ZoneSaved:
    """The zone is set; `next_step` is what onboarding asks next."""

    profile: Profile
    fixed_offset: bool
    now: datetime
    next_step: Step | None


@dataclass(frozen=True)
class ZoneOptions:
    """We found several zones; the person picks one."""

    zones: tuple[str, ...]
    labels: tuple[str, ...]


@dataclass(frozen=True)
class ZoneNotUnderstood:
    """No zone found in what they sent."""

    from_location: bool = False
    from_time: bool = False


@dataclass(frozen=True)
class TimeSaved:
    """The check-in time is set."""

    profile: Profile
    finished_onboarding: bool


@dataclass(frozen=True)
class TimeNotUnderstood:
    """The text was not a time of day."""

    problem: TimeProblem


@dataclass(frozen=True)
class DateNotUnderstood:
    """The text was not a past date."""

    problem: DateProblem


@dataclass(frozen=True)
class Asked:
    """A settings question was asked and waits for an answer."""

    profile: Profile
    step: Step
    suggested_zone: str | None = None


@dataclass(frozen=True)
class SettingsShown:
    """The current settings, to show with their buttons."""

    profile: Profile


@dataclass(frozen=True)
class NothingPending:
    """Free text with no question waiting (later issues store it as a journal answer)."""

    profile: Profile


Outcome = (
    Welcome
    | ZoneSaved
    | ZoneOptions
    | ZoneNotUnderstood
    | TimeSaved
    | TimeNotUnderstood
    | Asked
    | SettingsShown
    | NothingPending
    | DateNotUnderstood
)


def to_profile(user: User, content: Content) -> Profile:
    """The domain view of a stored user."""
    return Profile(
        telegram_user_id=user.telegram_user_id,
        chat_id=user.chat_id,
        timezone=user.timezone,
        checkin_time=user.checkin_time,
        weekdays=Weekdays(user.checkin_weekdays),
        onboarded=user.onboarded_at is not None,
        country=content.country_for_zone(user.timezone),
        ended_on=user.breakup_date,
        recap_weekday=user.recap_weekday,
        recap_enabled=user.recap_enabled,
    )


class ProfileService:
    """Everything about a person's set-up, one unit of work per call."""

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        clock: Clock,
        zones: ZoneIndex,
        content: Content,
        locations: LocationZones,
        default_zone: str = "UTC",
    ) -> None:
        # The operator's DEFAULT_TIMEZONE is offered as a one-tap answer (UTC helps nobody).
        self._suggested_zone = default_zone if default_zone != "UTC" else None
        self._uow = uow
        self._clock = clock
        self._zones = zones
        self._content = content
        self._locations = locations

    async def _user(self, work: UnitOfWork, who: Who) -> tuple[User, bool]:
        """The stored user, created on first contact; writing to us makes them active again."""
        now = self._clock.now()
        user = await work.users.by_telegram_id(who.telegram_user_id)
        if user is None:
            user = await work.users.add(
                telegram_user_id=who.telegram_user_id,
                chat_id=who.chat_id,
                language=who.language,
                now=now,
            )
            return user, True
        if (user.chat_id, user.is_active) != (who.chat_id, True):
            user.chat_id, user.is_active, user.updated_at = who.chat_id, True, now
        return user, False

    async def _pending(self, work: UnitOfWork, user: User) -> Pending | None:
        state = await work.conversations.get(user.id)
        if state is None:
            return None
        try:
            return Pending(Flow(state.flow), Step(state.step))
        except ValueError:
            # A step from an older version of the bot: forget it rather than get stuck.
            await work.conversations.clear(user.id)
            return None

    async def _ask(self, work: UnitOfWork, user: User, flow: Flow, step: Step) -> Pending:
        await work.conversations.set(
            user_id=user.id, flow=flow.value, step=step.value, now=self._clock.now()
        )
        return Pending(flow, step)

    async def pending_flow(self, who: Who) -> str | None:
        """Which conversation has a question open for this person, if any."""
        async with self._uow() as work:
            user = await work.users.by_telegram_id(who.telegram_user_id)
            state = await work.conversations.get(user.id) if user is not None else None
            return state.flow if state is not None else None

    async def profile(self, who: Who) -> Profile | None:
        """The person's profile, if they have ever written to us."""
        async with self._uow() as work:
            user = await work.users.by_telegram_id(who.telegram_user_id)
            return to_profile(user, self._content) if user else None

    async def _welcome(self, work: UnitOfWork, user: User, created: bool) -> Welcome:
        """Greet, and ask the first thing still missing. Never wipes anything."""
        pending = await self._pending(work, user)
        if user.onboarded_at is None:
            step = Step.ZONE if user.timezone is None else Step.TIME
            pending = await self._ask(work, user, Flow.ONBOARDING, step)
        elif pending is not None:
            # A settings question left open is dropped: /start means "from the top".
            await work.conversations.clear(user.id)
            pending = None
        return Welcome(
            to_profile(user, self._content),
            returning=not created,
            pending=pending,
            suggested_zone=self._suggested_zone,
        )

    async def start(self, who: Who) -> Welcome:
        """/start: create the person if new, and ask the first missing thing."""
        async with self._uow() as work:
            user, created = await self._user(work, who)
            welcome = await self._welcome(work, user, created)
            await work.commit()
            return welcome

    async def show_settings(self, who: Who) -> SettingsShown | Welcome:
        """/settings: the current choices, or onboarding if it is not finished."""
        async with self._uow() as work:
            user, created = await self._user(work, who)
            outcome: SettingsShown | Welcome = (
                SettingsShown(to_profile(user, self._content))
                if user.onboarded_at
                else await self._welcome(work, user, created)
            )
            await work.commit()
            return outcome

    async def ask(self, who: Who, step: Step) -> Asked:
        """Ask (again) for the zone or the time, in settings or during onboarding."""
        async with self._uow() as work:
            user, _ = await self._user(work, who)
            if user.onboarded_at is None:
                # Onboarding asks the zone before the time.
                # Onboarding asks the zone, then the time; nothing else.
                step = Step.TIME if step is Step.TIME and user.timezone else Step.ZONE
                await self._ask(work, user, Flow.ONBOARDING, step)
            else:
                await self._ask(work, user, Flow.SETTINGS, step)
            await work.commit()
            return Asked(to_profile(user, self._content), step, self._suggested_zone)

    async def close_settings(self, who: Who) -> None:
        """Done with settings: drop an open settings question."""
        async with self._uow() as work:
            user, _ = await self._user(work, who)
            pending = await self._pending(work, user)
            if pending is not None and pending.flow is Flow.SETTINGS:
                await work.conversations.clear(user.id)
            await work.commit()

    async def forget_ended(self, who: Who) -> SettingsShown:
        """ "Prefer not to say": forget the date it ended."""
        async with self._uow() as work:
            user, _ = await self._user(work, who)
            user.breakup_date, user.updated_at = None, self._clock.now()
            await work.conversations.clear(user.id)
            await work.commit()
            return SettingsShown(to_profile(user, self._content))

    async def _ended_from_text(self, work: UnitOfWork, user: User, text: str) -> Outcome:
        today = local_date(self._clock.now(), user.timezone or "UTC")
        parsed = parse_past_date(text, today)
        if isinstance(parsed, DateRefusal):
            return DateNotUnderstood(parsed.problem)
        user.breakup_date, user.updated_at = parsed, self._clock.now()
        await work.conversations.clear(user.id)
        return SettingsShown(to_profile(user, self._content))

    async def help_lines(self, who: Who) -> Sequence[HelpLine]:
        """Crisis lines for the person's country (from their zone), then ones that work anywhere."""
        profile = await self.profile(who)
        return self._content.crisis.lines_for(profile.country if profile else None)

    async def on_text(self, who: Who, text: str) -> Outcome:
        """Free text: the answer to the pending question, if there is one."""
        async with self._uow() as work:
            user, created = await self._user(work, who)
            pending = await self._pending(work, user)
            outcome: Outcome
            if created or (pending is None and user.onboarded_at is None):
                outcome = await self._welcome(work, user, created)
            elif pending is not None and pending.step is Step.ZONE:
                outcome = await self._zone_from_text(work, user, pending, text)
            elif pending is not None and pending.step is Step.TIME:
                outcome = await self._time_from_text(work, user, pending, text)
            elif pending is not None and pending.step is Step.ENDED:
                outcome = await self._ended_from_text(work, user, text)
            else:
                outcome = NothingPending(to_profile(user, self._content))
            await work.commit()
            return outcome

    async def on_location(self, who: Who, latitude: float, longitude: float) -> Outcome:
        """A shared location: its time zone becomes theirs."""
        zone = await self._locations.zone_at(latitude, longitude)
        if zone is None or zone not in self._zones.zones:
            return ZoneNotUnderstood(from_location=True)
        return await self.choose_zone(who, zone)

    async def choose_zone(self, who: Who, zone: str) -> ZoneSaved | ZoneNotUnderstood:
        """A zone picked from buttons or found from a location."""
        if zone not in self._zones.zones:
            return ZoneNotUnderstood()
        async with self._uow() as work:
            user, _ = await self._user(work, who)
            pending = await self._pending(work, user)
            outcome = await self._save_zone(
                work, user, pending, zone, fixed_offset=is_fixed_offset(zone, self._clock.now())
            )
            await work.commit()
            return outcome

    async def choose_time(self, who: Who, value: time) -> TimeSaved:
        """A check-in time picked from the preset buttons."""
        async with self._uow() as work:
            user, _ = await self._user(work, who)
            pending = await self._pending(work, user)
            outcome = await self._save_time(work, user, pending, value)
            await work.commit()
            return outcome

    async def toggle_weekday(self, who: Who, day: int) -> SettingsShown:
        """Switch one weekday of the check-in on or off (the last one stays on)."""
        async with self._uow() as work:
            user, _ = await self._user(work, who)
            user.checkin_weekdays = Weekdays(user.checkin_weekdays).toggled(day).mask
            await reschedule(work, user, self._clock.now())
            user.updated_at = self._clock.now()
            await work.commit()
            return SettingsShown(to_profile(user, self._content))

    async def set_recap(
        self, who: Who, *, enabled: bool | None = None, weekday: int | None = None
    ) -> SettingsShown:
        """Switch the weekly recap on or off, or move it to another weekday (which also
        switches it on: picking a day means wanting it)."""
        async with self._uow() as work:
            user, _ = await self._user(work, who)
            if weekday is not None:
                user.recap_weekday = weekday
                user.recap_enabled = True
            if enabled is not None:
                user.recap_enabled = enabled
            await reschedule(work, user, self._clock.now())
            user.updated_at = self._clock.now()
            await work.commit()
            return SettingsShown(to_profile(user, self._content))

    async def _zone_from_text(
        self, work: UnitOfWork, user: User, pending: Pending, text: str
    ) -> Outcome:
        now = self._clock.now()
        stated = parse_clock_time(text)
        if isinstance(stated, TimeRefusal):
            match = self._zones.resolve(text, now)
        else:
            match = zones_from_stated_time(
                stated,
                now,
                self._zones.zones,
                either_half=could_be_either_half_of_the_day(text, stated),
            )
        if isinstance(match, ZoneFound):
            return await self._save_zone(work, user, pending, match.zone, match.fixed_offset)
        if isinstance(match, ZoneChoices):
            return ZoneOptions(match.zones, match.labels)
        return ZoneNotUnderstood(from_time=match.reason == "time")

    async def _time_from_text(
        self, work: UnitOfWork, user: User, pending: Pending, text: str
    ) -> Outcome:
        parsed = parse_clock_time(text)
        if isinstance(parsed, TimeRefusal):
            return TimeNotUnderstood(parsed.problem)
        return await self._save_time(work, user, pending, parsed)

    async def _save_zone(
        self, work: UnitOfWork, user: User, pending: Pending | None, zone: str, fixed_offset: bool
    ) -> ZoneSaved:
        now = self._clock.now()
        user.timezone, user.updated_at = zone, now
        next_step: Step | None = None
        if user.onboarded_at is None and user.checkin_time is None:
            next_step = Step.TIME
            await self._ask(work, user, Flow.ONBOARDING, Step.TIME)
        elif pending is not None and pending.step is Step.ZONE:
            await work.conversations.clear(user.id)
            if user.onboarded_at is None:
                user.onboarded_at = now
        await reschedule(work, user, now)
        return ZoneSaved(to_profile(user, self._content), fixed_offset, now, next_step)

    async def _save_time(
        self, work: UnitOfWork, user: User, pending: Pending | None, value: time
    ) -> TimeSaved:
        now = self._clock.now()
        user.checkin_time, user.updated_at = value, now
        finished = False
        if pending is not None and pending.step is Step.TIME:
            await work.conversations.clear(user.id)
        if user.onboarded_at is None and user.timezone is not None:
            user.onboarded_at = now
            finished = True
            await work.conversations.clear(user.id)
        await reschedule(work, user, now)
        return TimeSaved(to_profile(user, self._content), finished)
