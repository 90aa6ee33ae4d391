"""Words that arrive outside a plain message (a photo's caption, a command's arguments, an edit
of an earlier message) are read for danger too, before anything else answers them."""

from __future__ import annotations

from telegram import Update
from telegram.ext import filters

from bot.app import Context
from bot.handlers.common import send, who
from bot.services.conversation import lines_for_crisis
from bot.views import texts
from bot.views.render import Reply

# /cope reads its own words (and keeps them); every other command with words after it, and
# any caption, comes here first.
OTHER_WORDS = filters.CAPTION | (filters.COMMAND & filters.Regex(r"^/(?!cope\b)\w+(?:@\w+)?\s+\S"))
# An edited message is not a new answer (nothing is stored or re-answered), but words added in
# an edit ("...and i want to die") must still bring the crisis lines.
EDITED_WORDS = (
    filters.ChatType.PRIVATE & filters.UpdateType.EDITED_MESSAGE & (filters.TEXT | filters.CAPTION)
)


async def read_other_words(update: Update, context: Context) -> None:
    """Crisis lines first if a caption or command argument speaks of danger."""
    message = update.effective_message
    lexicon = context.deps.content.lexicon
    if message is None or lexicon is None:
        return
    await _lines_if_danger(
        update, context, message.caption or (message.text or "").partition(" ")[2]
    )


async def read_edited_words(update: Update, context: Context) -> None:
    """Crisis lines if an edited message speaks of danger; otherwise an edit gets no answer."""
    message = update.effective_message
    if message is not None and context.deps.content.lexicon is not None:
        await _lines_if_danger(update, context, message.text or message.caption or "")


async def _lines_if_danger(update: Update, context: Context, text: str) -> None:
    lexicon = context.deps.content.lexicon
    danger = lexicon.crisis_in(text) if text and lexicon is not None else None
    if danger is None:
        return
    lines = lines_for_crisis(danger, await context.deps.profiles.help_lines(who(update)))
    await send(update, context, [Reply(texts.crisis_text(lines))])
