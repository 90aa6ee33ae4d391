"""A person's settings as the rest of the bot sees them, and where their conversation stands."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, time

from bot.domain.weekdays import Weekdays


class Flow(enum.StrEnum):
    """Which conversation a pending question belongs to."""

    ONBOARDING = "onboarding"
    SETTINGS = "settings"


class Step(enum.StrEnum):
    """What we asked and are waiting for."""

    ZONE = "zone"
    TIME = "time"
    ENDED = "ended"


@dataclass(frozen=True)
class Pending:
    """The question a person has not answered yet."""

    flow: Flow
    step: Step


@dataclass(frozen=True)
class Profile:
    """Who someone is to the bot: their zone and check-in schedule."""

    telegram_user_id: int
    chat_id: int
    timezone: str | None
    checkin_time: time | None
    weekdays: Weekdays
    onboarded: bool
    country: str | None = None
    ended_on: date | None = None
    recap_weekday: int = 6  # Sunday
    recap_enabled: bool = True

    @property
    def complete(self) -> bool:
        """Whether we know enough to send daily check-ins."""
        return self.timezone is not None and self.checkin_time is not None


@dataclass(frozen=True)
class Who:
    """The person behind an update, as Telegram identifies them."""

    telegram_user_id: int
    chat_id: int
    language: str | None = None


# Check-in time presets offered as buttons; typed times are welcome too.
PRESETS: tuple[tuple[str, time], ...] = (
    ("Morning", time(9, 0)),
    ("Evening", time(19, 0)),
    ("Night", time(22, 0)),
)
