"""/journal on screen: a page of entries with their date, mood and trigger, and one whole."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.checkin import TRIGGERS
from bot.services.journal import PAGE, Entry, EntryShown, JournalOutcome, JournalPage, NoEntry
from bot.views import callbacks
from bot.views.checkin import MOOD_FACES
from bot.views.render import Reply

EXCERPT = 120
CHUNK = 3500
EMPTY = (
    "Your journal is empty for now. Whatever you write to me, in a check-in or any time, "
    "is kept here, privately."
)
NOTHING_FOUND = "Nothing in your journal contains “{query}”."
GONE = "That entry isn't there any more. /journal shows what is."
OLDER = "◀ Older"
NEWER = "Newer ▶"


def _head(entry: Entry) -> str:
    parts = [f"<b>{entry.day:%a} {entry.day.day} {entry.day:%b %Y}</b>"]
    if entry.mood is not None:
        parts.append(f"mood {MOOD_FACES[entry.mood]}")
    if entry.trigger in TRIGGERS:
        parts.append(TRIGGERS[entry.trigger])
    if entry.kind != "checkin":
        parts.append("note")
    return " · ".join(parts)


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return escape(flat if len(flat) <= EXCERPT else flat[: EXCERPT - 1] + "…")


def page(outcome: JournalPage) -> Reply:
    """A page with "open" buttons and paging."""
    if not outcome.total:
        text = NOTHING_FOUND.format(query=escape(outcome.query)) if outcome.query else EMPTY
        return Reply(text)
    first = outcome.page * PAGE + 1
    last = first + len(outcome.entries) - 1
    title = f"<b>Your journal</b> ({first}-{last} of {outcome.total})"
    if outcome.query:
        title = (
            f"<b>Your journal: “{escape(outcome.query)}”</b> ({first}-{last} of {outcome.total})"
        )
    blocks = [f"{_head(e)}\n{_excerpt(e.text)}" for e in outcome.entries]
    rows = [
        [
            InlineKeyboardButton(
                f"Open {e.day.day} {e.day:%b}", callback_data=callbacks.journal_entry(e.id)
            )
            for e in outcome.entries[i : i + 3]
        ]
        for i in range(0, len(outcome.entries), 3)
    ]
    paging = []
    if outcome.has_older:
        paging.append(
            InlineKeyboardButton(
                OLDER, callback_data=callbacks.journal_page(outcome.page + 1, outcome.query)
            )
        )
    if outcome.has_newer:
        paging.append(
            InlineKeyboardButton(
                NEWER, callback_data=callbacks.journal_page(outcome.page - 1, outcome.query)
            )
        )
    if paging:
        rows.append(paging)
    return Reply("\n\n".join([title, *blocks]), InlineKeyboardMarkup(rows))


def render_journal(outcome: JournalOutcome) -> list[Reply]:
    """The messages for a journal outcome."""
    match outcome:
        case JournalPage():
            return [page(outcome)]
        case EntryShown(entry=entry):
            # Whole, in as many messages as it takes (cut before escaping, never inside an
            # escape).
            chunks = [entry.text[i : i + CHUNK] for i in range(0, len(entry.text), CHUNK)] or [""]
            first, *rest = chunks
            return [
                Reply(f"{_head(entry)}\n\n{escape(first)}"),
                *(Reply(escape(chunk)) for chunk in rest),
            ]
        case NoEntry():
            return [Reply(GONE)]
    raise AssertionError(f"no view for {type(outcome).__name__}")
