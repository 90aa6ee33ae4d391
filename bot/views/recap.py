"""The weekly recap on screen: a few lines (a photo caption when there is a chart)."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.recap import Direction, WeekRecap
from bot.views import callbacks

STOP = "Stop weekly recaps"
DASH = "\N{EN DASH}"
# A photo caption holds 1,024 characters: five counts (labels up to 40) always fit.
MAX_TRACKERS = 5
DIRECTIONS = {
    Direction.LIGHTER: "lighter than the week before",
    Direction.HEAVIER: "heavier than the week before",
    Direction.STEADY: "about the same as the week before",
}
HEAVIER_TOO = "Heavier weeks happen; they don't undo the lighter ones."
CLOSING = "/stats has the longer view. Be gentle with yourself this week."


def _span(recap: WeekRecap) -> str:
    first, last = recap.first, recap.last
    if first.month == last.month:
        return f"{first.day}{DASH}{last.day} {last:%b}"
    return f"{first.day} {first:%b} {DASH} {last.day} {last:%b}"


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def recap_text(recap: WeekRecap, helped_title: str | None) -> str:
    """Short enough for a photo caption (well under 1,024 characters)."""
    lines = [f"<b>Your week, {_span(recap)}</b>", ""]
    lines.append(f"Check-ins answered: {recap.answered} of {recap.scheduled}")
    if recap.average is not None:
        mood = f"Mood: {recap.average:.1f} of 5 on average"
        if recap.direction is not None:
            mood += f", {DIRECTIONS[recap.direction]}"
        lines.append(mood + ".")
    for tracker in recap.trackers[:MAX_TRACKERS]:
        slips = (
            "no slips this week"
            if not tracker.slips
            else f"slipped on {_days(tracker.slips)} this week, and still counting"
        )
        lines.append(f"{escape(tracker.label, quote=False)}: day {tracker.current} ({slips})")
    if len(recap.trackers) > MAX_TRACKERS:
        lines.append(f"…and {len(recap.trackers) - MAX_TRACKERS} more counts in /streaks")
    if recap.urges_passed:
        waves = "1 urge" if recap.urges_passed == 1 else f"{recap.urges_passed} urges"
        lines.append(f"You rode out {waves} to reach out.")
    if helped_title:
        lines.append(f"What helped most: {escape(helped_title, quote=False)}")
    lines.append("")
    if recap.direction is Direction.HEAVIER:
        lines.append(HEAVIER_TOO)
    lines.append(CLOSING)
    return "\n".join(lines)


def recap_markup() -> InlineKeyboardMarkup:
    """One quiet way out."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(STOP, callback_data=callbacks.recap_setting("stop"))]]
    )
