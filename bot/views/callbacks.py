"""Callback data: built and parsed in one place. Data from Telegram is untrusted: parsing is
strict and anything unexpected becomes None (a stale or forged button)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

from bot.domain.profile import Step

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
)
_CHECKIN = re.compile(r"^ci:(\d{1,18}):(m|t|skip|later)(?::([a-z_0-9]{1,20}))?$")
_CHECKIN_KINDS = {"m": "mood", "t": "trigger", "skip": "skip", "later": "later"}


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


def toggle_day(day: int) -> str:
    """Data for a weekday toggle."""
    return f"day:{day}"


def parse(data: str | None) -> Action | None:
    """The action a button stands for, or None when the data is not one of ours."""
    if not data or len(data) > 64:
        return None
    if data.startswith("ci:"):
        return _parse_checkin(data)
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
