"""Where "now" comes from. Domain and services get a Clock; only SystemClock reads the real time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Tells the current instant, always timezone-aware UTC."""

    def now(self) -> datetime:
        """The current instant in UTC."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """The current instant in UTC."""
        return datetime.now(UTC)


class ManualClock:
    """A clock that only moves when told to: for tests and the console's time travel."""

    def __init__(self, start: datetime | None = None, *, follow_real_time: bool = False) -> None:
        self._offset = timedelta(0)
        self._fixed = start
        self._follow = follow_real_time
        if start is not None and start.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")

    def now(self) -> datetime:
        """The pinned instant (or real time) plus every advance so far."""
        base = datetime.now(UTC) if self._follow or self._fixed is None else self._fixed
        return base + self._offset

    def advance(self, delta: timedelta) -> datetime:
        """Move forward (never backward) and return the new now."""
        if delta < timedelta(0):
            raise ValueError("time only moves forward")
        self._offset += delta
        return self.now()
