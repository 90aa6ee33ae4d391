"""/checkin, /pause, /resume, and the buttons on a check-in."""

from __future__ import annotations

from telegram import Update

from bot.app import Context
from bot.handlers.common import acknowledge, send, set_buttons, who
from bot.services.checkins import Choice, Expired, Skipped
from bot.views import callbacks
from bot.views import checkin as checkin_view
from bot.views.render import Reply, render_checkin

MAX_PAUSE_DAYS = 365


async def checkin_now(update: Update, context: Context) -> None:
    """Start today's check-in now."""
    outcome = await context.deps.checkins.checkin_now(who(update))
    await send(update, context, render_checkin(outcome))


async def pause(update: Update, context: Context) -> None:
    """/pause [days]."""
    args = context.args or []
    days: int | None = None
    if args:
        if len(args) != 1 or not args[0].isdigit() or not 1 <= int(args[0]) <= MAX_PAUSE_DAYS:
            await send(update, context, [Reply(checkin_view.PAUSE_USAGE)])
            return
        days = int(args[0])
    outcome = await context.deps.checkins.pause(who(update), days)
    await send(update, context, render_checkin(outcome))


async def resume(update: Update, context: Context) -> None:
    """/resume."""
    outcome = await context.deps.checkins.resume(who(update))
    await send(update, context, render_checkin(outcome))


async def on_checkin_button(
    update: Update, context: Context, action: callbacks.CheckinChoice
) -> None:
    """Mood, trigger, skip or snooze; the check-in's own buttons show what was chosen."""
    query = update.callback_query
    assert query is not None
    outcome = await context.deps.checkins.choose(
        who(update), action.checkin_id, action.what, action.value
    )
    if isinstance(outcome, Expired):
        await acknowledge(query, checkin_view.STALE)
        return
    await acknowledge(query)
    if isinstance(outcome, Choice):
        # Redrawn whole: ticks on mood and trigger, and the trackers' yes/no rows as answered.
        _, markup = checkin_view.shown(
            outcome.checkin_id, outcome.prompt.text, outcome.mood, outcome.trigger, outcome.extras
        )
        await query.edit_message_reply_markup(markup)
    elif isinstance(outcome, Skipped):
        await set_buttons(query, None)
    await send(update, context, render_checkin(outcome))
