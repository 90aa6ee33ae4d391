"""Reading a past date the way people type it: "3 November", "Nov 3rd", "12 days ago",
"yesterday", "2026-11-03", "03.11.2026". Never in the future."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from datetime import date, timedelta

MAX_INPUT = 40
OLDEST = timedelta(days=366 * 30)

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_UNITS = {
    "day": 1,
    "days": 1,
    "week": 7,
    "weeks": 7,
    "month": 30,
    "months": 30,
    "year": 365,
    "years": 365,
}
_AGO = re.compile(r"^(?P<n>\d{1,4}|a|an|one)\s+(?P<unit>days?|weeks?|months?|years?)\s+ago$")
_ISO = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$")
_DOTTED = re.compile(r"^(?P<d>\d{1,2})[./](?P<m>\d{1,2})(?:[./](?P<y>\d{2}|\d{4}))?$")
_DAY_MONTH = re.compile(
    r"^(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<mon>[a-z]+)\.?"
    r"(?:,?\s+(?P<y>\d{4}))?$"
)
_MONTH_DAY = re.compile(
    r"^(?P<mon>[a-z]+)\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?"
    r"(?:,?\s+(?P<y>\d{4}))?$"
)


class DateProblem(enum.Enum):
    """Why a text is not a usable past date."""

    EMPTY = "empty"
    NOT_A_DATE = "not_a_date"
    FUTURE = "future"
    TOO_OLD = "too_old"


@dataclass(frozen=True)
class DateRefusal:
    """A clear refusal, never an exception."""

    problem: DateProblem


def _checked(day: date, today: date) -> date | DateRefusal:
    if day > today:
        return DateRefusal(DateProblem.FUTURE)
    if today - day > OLDEST:
        return DateRefusal(DateProblem.TOO_OLD)
    return day


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _without_year(month: int, day: int, today: date) -> date | DateRefusal:
    """A day and month with no year: the most recent one that isn't in the future."""
    this_year = _make(today.year, month, day)
    if this_year is None:
        # 29 February in a year without one: look at the previous leap years.
        for back in range(1, 5):
            earlier = _make(today.year - back, month, day)
            if earlier is not None:
                return _checked(earlier, today)
        return DateRefusal(DateProblem.NOT_A_DATE)
    if this_year <= today:
        return this_year
    last_year = _make(today.year - 1, month, day)
    return last_year if last_year is not None else DateRefusal(DateProblem.NOT_A_DATE)


def parse_past_date(text: str, today: date) -> date | DateRefusal:
    """The date in `text` (on or before `today`), or why it is not one."""
    cleaned = " ".join(text.strip().lower().replace(",", ", ").split())
    cleaned = re.sub(r"^(since|on|from)\s+", "", cleaned).strip(" .!")
    if not cleaned:
        return DateRefusal(DateProblem.EMPTY)
    if len(cleaned) > MAX_INPUT:
        return DateRefusal(DateProblem.NOT_A_DATE)
    if cleaned in {"today", "tonight", "this morning"}:
        return today
    if cleaned in {"yesterday", "last night"}:
        return today - timedelta(days=1)
    if match := _AGO.match(cleaned):
        count = 1 if match["n"] in {"a", "an", "one"} else int(match["n"])
        return _checked(today - timedelta(days=count * _UNITS[match["unit"]]), today)
    if match := _ISO.match(cleaned):
        day = _make(int(match["y"]), int(match["m"]), int(match["d"]))
        return _checked(day, today) if day else DateRefusal(DateProblem.NOT_A_DATE)
    if match := _DOTTED.match(cleaned):
        # Day first, as most of the world writes it (03.11.2026 is 3 November).
        day_n, month_n = int(match["d"]), int(match["m"])
        if match["y"] is None:
            return (
                _without_year(month_n, day_n, today)
                if 1 <= month_n <= 12
                else DateRefusal(DateProblem.NOT_A_DATE)
            )
        year = int(match["y"]) + (2000 if len(match["y"]) == 2 else 0)
        day = _make(year, month_n, day_n)
        return _checked(day, today) if day else DateRefusal(DateProblem.NOT_A_DATE)
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        if (match := pattern.match(cleaned)) and match["mon"] in _MONTHS:
            month, day_n = _MONTHS[match["mon"]], int(match["d"])
            if match["y"] is None:
                return _without_year(month, day_n, today)
            day = _make(int(match["y"]), month, day_n)
            return _checked(day, today) if day else DateRefusal(DateProblem.NOT_A_DATE)
    return DateRefusal(DateProblem.NOT_A_DATE)
