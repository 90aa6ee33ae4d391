"""Trackers from the person's side: start, look, log a slip or contact, undo, pause, archive,
and the yes/no questions in the daily check-in. One unit of work per call."""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from bot.clock import Clock
from bot.db.models import CheckIn, Tracker, TrackerEvent, User
from bot.db.trackers import ACTIVE, ARCHIVED, PAUSED
from bot.domain.checkin import TRIGGERS
from bot.domain.dates import DateProblem, DateRefusal, parse_past_date
from bot.domain.profile import Who
from bot.domain.schedule import local_date
from bot.domain.streaks import (
    PLATFORMS,
    WHAT_FOR_KIND,
    Event,
    EventKind,
    Milestone,
    Status,
    TrackerKind,
    new_milestones,
    status,
)
from bot.services.uow import UnitOfWork, UnitOfWorkFactory

FLOW = "trackers"
MAX_NOTE = 4000
MAX_LABEL = 40
MAX_GOAL = 3650
MAX_TRACKERS = 12
# The same slip logged again this soon is a double tap, not a second slip.
DOUBLE_TAP = timedelta(seconds=30)
# An open question older than this is forgotten: later words go to the journal instead.
QUESTION_LIFETIME = timedelta(minutes=30)
DEFAULT_LABELS = {
    TrackerKind.NO_CONTACT: "No contact",
    TrackerKind.PROFILES: "Not checking profiles",
}


class Ask(enum.StrEnum):
    """The questions a tracker conversation can leave open."""

    SINCE = "since"  # when did it start? (payload: kind, platform)
    PLATFORM = "platform"  # which platform? (typed name)
    NOTE = "note"  # a note for a slip (payload: event)
    SLIP_DAY = "slip_day"  # which day was the slip? (payload: event)
    GOAL = "goal"  # a goal in days (payload: tracker)
    LABEL = "label"  # a new name (payload: tracker)


@dataclass(frozen=True)
class TrackerView:
    """A tracker and where it stands today."""

    id: int
    kind: TrackerKind
    label: str
    state: str
    goal_days: int | None
    status: Status


@dataclass(frozen=True)
class Announcement:
    """A milestone to announce."""

    tracker_id: int
    label: str
    milestone: Milestone


@dataclass(frozen=True)
class Overview:
    """/streaks, /nocontact or /social: the trackers asked for."""

    scope: str  # all | no_contact | social
    trackers: tuple[TrackerView, ...]
    archived: tuple[TrackerView, ...] = ()
    announcements: tuple[Announcement, ...] = ()


@dataclass(frozen=True)
class Panel:
    """One tracker with its buttons."""

    tracker: TrackerView
    last_slip_id: int | None  # the undo button names this slip, so a second tap is stale
    announcements: tuple[Announcement, ...] = ()
    changed: str | None = None  # what just changed: paused | resumed | archived | restored | ...


@dataclass(frozen=True)
class Asked:
    """A question is open; `about` names the tracker or platform it is about."""

    ask: Ask
    about: str = ""
    problem: DateProblem | str | None = None


@dataclass(frozen=True)
class ChooseKind:
    """Which kind of social-media break (then which platform)."""

    platforms: tuple[str, ...] = PLATFORMS


@dataclass(frozen=True)
class ChooseTracker:
    """/slip with several trackers: which one."""

    trackers: tuple[TrackerView, ...]


@dataclass(frozen=True)
class ChooseWhat:
    """/slip on one tracker: what happened."""

    tracker: TrackerView
    options: tuple[str, ...]


@dataclass(frozen=True)
class SlipLogged:
    """A slip is logged (or changed); the buttons add a trigger, a note, a day, or undo it."""

    event_id: int
    tracker: TrackerView
    before: int  # the streak just before this slip
    what: str | None
    trigger: str | None
    note: bool
    day: date


@dataclass(frozen=True)
class ContactLogged:
    """Contact that breaks nothing: they wrote and it went unanswered, or logistics."""

    tracker: TrackerView
    kind: EventKind


@dataclass(frozen=True)
class Undone:
    """A slip taken back: the streak is as it was."""

    tracker: TrackerView
    announcements: tuple[Announcement, ...] = ()


@dataclass(frozen=True)
class Started:
    """A new tracker."""

    tracker: TrackerView
    announcements: tuple[Announcement, ...] = ()


