"""Small helpers shared by handlers: who is writing, and sending rendered replies."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from bot.app import Context
from bot.domain.profile import Who
from bot.views.render import Reply


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
            try:
                await query.edit_message_text(reply.text, reply_markup=markup)
            except BadRequest as exc:
                # Pressing the same toggle twice quickly: Telegram refuses a no-op edit.
                if "not modified" not in str(exc).lower():
                    raise
            continue
        await context.bot.send_message(chat.id, reply.text, reply_markup=reply.markup)
