"""/cope, its feeling buttons, and the buttons under an idea."""

from __future__ import annotations

from telegram import Update

from bot.app import Context
from bot.handlers.common import acknowledge, send, set_buttons, who
from bot.services.coping import FeedbackSaved
from bot.views import callbacks
from bot.views.conversation import render_text_outcome
from bot.views.coping import idea_keyboard, render_coping


async def cope(update: Update, context: Context) -> None:
    """/cope [what's going on]: words that speak of danger get real help first."""
    text = " ".join(context.args or [])
    person = who(update)
    if text and context.deps.content.lexicon and context.deps.content.lexicon.crisis_in(text):
        outcomes = await context.deps.conversation.on_text(person, text)
        now = context.deps.clock.now()
        await send(update, context, [r for o in outcomes for r in render_text_outcome(o, now)])
        return
    outcome = await context.deps.coping.cope(person, text or None)
    await send(update, context, render_coping(outcome))


async def on_cope_button(
    update: Update, context: Context, action: callbacks.CopeAction | callbacks.CopeFeeling
) -> None:
    """A feeling, "another one", "this helped" or "not for me"."""
    query = update.callback_query
    assert query is not None
    await acknowledge(query)
    service, person = context.deps.coping, who(update)
    match action:
        case callbacks.CopeFeeling(feeling=feeling):
            await set_buttons(query, None)
            outcome = await service.choose_feeling(person, feeling)
        case callbacks.CopeAction(suggestion_id=sid, op="more"):
            await set_buttons(query, None)
            outcome = await service.another(person, sid)
        case callbacks.CopeAction(suggestion_id=sid, op=op):
            outcome = await service.feedback(person, sid, helped=op == "helped")
            if isinstance(outcome, FeedbackSaved):
                await set_buttons(query, idea_keyboard(sid, outcome.feedback))
    await send(update, context, render_coping(outcome))