@dataclass(frozen=True)
class DailyAnswered:
    """The check-in's tracker answers after a "no" (or a second tap)."""

    answers: Mapping[int, str]


@dataclass(frozen=True)
class Gone:
    """A button naming a tracker or event that doesn't exist or isn't theirs."""


@dataclass(frozen=True)
class NotSetUp:
    """No zone yet, so no local calendar to count in."""


@dataclass(frozen=True)
class Kept:
    """Words sent while a tracker question was open that weren't an answer: kept as a note."""


@dataclass(frozen=True)
class TooMany:
    """Enough trackers already."""


TrackerOutcome = (
    Overview
    | Panel
    | Asked
    | ChooseKind
    | ChooseTracker
    | ChooseWhat
    | SlipLogged
    | ContactLogged
    | Undone
    | Started
    | Gone
    | NotSetUp
    | TooMany
)


@dataclass(frozen=True)
class Question:
    """A yes/no question in the daily check-in, for one active tracker."""

    tracker_id: int
    kind: TrackerKind
    label: str
    platform: str | None


@dataclass(frozen=True)
class CheckinExtras:
    """What trackers add to a check-in: the no-contact day, questions, milestones."""

    no_contact_day: int | None = None
    questions: tuple[Question, ...] = ()
    answers: Mapping[int, str] = field(default_factory=dict)
    milestones: tuple[str, ...] = ()


def question_of(tracker: Tracker) -> Question:
    """The check-in question for a tracker."""
    return Question(tracker.id, TrackerKind(tracker.kind), tracker.label, tracker.platform)


def extras_for(
    trackers: Sequence[Tracker],
    events: Mapping[int, Sequence[Event]],
    announced: Mapping[tuple[int, date], set[int]],
    today: date,
    thresholds: Sequence[Milestone],
) -> tuple[CheckinExtras, list[tuple[Tracker, Status, list[int]]]]:
    """The check-in's tracker part for active `trackers`, and the milestones it announces
    (tracker, status, days) for the caller to record."""
    active = [t for t in trackers if t.state == ACTIVE]
    day: int | None = None
    texts: list[str] = []
    reached: list[tuple[Tracker, Status, list[int]]] = []
    by_days = {m.days: m for m in thresholds}
    for tracker in active:
        state = status(tracker.started_on, events.get(tracker.id, ()), today)
        if tracker.kind == TrackerKind.NO_CONTACT and day is None:
            day = state.current
        new = new_milestones(
            state, list(by_days), announced.get((tracker.id, state.streak_start), set())
        )
        if new:
            reached.append((tracker, state, new))
            texts.append(by_days[new[-1]].render(tracker.label))
    extras = CheckinExtras(
        no_contact_day=day,
        questions=tuple(question_of(t) for t in active),
        milestones=tuple(texts),
    )
    return extras, reached


async def record_milestones(
    work: UnitOfWork,
    reached: Sequence[tuple[Tracker, Status, list[int]]],
    now: datetime,
    checkin_id: int | None = None,
) -> None:
    """Remember announced milestones so they never come again for the same streak."""
    await work.trackers.add_milestones(
        [
            {
                "tracker_id": tracker.id,
                "user_id": tracker.user_id,
                "streak_start": state.streak_start,
                "days": number,
                "checkin_id": checkin_id,
                "reached_on": state.today,
                "created_at": now,
            }
            for tracker, state, days in reached
            for number in days
        ]
    )


