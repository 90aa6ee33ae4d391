"""Callback data: built and parsed in one place. Data from Telegram is untrusted: parsing is
strict and anything unexpected becomes None (a stale or forged button)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

from bot.domain.coping import FEELINGS
from bot.domain.profile import Step
from bot.domain.streaks import PLATFORMS

_ZONE_CHARS = re.compile(r"^[A-Za-z0-9_+\-/]{1,60}$")


@dataclass(frozen=True)
class PickZone:
    """One of the offered zones."""

    zone: str


@dataclass(frozen=True)
class NoZoneFits:
    """None of the offered zones."""


@dataclass(frozen=True)
class PickTime:
    """A check-in time preset."""

    value: time


@dataclass(frozen=True)
class AskSetting:
    """Settings: change the zone or the time."""

    step: Step


@dataclass(frozen=True)
class EditDays:
    """Settings: show the weekday toggles."""


@dataclass(frozen=True)
class ForgetEnded:
    """ "Prefer not to say" for the date it ended."""


@dataclass(frozen=True)
class ToggleDay:
    """Switch one weekday."""

    day: int


@dataclass(frozen=True)
class CloseSettings:
    """Done with settings (also cancels an open settings question)."""


@dataclass(frozen=True)
class CheckinChoice:
    """A button on a check-in. `checkin_id` is untrusted until the service checks its owner."""

    checkin_id: int
    what: str  # "mood" | "trigger" | "skip" | "later"
    value: str = ""


@dataclass(frozen=True)
class TrackerAction:
    """A button on a tracker panel. `tracker_id` is untrusted until the service checks it."""

    tracker_id: int
    op: str  # open | slip | resisted | logistics | undo | pause | resume | archive | ...
    value: str = ""


@dataclass(frozen=True)
class SlipAction:
    """A button on a logged slip: what happened, what set it off, a note, the day, undo."""

    event_id: int
    op: str  # what | trigger | note | day | undo
    value: str = ""


@dataclass(frozen=True)
class NewTracker:
    """Start a tracker of a kind (and a preset platform), or ask for a platform's name."""

    kind: str
    platform: str | None = None


@dataclass(frozen=True)
class TypedAnswer:
    """A button that answers the open question as if typed ("today"); `question` names the
    question it was shown with, so a button left from an older question answers nothing."""

    text: str
    question: str


@dataclass(frozen=True)
class CopeAction:
    """A button under a coping idea. `suggestion_id` is untrusted until checked."""

    suggestion_id: int
    op: str  # more | helped | nope


@dataclass(frozen=True)
class CopeFeeling:
    """A feeling button under "what's going on?"."""

    feeling: str


@dataclass(frozen=True)
class UrgeAction:
    """Start the urge flow (urge_id None), or a button on one. Ids are untrusted."""

    urge_id: int | None
    op: str  # start | write | passed | still_strong | reached_out


@dataclass(frozen=True)
class ReasonAction:
    """Add a reason of a kind, or remove one (ids untrusted)."""

    op: str  # add | remove
    value: str


@dataclass(frozen=True)
class DeleteChoice:
    """The first confirmation of /delete (or keeping the data)."""

    erase: bool


@dataclass(frozen=True)
class JournalAction:
    """A journal page (with the searched word, if any), or one entry (untrusted id)."""

    page: int = 0
    query: str | None = None
    entry_id: int | None = None


@dataclass(frozen=True)
class RecapSetting:
    """The weekly recap: show its panel, switch it on or off, or pick its day. `from_recap`:
    pressed under a recap (answered with a message, not by editing a settings panel)."""

    op: str  # "show" | "on" | "off" | "day"
    day: int | None = None
    from_recap: bool = False


Action = (
    PickZone
    | NoZoneFits
    | PickTime
    | AskSetting
    | EditDays
    | ToggleDay
    | CloseSettings
    | CheckinChoice
    | ForgetEnded
    | TrackerAction
    | SlipAction
    | NewTracker
    | TypedAnswer
    | CopeAction
    | CopeFeeling
    | UrgeAction
    | ReasonAction
    | DeleteChoice
    | JournalAction
    | RecapSetting
)
_RECAP = re.compile(r"^rc:(show|on|off|stop|day:[0-6])$")
_CHECKIN = re.compile(r"^ci:(\d{1,18}):(m|t|skip|later|y|n)(?::([a-z_0-9]{1,20}))?$")
_CHECKIN_KINDS = {
    "m": "mood",
    "t": "trigger",
    "skip": "skip",
    "later": "later",
    "y": "tracker_yes",
    "n": "tracker_no",
}
_TRACKER = re.compile(r"^tk:(\d{1,18}):([a-z]{2,10})(?::([a-z_]{1,20}))?$")
TRACKER_OPS = frozenset(
    {"open", "slip", "what", "resisted", "logistics", "pause", "resume", "archive"}
    | {"restore", "goal", "label"}
)
_SLIP = re.compile(r"^ev:(\d{1,18}):([a-z]{2,8})(?::([a-z_]{1,20}))?$")
SLIP_OPS = frozenset({"what", "trigger", "note", "day", "undo"})
_NEW = re.compile(r"^tn:(no_contact|profiles|platform|other)(?::(\d{1,2}))?$")
TYPED = {"today": "today", "yesterday": "yesterday", "nogoal": "none"}
_TYPED = re.compile(r"^say:([a-z_]{1,12}):([a-z]{1,12})$")


