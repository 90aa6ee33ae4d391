"""/journal [word], its pages and entries."""

from __future__ import annotations

from telegram import Update

from bot.app import Context
from bot.handlers.common import acknowledge, send, who
from bot.services.journal import JournalOutcome
from bot.views import callbacks
from bot.views.journal import render_journal
from bot.views.render import Reply


async def journal(update: Update, context: Context) -> None:
    """The newest entries, or the ones containing a word."""
    # One word (it travels with the Older/Newer buttons).
    query = context.args[0] if context.args else None
    outcome = await context.deps.journal.page(who(update), 0, query)
    await send(update, context, render_journal(outcome))


async def on_journal_button(
    update: Update, context: Context, action: callbacks.JournalAction
) -> None:
    """Older, newer (the page is edited in place), or one entry whole."""
    query = update.callback_query
    assert query is not None
    await acknowledge(query)
    outcome: JournalOutcome
    if action.entry_id is not None:
        outcome = await context.deps.journal.entry(who(update), action.entry_id)
        await send(update, context, render_journal(outcome))
        return
    outcome = await context.deps.journal.page(who(update), action.page, action.query)
    [reply] = render_journal(outcome)
    await send(update, context, [Reply(reply.text, reply.markup, edit=True)])
