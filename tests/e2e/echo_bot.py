"""Tiny PTB 22 bot that exists only to prove the e2e harness (it is not part of unsent)."""

from __future__ import annotations

import logging
import os

from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
    Update,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

log = logging.getLogger("echo_bot")


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offer two colours as inline buttons."""
    keyboard = [
        [
            InlineKeyboardButton("Red", callback_data="pick:red"),
            InlineKeyboardButton("Blue", callback_data="pick:blue"),
        ]
    ]
    await update.effective_message.reply_text(
        "Pick a colour", reply_markup=InlineKeyboardMarkup(keyboard)
    )


async def picked(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Red is final (edit text); blue asks for confirmation (edit reply markup only)."""
    query = update.callback_query
    colour = query.data.split(":", 1)[1]
    await query.answer(f"{colour} noted")
    if query.data.startswith("pick:blue"):
        confirm = InlineKeyboardButton("Confirm blue", callback_data="confirm:blue")
        await query.edit_message_reply_markup(InlineKeyboardMarkup([[confirm]]))
        return
    edited = await query.edit_message_text(f"You picked {colour}")
    log.info("edited message %s", edited.message_id)


async def where(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ask for the person's location with a reply keyboard."""
    button = KeyboardButton("Send my location", request_location=True)
    markup = ReplyKeyboardMarkup([[button]], resize_keyboard=True, one_time_keyboard=True)
    await update.effective_message.reply_text("Where are you?", reply_markup=markup)


async def located(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Acknowledge a shared location and remove the reply keyboard."""
    loc = update.effective_message.location
    await update.effective_message.reply_text(
        f"Got you at {loc.latitude:.4f},{loc.longitude:.4f}", reply_markup=ReplyKeyboardRemove()
    )
    await context.bot.send_location(
        update.effective_chat.id, latitude=loc.latitude, longitude=loc.longitude
    )


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Echo text back."""
    sent = await update.effective_message.reply_text(f"echo: {update.effective_message.text}")
    assert sent.date.year >= 2024
    assert sent.from_user is not None
    assert sent.from_user.id == context.bot.id


async def post_init(application: Application) -> None:
    """Register commands and say we are up."""
    await application.bot.set_my_commands(
        [BotCommand("start", "Pick a colour"), BotCommand("where", "Share location")]
    )
    log.info("echo bot ready as @%s (id %s)", application.bot.username, application.bot.id)


def main() -> None:
    """Run the bot with long polling against TELEGRAM_API_BASE_URL."""
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its request lines carry the token
    application = (
        ApplicationBuilder()
        .token(os.environ["BOT_TOKEN"])
        .base_url(os.environ["TELEGRAM_API_BASE_URL"])
        .post_init(post_init)
        .build()
    )
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CommandHandler("where", where))
    application.add_handler(CallbackQueryHandler(picked, pattern=r"^(pick|confirm):"))
    application.add_handler(MessageHandler(filters.LOCATION, located))
    application.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    application.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