def checkin_mood(checkin_id: int, mood: int) -> str:
    """Data for a mood button."""
    return f"ci:{checkin_id}:m:{mood}"


def checkin_trigger(checkin_id: int, trigger: str) -> str:
    """Data for a trigger button."""
    return f"ci:{checkin_id}:t:{trigger}"


def checkin_skip(checkin_id: int) -> str:
    """Data for "skip today"."""
    return f"ci:{checkin_id}:skip"


def checkin_later(checkin_id: int) -> str:
    """Data for "remind me in an hour"."""
    return f"ci:{checkin_id}:later"


def checkin_tracker(checkin_id: int, tracker_id: int, *, slipped: bool) -> str:
    """Data for a yes/no tracker question in a check-in."""
    return f"ci:{checkin_id}:{'y' if slipped else 'n'}:{tracker_id}"


def tracker(tracker_id: int, op: str, value: str = "") -> str:
    """Data for a tracker panel button."""
    return f"tk:{tracker_id}:{op}" + (f":{value}" if value else "")


def slip(event_id: int, op: str, value: str = "") -> str:
    """Data for a button on a logged slip."""
    return f"ev:{event_id}:{op}" + (f":{value}" if value else "")


def new_tracker(kind: str, platform_index: int | None = None) -> str:
    """Data for starting a tracker (platform_index: into PLATFORMS)."""
    return f"tn:{kind}" + ("" if platform_index is None else f":{platform_index}")


def typed(question: str, key: str) -> str:
    """Data for a button that answers question `question` ("today", "yesterday", "none")."""
    return f"say:{question}:{key}"


_COPE = re.compile(r"^cp:(\d{1,18}):(more|helped|nope)$")
_FEELING = re.compile(r"^cf:([a-z_]{2,20})$")


def cope(suggestion_id: int, op: str) -> str:
    """Data for "another one", "this helped", "not for me"."""
    return f"cp:{suggestion_id}:{op}"


def cope_feeling(feeling: str) -> str:
    """Data for a feeling button."""
    return f"cf:{feeling}"


URGE_START = "ug:start"
DELETE_YES = "del:yes"
_JOURNAL_PAGE = re.compile(r"^jp:(\d{1,5})(?::(\w{1,24}))?$")
_JOURNAL_ENTRY = re.compile(r"^je:(\d{1,18})$")
JOURNAL_WORD = re.compile(r"^\w{1,24}$")


def journal_page(page: int, query: str | None = None) -> str:
    """Data for a journal page (a searched word travels along if it fits)."""
    if query and JOURNAL_WORD.match(query) and len(f"jp:{page}:{query}".encode()) <= 64:
        return f"jp:{page}:{query}"
    return f"jp:{page}"


def journal_entry(answer_id: int) -> str:
    """Data for opening one entry."""
    return f"je:{answer_id}"


DELETE_NO = "del:no"
_URGE = re.compile(r"^ug:(\d{1,18}):(write|passed|still_strong|reached_out)$")
_REASON = re.compile(r"^rs:(add:(?:why_ended|deserve)|del:\d{1,18})$")


def urge(urge_id: int, op: str) -> str:
    """Data for a button on an urge."""
    return f"ug:{urge_id}:{op}"


def reason_add(kind: str) -> str:
    """Data for "+ why it ended" / "+ what I deserve"."""
    return f"rs:add:{kind}"


def reason_remove(reason_id: int) -> str:
    """Data for removing a reason."""
    return f"rs:del:{reason_id}"


def _parse_urge(data: str) -> UrgeAction | ReasonAction | None:
    if data == URGE_START:
        return UrgeAction(None, "start")
    if match := _URGE.match(data):
        return UrgeAction(int(match[1]), match[2])
    if match := _REASON.match(data):
        op, value = match[1].split(":")
        return ReasonAction("add" if op == "add" else "remove", value)
    return None


