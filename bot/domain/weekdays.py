"""The days of the week a person wants their check-in on, kept as a 7-bit mask (Monday = bit 0)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

EVERY_DAY = 0b1111111
NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class Weekdays:
    """A set of weekdays; never empty in a stored profile."""

    mask: int = EVERY_DAY

    def __post_init__(self) -> None:
        if not 1 <= self.mask <= EVERY_DAY:
            raise ValueError("weekday mask out of range (at least one day, at most all seven)")

    @classmethod
    def of(cls, days: Iterable[int]) -> Weekdays:
        """The set of the given days (0 = Monday)."""
        mask = 0
        for day in days:
            if not 0 <= day <= 6:
                raise ValueError("weekday out of range")
            mask |= 1 << day
        return cls(mask)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, int) and 0 <= day <= 6 and bool(self.mask >> day & 1)

    def days(self) -> list[int]:
        """The chosen days in week order."""
        return [day for day in range(7) if day in self]

    def toggled(self, day: int) -> Weekdays:
        """The set with `day` switched; switching off the last day keeps it on."""
        if not 0 <= day <= 6:
            raise ValueError("weekday out of range")
        flipped = self.mask ^ (1 << day)
        return Weekdays(flipped) if flipped else self

    def describe(self) -> str:
        """ "every day", "weekdays", "weekends" or a list like "Mon, Wed, Fri"."""
        if self.mask == EVERY_DAY:
            return "every day"
        if self.mask == 0b0011111:
            return "on weekdays"
        if self.mask == 0b1100000:
            return "on weekends"
        return "on " + ", ".join(NAMES[day] for day in self.days())
