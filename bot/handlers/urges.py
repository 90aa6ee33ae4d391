"""/urge, /reasons, /unsent, and the buttons of the urge flow."""

from __future__ import annotations

from telegram import Update

from bot.app import Context
from bot.handlers.common import acknowledge, send, set_buttons, who
from bot.services.urges import UrgeOutcome
from bot.views import callbacks
from bot.views.urges import render_urge


async def urge(update: Update, context: Context) -> None:
    """The moment someone wants to reach out."""
    await send(update, context, render_urge(await context.deps.urges.start(who(update))))


async def reasons(update: Update, context: Context) -> None:
    """Their own reasons: list, add, remove."""
    await send(update, context, render_urge(await context.deps.urges.reasons(who(update))))


async def unsent(update: Update, context: Context) -> None:
    """The unsent box."""
    await send(update, context, render_urge(await context.deps.urges.unsent_box(who(update))))


async def on_urge_button(
    update: Update, context: Context, action: callbacks.UrgeAction | callbacks.ReasonAction
) -> None:
    """Start, write it here, how the wave ended, add or remove a reason."""
    query = update.callback_query
    assert query is not None
    await acknowledge(query)
    service, person = context.deps.urges, who(update)
    outcome: UrgeOutcome
    match action:
        case callbacks.UrgeAction(op="start"):
            outcome = await service.start(person)
        case callbacks.UrgeAction(urge_id=urge_id, op="write"):
            outcome = await service.write_here(person, urge_id)
        case callbacks.UrgeAction(urge_id=urge_id, op=op) if urge_id is not None:
            await set_buttons(query, None)
            outcome = await service.answer_check_back(person, urge_id, op)
        case callbacks.ReasonAction(op="add", value=kind):
            outcome = await service.ask_reason(person, kind)
        case callbacks.ReasonAction(op="remove", value=reason_id):
            outcome = await service.remove_reason(person, int(reason_id))
        case _:
            outcome = await service.reasons(person)
    await send(update, context, render_urge(outcome))
