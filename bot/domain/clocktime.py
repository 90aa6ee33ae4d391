"""Reading a time of day the way people type it: "21:30", "9pm", "9.15 p.m.", "noon"."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import time

MAX_INPUT = 40

_NAMED = {"noon": time(12, 0), "midday": time(12, 0), "midnight": time(0, 0)}

# hours, optional minutes (after ":", ".", "h" or a space), optional am/pm.
_PATTERN = re.compile(
    r"""^(?:at\s+)?
    (?P<h>\d{1,2})
    (?:\s*(?:[:.h]|\s)\s*(?P<m>\d{1,2}))?
    \s*(?:h|hrs?|o'?clock)?
    \s*(?P<ampm>a\.?\s?m\.?|p\.?\s?m\.?)?$""",
    re.VERBOSE,
)
_COMPACT = re.compile(r"^(?P<h>\d{1,2})(?P<m>\d{2})$")


class TimeProblem(enum.Enum):
    """Why a text is not a time of day."""

    EMPTY = "empty"
    NOT_A_TIME = "not_a_time"
    OUT_OF_RANGE = "out_of_range"


@dataclass(frozen=True)
class TimeRefusal:
    """A clear refusal: the problem, never an exception."""

    problem: TimeProblem


def parse_clock_time(text: str) -> time | TimeRefusal:
    """The time of day in `text`, or why it is not one."""
    cleaned = " ".join(text.strip().lower().split())
    if not cleaned:
        return TimeRefusal(TimeProblem.EMPTY)
    if len(cleaned) > MAX_INPUT:
        return TimeRefusal(TimeProblem.NOT_A_TIME)
    if cleaned in _NAMED:
        return _NAMED[cleaned]
    match = _PATTERN.match(cleaned) or _COMPACT.match(cleaned)
    if match is None:
        return TimeRefusal(TimeProblem.NOT_A_TIME)
    hour = int(match["h"])
    minute = int(match["m"]) if match["m"] else 0
    suffix = match.groupdict().get("ampm")
    if suffix:
        if not 1 <= hour <= 12 or minute > 59:
            return TimeRefusal(TimeProblem.OUT_OF_RANGE)
        hour = hour % 12 + (12 if suffix.startswith("p") else 0)
    if hour > 23 or minute > 59:
        return TimeRefusal(TimeProblem.OUT_OF_RANGE)
    return time(hour, minute)


def format_clock_time(value: time) -> str:
    """24-hour "HH:MM", the way the bot shows times."""
    return f"{value.hour:02d}:{value.minute:02d}"


_DAY_HALF = re.compile(r"(a\.?\s?m\.?|p\.?\s?m\.?|noon|midday|midnight)\s*$")


def could_be_either_half_of_the_day(text: str, value: time) -> bool:
    """ "4:00" could be 04:00 or 16:00; "16:00", "04:00", "4pm" and "noon" could not."""
    cleaned = " ".join(text.strip().lower().split()).removeprefix("at ")
    if _DAY_HALF.search(cleaned) or cleaned.startswith("0"):
        return False
    return 1 <= value.hour <= 12
