"""Streak arithmetic for trackers (no contact, social-media breaks): pure functions over dated
events in the person's own calendar.

Counting is in completed days, the way a counter that started "6 days ago" shows "Day 6":
the start day counts as a clean day once it is over, and today counts once it is over. A slip
day is never clean; the streak after a slip starts the next day, so on the day of a slip the
current streak is 0. Two kinds of contact never break anything ("they wrote and I didn't
reply", "logistics"); they are counted on their own.

So, for any history and any `today` on or after the start:
    clean_days + slip_days == days_since_start == (today - start).days
and each slip begins a new attempt. Events are a set: the order they were recorded in does
not matter, and an undone slip is simply left out. Dates are local dates fixed when the event
was logged, so a change of time zone only moves "today"; no day is lost or counted twice.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date


class TrackerKind(enum.StrEnum):
    """What a tracker counts."""

    NO_CONTACT = "no_contact"
    PROFILES = "profiles"  # not checking their profiles
    PLATFORM = "platform"  # off a platform altogether


class EventKind(enum.StrEnum):
    """What was logged on a day."""

    SLIP = "slip"  # breaks the streak
    RESISTED = "resisted"  # they got in touch and I didn't reply: strength, counted
    LOGISTICS = "logistics"  # children, work, returning things: counted, never a slip
    CONFIRMED = "confirmed"  # "no" to the daily question: the day was clean


# What happened, per slip: key -> label. Keys are stored.
SLIP_WHAT: dict[str, str] = {
    "reached_out": "I reached out",
    "replied": "I replied to them",
    "met": "We met",
    "checked_profile": "I checked their profile",
    "used_platform": "I went on the platform",
}
WHAT_FOR_KIND: dict[TrackerKind, tuple[str, ...]] = {
    TrackerKind.NO_CONTACT: ("reached_out", "replied", "met"),
    TrackerKind.PROFILES: ("checked_profile",),
    TrackerKind.PLATFORM: ("used_platform",),
}

PLATFORMS: tuple[str, ...] = (
    "Instagram",
    "Facebook",
    "TikTok",
    "Snapchat",
    "X",
    "WhatsApp status",
)


@dataclass(frozen=True)
class Milestone:
    """A number of days worth a message, and the message (`{label}`: the tracker's name)."""

    days: int
    text: str

    def render(self, label: str) -> str:
        """The text with the tracker's name in it."""
        return self.text.replace("{label}", label)


@dataclass(frozen=True)
class Event:
    """One logged event on a local date. `id` identifies it for "last slip" and undo."""

    day: date
    kind: EventKind
    id: int = 0
    what: str | None = None
    trigger: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Status:
    """Where a tracker stands on `today`."""

    today: date
    start: date
    current: int
    longest: int
    clean_days: int
    slip_days: int
    attempts: int
    # The first day of the current streak (a milestone belongs to one streak).
    streak_start: date
    last_slip: Event | None
    resisted: int
    logistics: int

    @property
    def days_since_start(self) -> int:
        """Completed days since the tracker first started."""
        return (self.today - self.start).days


def status(start: date, events: Iterable[Event], today: date) -> Status:
    """The status of a tracker that first started on `start`, on the local date `today`.

    Events before the start are ignored; events after `today` (possible for a moment after
    a move west) count as today's.
    """
    today = max(today, start)
    slips: dict[date, Event] = {}
    resisted = logistics = 0
    for event in events:
        if event.day < start:
            continue
        day = min(event.day, today)
        if event.kind is EventKind.SLIP:
            kept = slips.get(day)
            # The latest logged slip of a day stands for it (ids grow as they are logged).
            if kept is None or (event.id, event.day) > (kept.id, kept.day):
                slips[day] = event
        elif event.kind is EventKind.RESISTED:
            resisted += 1
        elif event.kind is EventKind.LOGISTICS:
            logistics += 1
    days = sorted(slips)
    runs: list[int] = []
    run_start = start
    for day in days:
        runs.append((day - run_start).days)
        run_start = day + _ONE_DAY
    current = max(0, (today - run_start).days)
    runs.append(current)
    slip_days = sum(1 for day in days if day < today)
    last = max(slips.values(), key=lambda e: (e.day, e.id)) if slips else None
    return Status(
        today=today,
        start=start,
        current=current,
        longest=max(runs),
        clean_days=(today - start).days - slip_days,
        slip_days=slip_days,
        attempts=1 + len(days),
        streak_start=run_start,
        last_slip=last,
        resisted=resisted,
        logistics=logistics,
    )


def new_milestones(state: Status, thresholds: Sequence[int], announced: Iterable[int]) -> list[int]:
    """Milestones of the current streak reached and not yet announced, smallest first.

    Announce only the largest (a tracker backdated 40 days celebrates 30, not 1 to 30); record
    them all, so none comes again for this streak, whatever is undone and redone.
    """
    done = set(announced)
    return [days for days in sorted(thresholds) if days <= state.current and days not in done]


_ONE_DAY = date(2000, 1, 2) - date(2000, 1, 1)
