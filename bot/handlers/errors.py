"""The one error handler: an apology for the person, the exception (not their words) for the log."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import Forbidden, NetworkError

from bot.app import Context
from bot.logging_setup import describe_exception
from bot.views import texts

log = logging.getLogger(__name__)


async def on_error(update: object, context: Context) -> None:
    """Log what broke and tell the person, so the bot never goes silent."""
    error = context.error
    extra: dict[str, object] = {}
    if isinstance(update, Update):
        extra["update_id"] = update.update_id
        if update.effective_user is not None:
            extra["user_id"] = update.effective_user.id
    if error is None:
        return
    log.error("update failed: %s", describe_exception(error), extra=extra)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    if isinstance(error, Forbidden):
        return  # they blocked the bot; nobody to apologise to
    try:
        await context.bot.send_message(update.effective_chat.id, texts.APOLOGY)
    except (Forbidden, NetworkError) as send_error:
        log.warning("could not send the apology: %s", describe_exception(send_error), extra=extra)
