"""/export and /delete on screen."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.services.data import (
    AskWord,
    DataOutcome,
    DeletePreview,
    Erased,
    ExportFiles,
    Imported,
    ImportRefused,
    KeptData,
)
from bot.views import callbacks
from bot.views.render import Reply

NAMES = {
    "users": "your profile and settings",
    "conversation_states": "an open question",
    "checkins": "check-ins",
    "answers": "journal entries",
    "suggestions": "ideas shown and your feedback",
    "trackers": "day counts",
    "tracker_events": "slips, contacts and answered days",
    "milestones": "milestones",
    "reasons": "reasons",
    "urges": "urges",
    "unsent_messages": "unsent messages",
}
EXPORT_CAPTION = (
    "Everything I hold about you. The JSON file has it all (and can be imported back); the CSV "
    "files open in any spreadsheet."
)
NOTHING = "I don't hold anything about you."
ERASE = "Erase everything"
KEEP = "Keep my data"
KEPT = "Nothing was deleted. Your data stays as it was."
ERASED_FIRST = "Done. Everything is erased."


def _list(counts: dict[str, int]) -> str:
    return "\n".join(f"• {NAMES.get(table, table)}: {n}" for table, n in counts.items())


def render_data(outcome: DataOutcome) -> list[Reply]:
    """The messages for a data outcome (files are sent by the handler)."""
    match outcome:
        case DeletePreview(counts=counts):
            what = _list(counts) or "• your profile and settings"
            text = (
                "This erases everything I hold about you, for good:\n"
                f"{what}\n\n"
                "It can't be undone. /export first if you'd like a copy."
            )
            markup = InlineKeyboardMarkup(
                [
                    [InlineKeyboardButton(ERASE, callback_data=callbacks.DELETE_YES)],
                    [InlineKeyboardButton(KEEP, callback_data=callbacks.DELETE_NO)],
                ]
            )
            return [Reply(text, markup)]
        case AskWord(word=word):
            return [Reply(f"To be sure: type {word} (in capitals) to erase everything.")]
        case Erased(counts=counts):
            return [
                Reply(
                    f"{ERASED_FIRST} Removed:\n{_list(counts)}\n\nI hold nothing about you now. "
                    "If you ever want to start again, /start."
                )
            ]
        case KeptData():
            return [Reply(KEPT)]
        case ExportFiles():
            return []
        case Imported(counts=counts):
            return [Reply(f"Welcome back. Your data is here again:\n{_list(counts)}")]
        case ImportRefused(reason=reason):
            return [Reply(f"I couldn't bring that back: {reason}.")]
    return [Reply(NOTHING)]


IMPORT_ONLY_JSON = "Send me the unsent-export.json file from /export to bring your data back."
