"""/export and /delete."""

from __future__ import annotations

from telegram import InputFile, Update

from bot.app import Context
from bot.handlers.common import acknowledge, send, set_buttons, who
from bot.services.data import DataOutcome, ExportFiles
from bot.views import callbacks
from bot.views.data import EXPORT_CAPTION, IMPORT_ONLY_JSON, render_data
from bot.views.render import Reply


async def export(update: Update, context: Context) -> None:
    """Everything we hold about them, as files."""
    outcome = await context.deps.data.export(who(update))
    chat = update.effective_chat
    assert chat is not None
    if not isinstance(outcome, ExportFiles):
        await send(update, context, render_data(outcome))
        return
    for index, (name, content) in enumerate(outcome.files.items()):
        await context.bot.send_document(
            chat.id,
            InputFile(content, filename=name),
            caption=EXPORT_CAPTION if index == 0 else None,
        )


async def delete(update: Update, context: Context) -> None:
    """What would be erased, and the first confirmation."""
    await send(update, context, render_data(await context.deps.data.delete_preview(who(update))))


async def on_delete_button(
    update: Update, context: Context, action: callbacks.DeleteChoice
) -> None:
    """ "Erase everything" asks for the typed word; "keep my data" cancels."""
    query = update.callback_query
    assert query is not None
    await acknowledge(query)
    await set_buttons(query, None)
    outcome: DataOutcome
    if action.erase:
        outcome = await context.deps.data.delete_confirmed_once(who(update))
    else:
        outcome = await context.deps.data.keep(who(update))
    await send(update, context, render_data(outcome))


MAX_IMPORT = 20 * 1024 * 1024


async def on_document(update: Update, context: Context) -> None:
    """A file sent to the bot: an export to bring back, or a kind word about what we read."""
    message = update.effective_message
    assert message is not None
    document = message.document
    if document is None or not (document.file_name or "").lower().endswith(".json"):
        await send(update, context, [Reply(IMPORT_ONLY_JSON)])
        return
    if (document.file_size or 0) > MAX_IMPORT:
        await send(update, context, [Reply("That file is too big to be an export.")])
        return
    file = await document.get_file()
    content = bytes(await file.download_as_bytearray())
    person = who(update)
    outcome = await context.deps.data.load(content, person.telegram_user_id, person.chat_id)
    await send(update, context, render_data(outcome))
