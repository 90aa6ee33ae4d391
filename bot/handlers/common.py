"""Small helpers shared by handlers: who is writing, and sending rendered replies."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Sequence

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot.app import Context
from bot.domain.profile import Who
from bot.views.render import Reply

log = logging.getLogger(__name__)


def who(update: Update) -> Who:
    """The person behind the update."""
    user, chat = update.effective_user, update.effective_chat
    assert user is not None, "handlers are registered for private chats"
    assert chat is not None
    return Who(telegram_user_id=user.id, chat_id=chat.id, language=user.language_code)


async def send(update: Update, context: Context, replies: Sequence[Reply]) -> None:
    """Send replies in order; an `edit` reply replaces the message its button was on."""
    chat = update.effective_chat
    assert chat is not None
    query = update.callback_query
    for reply in replies:
        if reply.edit and query is not None and query.message is not None:
            markup = reply.markup if isinstance(reply.markup, InlineKeyboardMarkup) else None
            if not await _cosmetic(query.edit_message_text(reply.text, reply_markup=markup)):
                await context.bot.send_message(chat.id, reply.text, reply_markup=reply.markup)
            continue
        await context.bot.send_message(chat.id, reply.text, reply_markup=reply.markup)


async def _cosmetic(call: Awaitable[object]) -> bool:
    """Run a call whose failure must not cost the person their action: a double tap's no-op
    edit ("message is not modified"), a button answered too late after a restart ("query is
    too old"), a message too old to edit. Returns whether it worked."""
    try:
        await call
    except BadRequest as exc:
        log.info("telegram refused a cosmetic call: %s", type(exc).__name__)
        return False
    return True


async def acknowledge(query: CallbackQuery, notice: str | None = None) -> None:
    """Stop the button's spinner (with a short notice), whatever Telegram thinks of it."""
    await _cosmetic(query.answer(notice))


async def set_buttons(query: CallbackQuery, markup: InlineKeyboardMarkup | None) -> None:
    """Replace (or with None, remove) the buttons of the message a button was on."""
    await _cosmetic(query.edit_message_reply_markup(markup))
