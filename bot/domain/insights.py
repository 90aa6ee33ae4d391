"""What the charts and the summary show, computed from plain dated facts (no drawing here)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

MIN_MOOD_DAYS = 3


@dataclass(frozen=True)
class Insights:
    """Mood by day, slip days, trigger counts and a calendar of counted days."""

    today: date
    moods: tuple[tuple[date, int], ...]
    slips: tuple[date, ...]
    triggers: tuple[tuple[str, int], ...]
    # Each day of the last weeks: "clean", "slip" or "" (nothing counted that day).
    calendar: tuple[tuple[date, str], ...]
    answered_30: int

    @property
    def enough(self) -> bool:
        """Whether there is enough to draw a mood line."""
        return len(self.moods) >= MIN_MOOD_DAYS

    @property
    def days_needed(self) -> int:
        """How many more days with a mood are needed."""
        return max(0, MIN_MOOD_DAYS - len(self.moods))

    def average(self, days: int) -> float | None:
        """Average mood over the last `days` days."""
        start = self.today - timedelta(days=days)
        recent = [m for d, m in self.moods if d > start]
        return sum(recent) / len(recent) if recent else None


def insights(
    *,
    today: date,
    moods: Mapping[date, int],
    triggers: Iterable[str],
    slip_days: Iterable[date],
    tracked_from: date | None,
    tracked_slips: Iterable[date] = (),
    answered: Iterable[date],
    span: int = 90,
    weeks: int = 13,
) -> Insights:
    """The facts of the last `span` days. Slips of every count mark the mood line; the
    calendar (the last `weeks` weeks) shows the one count tracked from `tracked_from`."""
    start = today - timedelta(days=span - 1)
    slips = tuple(sorted({d for d in slip_days if start <= d <= today}))
    calendar_start = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    slip_set = set(tracked_slips)
    calendar = tuple(
        (
            day,
            ""
            if tracked_from is None or day < tracked_from or day > today
            else "slip"
            if day in slip_set
            else "clean",
        )
        for day in (calendar_start + timedelta(days=i) for i in range(7 * weeks))
    )
    month = today - timedelta(days=30)
    return Insights(
        today=today,
        moods=tuple(sorted((d, m) for d, m in moods.items() if start <= d <= today)),
        slips=slips,
        triggers=tuple(Counter(t for t in triggers if t and t != "nothing").most_common(6)),
        calendar=calendar,
        answered_30=sum(1 for d in set(answered) if month < d <= today),
    )