def _parse_cope(data: str) -> CopeAction | CopeFeeling | None:
    if match := _COPE.match(data):
        return CopeAction(int(match[1]), match[2])
    if match := _FEELING.match(data):
        return CopeFeeling(match[1]) if match[1] in FEELINGS else None
    return None


def _parse_tracker(data: str) -> TrackerAction | SlipAction | NewTracker | None:
    if match := _TRACKER.match(data):
        if match[2] not in TRACKER_OPS:
            return None
        return TrackerAction(int(match[1]), match[2], match[3] or "")
    if match := _SLIP.match(data):
        if match[2] not in SLIP_OPS:
            return None
        return SlipAction(int(match[1]), match[2], match[3] or "")
    if match := _NEW.match(data):
        if match[2] is None:
            return NewTracker(match[1])
        index = int(match[2])
        if match[1] != "platform" or index >= len(PLATFORMS):
            return None
        return NewTracker(match[1], PLATFORMS[index])
    return None


def _parse_checkin(data: str) -> CheckinChoice | None:
    match = _CHECKIN.match(data)
    if match is None:
        return None
    what, value = _CHECKIN_KINDS[match[2]], match[3] or ""
    if what == "mood" and value not in {"1", "2", "3", "4", "5"}:
        return None
    if what == "trigger" and not value:
        return None
    if what in {"skip", "later"} and value:
        return None
    if what.startswith("tracker_") and not value.isdigit():
        return None
    return CheckinChoice(int(match[1]), what, value)


def pick_zone(zone: str) -> str:
    """Data for a zone button."""
    return f"tz:{zone}"


NO_ZONE_FITS = "tz-none"
FORGET_ENDED = "ended-forget"
EDIT_DAYS = "set:days"
CLOSE_SETTINGS = "set:done"


def pick_time(value: time) -> str:
    """Data for a preset time button."""
    return f"time:{value.hour:02d}{value.minute:02d}"


def ask_setting(step: Step) -> str:
    """Data for "change zone/time"."""
    return f"set:{step.value}"


def recap_setting(op: str, day: int | None = None) -> str:
    """Data for the recap panel ("show", "on", "off", "day" with a day) or "stop" (the
    button under a recap)."""
    return f"rc:day:{day}" if op == "day" else f"rc:{op}"


def _parse_recap(data: str) -> RecapSetting | None:
    match = _RECAP.match(data)
    if match is None:
        return None
    op = match[1]
    if op.startswith("day:"):
        return RecapSetting("day", int(op[4:]))
    if op == "stop":
        return RecapSetting("off", from_recap=True)
    return RecapSetting(op)


def toggle_day(day: int) -> str:
    """Data for a weekday toggle."""
    return f"day:{day}"


def parse(data: str | None) -> Action | None:
    """The action a button stands for, or None when the data is not one of ours."""
    if not data or len(data) > 64:
        return None
    if data.startswith("ci:"):
        return _parse_checkin(data)
    if data.startswith(("tk:", "ev:", "tn:")):
        return _parse_tracker(data)
    if data.startswith(("cp:", "cf:")):
        return _parse_cope(data)
    if data.startswith(("ug:", "rs:")):
        return _parse_urge(data)
    if data.startswith("rc:"):
        return _parse_recap(data)
    if data in {DELETE_YES, DELETE_NO}:
        return DeleteChoice(erase=data == DELETE_YES)
    if match := _JOURNAL_PAGE.match(data):
        return JournalAction(page=int(match[1]), query=match[2])
    if match := _JOURNAL_ENTRY.match(data):
        return JournalAction(entry_id=int(match[1]))
    if match := _TYPED.match(data):
        return TypedAnswer(TYPED[match[2]], match[1]) if match[2] in TYPED else None
    kind, _, value = data.partition(":")
    if data == NO_ZONE_FITS:
        return NoZoneFits()
    if data == EDIT_DAYS:
        return EditDays()
    if data == CLOSE_SETTINGS:
        return CloseSettings()
    if kind == "tz" and _ZONE_CHARS.match(value):
        return PickZone(value)
    if kind == "time" and re.fullmatch(r"\d{4}", value):
        hour, minute = int(value[:2]), int(value[2:])
        return PickTime(time(hour, minute)) if hour < 24 and minute < 60 else None
    if data == FORGET_ENDED:
        return ForgetEnded()
    if kind == "set" and value in {Step.ZONE.value, Step.TIME.value, Step.ENDED.value}:
        return AskSetting(Step(value))
    if kind == "day" and re.fullmatch(r"[0-6]", value):
        return ToggleDay(int(value))
    return None
