"""The words around the /stats charts."""

from __future__ import annotations

from bot.services.stats import StatsShown


def not_enough(days: int) -> str:
    """Too little to draw yet."""
    more = "one more day" if days == 1 else f"{days} more days"
    return (
        f"Charts need a few days with a mood first: {more}. Tap a mood in your next check-ins "
        "(or /checkin now) and they'll be here."
    )


def summary(outcome: StatsShown) -> str:
    """A few lines: answers, mood and its direction, the no-contact streak."""
    data = outcome.data
    lines = ["<b>Your last weeks</b>", f"Check-ins answered in 30 days: {data.answered_30}"]
    month, week = data.average(30), data.average(7)
    if month is not None:
        line = f"Average mood, 30 days: {month:.1f} of 5"
        if week is not None and abs(week - month) >= 0.3:
            line += f" (this week {week:.1f}, {'lighter' if week > month else 'heavier'})"
        lines.append(line)
    if outcome.no_contact is not None:
        s = outcome.no_contact
        lines.append(f"No contact: day {s.current}, longest {s.longest}")
    return "\n".join(lines)
