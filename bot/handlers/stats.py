"""/stats: a short summary and three charts."""

from __future__ import annotations

from telegram import InputFile, Update

from bot.app import Context
from bot.handlers.common import send, who
from bot.services.stats import NotEnough, StatsShown
from bot.views import charts
from bot.views.render import Reply
from bot.views.stats import not_enough, summary

SET_UP_FIRST = "Let's set you up first: /start takes a minute."


async def stats(update: Update, context: Context) -> None:
    """Mood over time with slips, the triggers that came up most, the no-contact calendar."""
    outcome = await context.deps.stats.stats(who(update))
    if isinstance(outcome, NotEnough):
        await send(update, context, [Reply(not_enough(outcome.days_needed))])
        return
    if not isinstance(outcome, StatsShown):
        await send(update, context, [Reply(SET_UP_FIRST)])
        return
    chat = update.effective_chat
    assert chat is not None
    await send(update, context, [Reply(summary(outcome))])
    drawings = [("mood.png", charts.mood_chart)]
    if outcome.data.triggers:
        drawings.append(("triggers.png", charts.trigger_chart))
    if outcome.no_contact is not None:
        drawings.append(("no-contact.png", charts.calendar_chart))
    for name, chart in drawings:
        # Drawn on the drawing thread, so other people's replies don't wait for it.
        png = await charts.drawn(chart, outcome.data)
        await context.bot.send_photo(chat.id, InputFile(png, filename=name))
