"""Words that arrive outside a plain message (a photo's caption, a command's arguments) are read
for danger too, before anything else answers them."""

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


async def read_other_words(update: Update, context: Context) -> None:
    """Crisis lines first if a caption or command argument speaks of danger."""
    message = update.effective_message
    lexicon = context.deps.content.lexicon
    if message is None or lexicon is None:
        return
    text = message.caption or (message.text or "").partition(" ")[2]
    danger = lexicon.crisis_in(text) if text else None
    if danger is None:
        return
    lines = lines_for_crisis(danger, await context.deps.profiles.help_lines(who(update)))
    await send(update, context, [Reply(texts.crisis_text(lines))])