class TrackerService:
    """Every change is one unit of work; nothing is ever deleted here (undo marks a slip)."""

    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock, milestones: Sequence[Milestone]):
        self._uow = uow
        self._clock = clock
        self._milestones = tuple(milestones)

    # -- reading ---------------------------------------------------------------------------

    async def _user(self, work: UnitOfWork, who: Who) -> User | None:
        user = await work.users.by_telegram_id(who.telegram_user_id)
        if user is None or user.timezone is None:
            return None
        return user

    async def _mine(
        self, work: UnitOfWork, who: Who, tracker_id: int, *, archived: bool = False
    ) -> tuple[User, Tracker] | Gone | NotSetUp:
        """The person and their tracker; Gone when the id is not theirs (buttons are untrusted)
        or, unless `archived`, when it is archived."""
        user = await self._user(work, who)
        if user is None:
            return NotSetUp()
        tracker = await work.trackers.get_owned(tracker_id, user.id)
        if tracker is None or (tracker.state == ARCHIVED and not archived):
            return Gone()
        return user, tracker

    def _today(self, user: User) -> date:
        return local_date(self._clock.now(), user.timezone or "UTC")

    async def _views(
        self,
        work: UnitOfWork,
        user: User,
        trackers: Sequence[Tracker],
        events: Mapping[int, Sequence[Event]] | None = None,
    ) -> list[TrackerView]:
        if events is None:
            events = await work.trackers.events([t.id for t in trackers])
        today = self._today(user)
        return [
            TrackerView(
                t.id,
                TrackerKind(t.kind),
                t.label,
                t.state,
                t.goal_days,
                status(t.started_on, events.get(t.id, ()), today),
            )
            for t in trackers
        ]

    async def _view(self, work: UnitOfWork, user: User, tracker: Tracker) -> TrackerView:
        return (await self._views(work, user, [tracker]))[0]

    async def _announce(
        self,
        work: UnitOfWork,
        user: User,
        trackers: Sequence[Tracker],
        events: Mapping[int, Sequence[Event]] | None = None,
    ) -> tuple[Announcement, ...]:
        ids = [t.id for t in trackers if t.state == ACTIVE]
        if not ids:
            return ()
        if events is None:
            events = await work.trackers.events(ids)
        announced = await work.trackers.announced(ids)
        _, reached = extras_for(trackers, events, announced, self._today(user), self._milestones)
        await record_milestones(work, reached, self._clock.now())
        by_days = {m.days: m for m in self._milestones}
        return tuple(Announcement(t.id, t.label, by_days[days[-1]]) for t, _, days in reached)

    async def overview(self, who: Who, scope: str = "all") -> Overview | NotSetUp:
        """/streaks (all), /nocontact or /social; milestones due today are announced here too."""
        async with self._uow() as work:
            user = await self._user(work, who)
            if user is None:
                return NotSetUp()
            everything = await work.trackers.for_user(user.id, (ACTIVE, PAUSED, ARCHIVED))
            if scope == "no_contact":
                everything = [t for t in everything if t.kind == TrackerKind.NO_CONTACT]
            elif scope == "social":
                everything = [t for t in everything if t.kind != TrackerKind.NO_CONTACT]
            events = await work.trackers.events([t.id for t in everything])
            views = await self._views(work, user, everything, events)
            announcements = await self._announce(work, user, everything, events)
            await work.commit()
            return Overview(
                scope,
                tuple(v for v in views if v.state != ARCHIVED),
                tuple(v for v in views if v.state == ARCHIVED),
                announcements,
            )

    async def panel(self, who: Who, tracker_id: int) -> Panel | Gone | NotSetUp:
        """One tracker with its buttons."""
        async with self._uow() as work:
            found = await self._mine(work, who, tracker_id, archived=True)
            if not isinstance(found, tuple):
                return found
            return await self._panel(work, *found)

    async def _panel(
        self, work: UnitOfWork, user: User, tracker: Tracker, changed: str | None = None
    ) -> Panel:
        view = await self._view(work, user, tracker)
        announcements = await self._announce(work, user, [tracker])
        last = await work.trackers.last_slip(tracker.id)
        await work.commit()
        return Panel(view, last.id if last else None, announcements, changed)

    # -- starting --------------------------------------------------------------------------

    async def begin(
        self, who: Who, kind: TrackerKind, platform: str | None = None
    ) -> Asked | Panel | NotSetUp | TooMany:
        """Ask when it started (the no-contact tracker: show it if there is one already)."""
        async with self._uow() as work:
            user = await self._user(work, who)
            if user is None:
                return NotSetUp()
            if kind is TrackerKind.NO_CONTACT:
                existing = await work.trackers.of_kind(user.id, kind.value)
                if existing is not None:
                    return await self._panel(work, user, existing)
            if len(await work.trackers.for_user(user.id)) >= MAX_TRACKERS:
                return TooMany()
            if kind is TrackerKind.PLATFORM and not platform:
                await self._ask(work, user, Ask.PLATFORM, {})
                await work.commit()
                return Asked(Ask.PLATFORM)
            payload = {"kind": kind.value, "platform": platform}
            await self._ask(work, user, Ask.SINCE, payload)
            await work.commit()
            return Asked(Ask.SINCE, _label_for(kind, platform))

    async def start(
        self, who: Who, kind: TrackerKind, platform: str | None, since: date | None = None
    ) -> Started | Panel | NotSetUp | TooMany:
        """Start a tracker today or on a past day."""
        async with self._uow() as work:
            user = await self._user(work, who)
            if user is None:
                return NotSetUp()
            return await self._start(work, user, kind, platform, since)

    async def _start(
        self,
        work: UnitOfWork,
        user: User,
        kind: TrackerKind,
        platform: str | None,
        since: date | None,
    ) -> Started | Panel | TooMany:
        now = self._clock.now()
        await work.conversations.clear(user.id)
        if kind is TrackerKind.NO_CONTACT:
            existing = await work.trackers.of_kind(user.id, kind.value)
            if existing is not None:
                return await self._panel(work, user, existing)
        if len(await work.trackers.for_user(user.id)) >= MAX_TRACKERS:
            await work.commit()
            return TooMany()
        tracker = work.trackers.add(
            Tracker(
                user_id=user.id,
                kind=kind.value,
                label=_label_for(kind, platform),
                platform=platform,
                started_on=since or self._today(user),
                goal_days=None,
                state=ACTIVE,
                created_at=now,
                updated_at=now,
            )
        )
        await work.trackers.flush()
        view = await self._view(work, user, tracker)
        announcements = await self._announce(work, user, [tracker])
        await work.commit()
        return Started(view, announcements)

    # -- slips and contact ------------------------------------------------------------------

    async def slip_menu(self, who: Who) -> ChooseTracker | ChooseWhat | Overview | NotSetUp:
        """/slip: which tracker (if several), then what happened."""
        async with self._uow() as work:
            user = await self._user(work, who)
            if user is None:
                return NotSetUp()
            trackers = await work.trackers.for_user(user.id)
            views = await self._views(work, user, trackers)
            if not views:
                return Overview("all", ())
            if len(views) > 1:
                return ChooseTracker(tuple(views))
            return ChooseWhat(views[0], WHAT_FOR_KIND[views[0].kind])

    async def choose_what(self, who: Who, tracker_id: int) -> ChooseWhat | Gone | NotSetUp:
        """What happened, for one tracker."""
        async with self._uow() as work:
            found = await self._mine(work, who, tracker_id)
            if not isinstance(found, tuple):
                return found
            user, tracker = found
            view = await self._view(work, user, tracker)
            return ChooseWhat(view, WHAT_FOR_KIND[view.kind])

    async def log_slip(
        self, who: Who, tracker_id: int, what: str | None, checkin_id: int | None = None
    ) -> SlipLogged | Gone | NotSetUp:
        """Log a slip today (or on the check-in's day); the streak restarts, nothing is lost."""
        async with self._uow() as work:
            found = await self._mine(work, who, tracker_id)
            if not isinstance(found, tuple):
                return found
            user, tracker = found
            day = self._today(user)
            if checkin_id is not None:
                checkin = await work.checkins.get_owned(checkin_id, user.id)
                if checkin is None:
                    return Gone()
                day = checkin.local_date
            if what not in WHAT_FOR_KIND[TrackerKind(tracker.kind)]:
                what = WHAT_FOR_KIND[TrackerKind(tracker.kind)][0]
            recent = await work.trackers.last_slip(tracker.id)
            if (
                recent is not None
                and checkin_id is None
                and recent.checkin_id is None
                and recent.local_date == day
                and self._clock.now() - recent.created_at < DOUBLE_TAP
            ):
                return await self._slip_logged(work, user, tracker, recent)  # a double tap
            event = work.trackers.add_event(
                TrackerEvent(
                    tracker_id=tracker.id,
                    user_id=user.id,
                    local_date=max(day, tracker.started_on),
                    kind=EventKind.SLIP.value,
                    what=what,
                    checkin_id=checkin_id,
                    created_at=self._clock.now(),
                )
            )
            await work.trackers.flush()
            return await self._slip_logged(work, user, tracker, event)

    async def _slip_logged(
        self, work: UnitOfWork, user: User, tracker: Tracker, event: TrackerEvent
    ) -> SlipLogged:
        await work.trackers.flush()
        events = (await work.trackers.events([tracker.id])).get(tracker.id, [])
        today = self._today(user)
        without = [e for e in events if e.id != event.id]
        before = status(tracker.started_on, without, min(today, event.local_date)).current
        view = TrackerView(
            tracker.id,
            TrackerKind(tracker.kind),
            tracker.label,
            tracker.state,
            tracker.goal_days,
            status(tracker.started_on, events, today),
        )
        await work.commit()
        return SlipLogged(
            event.id, view, before, event.what, event.trigger, bool(event.note), event.local_date
        )

    async def edit_slip(
        self, who: Who, event_id: int, *, what: str | None = None, trigger: str | None = None
    ) -> SlipLogged | ContactLogged | Gone | NotSetUp:
        """Change what happened or add what set it off. Choosing "they wrote, I didn't reply"
        or "logistics" turns it into contact that breaks nothing."""
        async with self._uow() as work:
            user = await self._user(work, who)
            if user is None:
                return NotSetUp()
            event = await work.trackers.event_owned(event_id, user.id)
            tracker = await work.trackers.get_owned(event.tracker_id, user.id) if event else None
            if event is None or tracker is None or event.undone_at is not None:
                return Gone()
            if event.kind != EventKind.SLIP.value:
                return Gone()
            if what in {EventKind.RESISTED.value, EventKind.LOGISTICS.value}:
                if tracker.kind != TrackerKind.NO_CONTACT:
                    return Gone()
                event.kind, event.what = what, None
                view = await self._view(work, user, tracker)
                await work.commit()
                return ContactLogged(view, EventKind(what))
            if what is not None:
                if what not in WHAT_FOR_KIND[TrackerKind(tracker.kind)]:
                    return Gone()
                event.what = what
            if trigger is not None:
                if trigger not in TRIGGERS:
                    return Gone()
                event.trigger = trigger
            return await self._slip_logged(work, user, tracker, event)

    async def log_contact(
        self, who: Who, tracker_id: int, kind: EventKind
    ) -> ContactLogged | Gone | NotSetUp:
        """They got in touch and it went unanswered, or logistics: counted, never a slip."""
        async with self._uow() as work:
            user = await self._user(work, who)
            if user is None:
                return NotSetUp()
            tracker = await work.trackers.get_owned(tracker_id, user.id)
            if (
                tracker is None
                or tracker.kind != TrackerKind.NO_CONTACT
                or kind not in {EventKind.RESISTED, EventKind.LOGISTICS}
            ):
                return Gone()
            work.trackers.add_event(
                TrackerEvent(
                    tracker_id=tracker.id,
                    user_id=user.id,
                    local_date=self._today(user),
                    kind=kind.value,
                    created_at=self._clock.now(),
                )
            )
            await work.trackers.flush()
            view = await self._view(work, user, tracker)
            await work.commit()
            return ContactLogged(view, kind)

    async def undo(self, who: Who, event_id: int) -> Undone | Gone | NotSetUp:
        """Take back one slip; the row stays, marked undone. A second tap finds it undone."""
        async with self._uow() as work:
            user = await self._user(work, who)
            if user is None:
                return NotSetUp()
            event = await work.trackers.event_owned(event_id, user.id)
            if event is None or event.undone_at is not None or event.kind != EventKind.SLIP:
                return Gone()
            tracker = await work.trackers.get_owned(event.tracker_id, user.id)
            assert tracker is not None
            event.undone_at = self._clock.now()
            await work.trackers.flush()
            view = await self._view(work, user, tracker)
            announcements = await self._announce(work, user, [tracker])
            await work.commit()
            return Undone(view, announcements)

    # -- the daily check-in ------------------------------------------------------------------

    async def answer_daily(
        self, who: Who, checkin_id: int, tracker_id: int, slipped: bool
    ) -> SlipLogged | DailyAnswered | Gone | NotSetUp:
        """Yes or no to a tracker's question in a check-in. "No" confirms the day; "yes" logs a
        slip on the check-in's day. Changing one's mind replaces the earlier answer."""
        async with self._uow() as work:
            user = await self._user(work, who)
            if user is None:
                return NotSetUp()
            checkin = await work.checkins.get_owned(checkin_id, user.id)
            tracker = await work.trackers.get_owned(tracker_id, user.id)
            if checkin is None or tracker is None or tracker.state == ARCHIVED:
                return Gone()
            earlier = await work.trackers.daily_answer(tracker.id, checkin.id)
            if earlier is not None and (earlier.kind == EventKind.SLIP.value) == slipped:
                # A second tap: nothing changes.
                return DailyAnswered(await work.trackers.daily_answers(checkin.id))
            now = self._clock.now()
            if earlier is not None:
                earlier.undone_at = now
            event = work.trackers.add_event(
                _daily_event(tracker, checkin, slipped, now),
            )
            await work.trackers.flush()
            if slipped:
                return await self._slip_logged(work, user, tracker, event)
            answers = await work.trackers.daily_answers(checkin.id)
            await work.commit()
            return DailyAnswered(answers)

    async def questions(
        self, work: UnitOfWork, user: User, checkin: CheckIn, *, announce: bool
    ) -> CheckinExtras:
        """The tracker part of a check-in shown by the person (/checkin, or its buttons
        redrawn), with its answers so far; `announce` records the milestones it shows."""
        trackers = await work.trackers.for_user(user.id, (ACTIVE,))
        if not trackers:
            return CheckinExtras()
        ids = [t.id for t in trackers]
        extras, reached = extras_for(
            trackers,
            await work.trackers.events(ids),
            await work.trackers.announced(ids),
            checkin.local_date,
            self._milestones,
        )
        if announce:
            await record_milestones(work, reached, self._clock.now(), checkin.id)
        return CheckinExtras(
            extras.no_contact_day,
            extras.questions,
            await work.trackers.daily_answers(checkin.id),
            extras.milestones if announce else (),
        )

    # -- managing ----------------------------------------------------------------------------

    async def set_state(self, who: Who, tracker_id: int, state: str) -> Panel | Gone | NotSetUp:
        """Pause, resume, archive or restore: history is untouched."""
        async with self._uow() as work:
            found = await self._mine(work, who, tracker_id, archived=True)
            if not isinstance(found, tuple) or state not in {ACTIVE, PAUSED, ARCHIVED}:
                return found if not isinstance(found, tuple) else Gone()
            user, tracker = found
            changed = {ACTIVE: "resumed", PAUSED: "paused", ARCHIVED: "archived"}[state]
            if tracker.state == ARCHIVED and state == ACTIVE:
                changed = "restored"
            tracker.state, tracker.updated_at = state, self._clock.now()
            return await self._panel(work, user, tracker, changed)

    async def ask_about(
        self, who: Who, ask: Ask, *, tracker_id: int | None = None, event_id: int | None = None
    ) -> Asked | Gone | NotSetUp:
        """Open a typed question: a goal, a new name, a slip's note or its day."""
        async with self._uow() as work:
            user = await self._user(work, who)
            if user is None:
                return NotSetUp()
            about = ""
            payload: dict[str, Any] = {}
            if ask in {Ask.GOAL, Ask.LABEL} and tracker_id is not None:
                tracker = await work.trackers.get_owned(tracker_id, user.id)
                if tracker is None:
                    return Gone()
                about, payload = tracker.label, {"tracker": tracker.id}
            elif ask in {Ask.NOTE, Ask.SLIP_DAY} and event_id is not None:
                event = await work.trackers.event_owned(event_id, user.id)
                if event is None or event.undone_at is not None or event.kind != EventKind.SLIP:
                    return Gone()
                payload = {"event": event.id}
            else:
                return Gone()
            await self._ask(work, user, ask, payload)
            await work.commit()
            return Asked(ask, about)

    async def _ask(self, work: UnitOfWork, user: User, ask: Ask, payload: dict[str, Any]) -> None:
        await work.conversations.set(
            user_id=user.id, flow=FLOW, step=ask.value, now=self._clock.now(), payload=payload
        )

    async def on_text(
        self, who: Who, text: str, *, expect: Ask | None = None
    ) -> TrackerOutcome | Kept | None:
        """The answer to an open tracker question; None when there is none (or, with
        `expect`, when the open question is another one: a button from an older question)."""
        async with self._uow() as work:
            user = await work.users.by_telegram_id(who.telegram_user_id)
            if user is None:
                return None
            state = await work.conversations.open_question(
                user.id, FLOW, self._clock.now(), QUESTION_LIFETIME
            )
            if state is None:
                await work.commit()
                return None
            if user.timezone is None:
                return NotSetUp()
            try:
                ask = Ask(state.step)
            except ValueError:
                await work.conversations.clear(user.id)  # a question this version doesn't ask
                await work.commit()
                return None
            if expect is not None and ask is not expect:
                return None
            payload = dict(state.payload or {})
            outcome = await self._answer(work, user, ask, payload, text.strip())
            await work.commit()
            return outcome

    async def _answer(
        self, work: UnitOfWork, user: User, ask: Ask, payload: dict[str, Any], text: str
    ) -> TrackerOutcome:
        today = self._today(user)
        if ask is Ask.PLATFORM:
            name = " ".join(text.split())[:30]
            if not name or len(text) > 60:
                return Asked(Ask.PLATFORM, problem="too_long" if text else "empty")
            await self._ask(work, user, Ask.SINCE, {"kind": "platform", "platform": name})
            return Asked(Ask.SINCE, _label_for(TrackerKind.PLATFORM, name))
        if ask is Ask.SINCE:
            kind = TrackerKind(payload.get("kind", TrackerKind.NO_CONTACT.value))
            platform = payload.get("platform")
            parsed = parse_past_date(text, today)
            if isinstance(parsed, DateRefusal):
                return Asked(Ask.SINCE, _label_for(kind, platform), parsed.problem)
            return await self._start(work, user, kind, platform, parsed)
        if ask is Ask.GOAL or ask is Ask.LABEL:
            tracker = await work.trackers.get_owned(int(payload.get("tracker", 0)), user.id)
            if tracker is None:
                await work.conversations.clear(user.id)
                return Gone()
            if ask is Ask.GOAL:
                digits = text.lower().removesuffix("days").strip()
                if digits in {"none", "no", "0", "-"}:
                    tracker.goal_days = None
                elif digits.isdigit() and 1 <= int(digits) <= MAX_GOAL:
                    tracker.goal_days = int(digits)
                else:
                    return Asked(Ask.GOAL, tracker.label, "not_a_number")
                changed = "goal"
            else:
                label = " ".join(text.split())
                if not label or len(label) > MAX_LABEL:
                    return Asked(Ask.LABEL, tracker.label, "too_long")
                tracker.label, changed = label, "renamed"
            tracker.updated_at = self._clock.now()
            await work.conversations.clear(user.id)
            return await self._panel(work, user, tracker, changed)
        event = await work.trackers.event_owned(int(payload.get("event", 0)), user.id)
        tracker = await work.trackers.get_owned(event.tracker_id, user.id) if event else None
        if event is None or tracker is None:
            await work.conversations.clear(user.id)
            return Gone()
        if ask is Ask.NOTE:
            event.note = text[:MAX_NOTE]
        else:
            parsed = parse_past_date(text, today)
            if isinstance(parsed, DateRefusal):
                return Asked(Ask.SLIP_DAY, tracker.label, parsed.problem)
            if parsed < tracker.started_on:
                return Asked(Ask.SLIP_DAY, tracker.label, "before_start")
            event.local_date = parsed
        await work.conversations.clear(user.id)
        await work.trackers.flush()
        return await self._slip_logged(work, user, tracker, event)


def _daily_event(tracker: Tracker, checkin: CheckIn, slipped: bool, now: datetime) -> TrackerEvent:
    kind = TrackerKind(tracker.kind)
    return TrackerEvent(
        tracker_id=tracker.id,
        user_id=tracker.user_id,
        local_date=max(checkin.local_date, tracker.started_on),
        kind=(EventKind.SLIP if slipped else EventKind.CONFIRMED).value,
        what=WHAT_FOR_KIND[kind][0] if slipped else None,
        checkin_id=checkin.id,
        created_at=now,
    )


def _label_for(kind: TrackerKind, platform: str | None) -> str:
    if kind is TrackerKind.PLATFORM:
        return f"Off {platform or 'a platform'}"[:MAX_LABEL]
    return DEFAULT_LABELS[kind]
