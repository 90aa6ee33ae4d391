"""Telegram in and out only. `register` is the one place that lists every handler."""

from __future__ import annotations

from typing import TYPE_CHECKING

from telegram.ext import CallbackQueryHandler, CommandHandler, MessageHandler, filters

from bot.handlers import (
    checkins,
    coping,
    data,
    errors,
    journal,
    onboarding,
    safety,
    stats,
    trackers,
    urges,
)

if TYPE_CHECKING:
    from bot.app import UnsentApp

# Only one-to-one chats, and only new messages (an edited old message is not a new answer).
PRIVATE = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE


def register(application: UnsentApp) -> None:
    """Add every handler, in priority order, and the error handler."""
    application.add_handlers(
        [
            CommandHandler("start", onboarding.start, filters=PRIVATE),
            CommandHandler("help", onboarding.show_help, filters=PRIVATE),
            CommandHandler("settings", onboarding.show_settings, filters=PRIVATE),
            CommandHandler("checkin", checkins.checkin_now, filters=PRIVATE),
            CommandHandler("pause", checkins.pause, filters=PRIVATE),
            CommandHandler("resume", checkins.resume, filters=PRIVATE),
            CommandHandler("streaks", trackers.streaks, filters=PRIVATE),
            CommandHandler("nocontact", trackers.no_contact, filters=PRIVATE),
            CommandHandler("social", trackers.social, filters=PRIVATE),
            CommandHandler("slip", trackers.slip, filters=PRIVATE),
            CommandHandler("cope", coping.cope, filters=PRIVATE),
            CommandHandler("urge", urges.urge, filters=PRIVATE),
            CommandHandler("reasons", urges.reasons, filters=PRIVATE),
            CommandHandler("unsent", urges.unsent, filters=PRIVATE),
            CommandHandler("journal", journal.journal, filters=PRIVATE),
            CommandHandler("stats", stats.stats, filters=PRIVATE),
            CommandHandler("export", data.export, filters=PRIVATE),
            CommandHandler("delete", data.delete, filters=PRIVATE),
            MessageHandler(PRIVATE & filters.COMMAND, onboarding.unknown_command),
            MessageHandler(PRIVATE & filters.LOCATION, onboarding.on_location),
            MessageHandler(PRIVATE & filters.TEXT, onboarding.on_text),
            MessageHandler(PRIVATE & filters.Document.ALL, data.on_document),
            # Pins, timers and other service messages need no answer.
            MessageHandler(PRIVATE & ~filters.StatusUpdate.ALL, onboarding.unsupported_message),
            CallbackQueryHandler(onboarding.on_button),
        ]
    )
    # Group -1 runs before the handlers above and lets them run too.
    application.add_handler(
        MessageHandler(PRIVATE & safety.OTHER_WORDS, safety.read_other_words), group=-1
    )
    application.add_handler(MessageHandler(safety.EDITED_WORDS, safety.read_edited_words), group=-1)
    application.add_error_handler(errors.on_error)
