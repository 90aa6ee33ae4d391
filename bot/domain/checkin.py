"""The daily check-in: stages, which prompt comes next, moods and triggers."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import date

from bot.domain.prompts import DayKind, Prompt, Stage

MOODS = (1, 2, 3, 4, 5)

# What brought them to mind today: key -> button label. Keys are stored; labels are shown.
TRIGGERS: dict[str, str] = {
    "place": "📍 A place",
    "song": "🎵 A song",
    "food": "🍽 Food",
    "scent": "🌸 A scent",
    "photo_social": "📱 Photos / social",
    "date_anniversary": "📅 A date",
    "message_from_them": "💬 A message",
    "nothing": "🌤 Nothing today",
    "other": "✏️ Something else",
}


def stage_for(start: date, today: date) -> Stage:
    """First week, first month, or later, counted from the day it ended (or the first day here)."""
    days = (today - start).days
    if days < 7:
        return Stage.FIRST_WEEK
    if days < 30:
        return Stage.FIRST_MONTH
    return Stage.LATER


def day_kind(today: date) -> DayKind:
    """Weekday or weekend, in the person's own calendar."""
    return DayKind.WEEKEND if today.weekday() >= 5 else DayKind.WEEKDAY


def choose_prompt(
    prompts: Sequence[Prompt],
    *,
    stage: Stage,
    today: date,
    used: Mapping[str, int],
    seed: int,
) -> Prompt:
    """The next prompt: fits the stage and the day, and is among the least used so far.

    Choosing among the least used means no prompt repeats until every fitting one has been
    asked. The seed (per person and day) makes the choice deterministic and testable.
    """
    kind = day_kind(today)
    fitting = [p for p in prompts if stage in p.stages and p.days in (DayKind.ANY, kind)]
    pool = fitting or list(prompts)
    fewest = min(used.get(p.id, 0) for p in pool)
    least_used = sorted((p for p in pool if used.get(p.id, 0) == fewest), key=lambda p: p.id)
    return random.Random(seed).choice(least_used)  # noqa: S311 (not security)
