"""A coping idea on screen, its buttons, and the feeling buttons of "what's going on?"."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.services.coping import (
    AskWhat,
    CopingOutcome,
    FeedbackSaved,
    IdeaShown,
    NoIdea,
    NotSetUp,
)
from bot.views import callbacks
from bot.views.render import Reply

FEELING_LABELS: dict[str, str] = {
    "sad": "😢 Sad",
    "lonely": "🫥 Lonely",
    "urge_to_contact": "📱 I want to text them",
    "rumination": "🔁 Can't stop thinking",
    "nostalgic": "🕰 A memory hit me",
    "jealous": "💔 They've moved on",
    "angry": "😠 Angry",
    "guilt": "😞 Blaming myself",
    "anxious": "😰 Anxious",
    "numb": "😶 Numb",
    "cant_sleep": "🌙 Can't sleep",
    "hopeful_at_risk": "🤞 Maybe they miss me",
    "okay": "🙂 Actually okay",
}
ASK_WHAT = "What's going on? Tap what fits, or write it in your own words."
ANOTHER = "Another one"
URGE = "📱 I want to text them"
HELPED = "This helped 🤍"
NOT_FOR_ME = "Not for me"
SAVED_HELPED = "Noted. I'll bring it back when it fits."
SAVED_NOPE = "Noted. I'll suggest it less."
STALE = "That idea has expired. /cope finds another."
SET_UP_FIRST = "Let's set you up first: /start takes a minute."


def idea_keyboard(suggestion_id: int, feedback: str | None = None) -> InlineKeyboardMarkup:
    """ "Another one", "this helped", "not for me" (the chosen one ticked)."""

    def tick(label: str, chosen: bool) -> str:
        return f"✓ {label}" if chosen else label

    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(ANOTHER, callback_data=callbacks.cope(suggestion_id, "more"))],
            [InlineKeyboardButton(URGE, callback_data=callbacks.URGE_START)],
            [
                InlineKeyboardButton(
                    tick(HELPED, feedback == "helped"),
                    callback_data=callbacks.cope(suggestion_id, "helped"),
                ),
                InlineKeyboardButton(
                    tick(NOT_FOR_ME, feedback == "not_for_me"),
                    callback_data=callbacks.cope(suggestion_id, "nope"),
                ),
            ],
        ]
    )


def feelings_keyboard() -> InlineKeyboardMarkup:
    """A button per feeling, two to a row."""
    buttons = [
        InlineKeyboardButton(label, callback_data=callbacks.cope_feeling(key))
        for key, label in FEELING_LABELS.items()
    ]
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


def render_coping(outcome: CopingOutcome) -> list[Reply]:
    """The messages for a coping outcome."""
    match outcome:
        case AskWhat():
            return [Reply(ASK_WHAT, feelings_keyboard())]
        case IdeaShown(suggestion_id=sid, idea=idea):
            text = f"<b>{escape(idea.title)}</b>\n{escape(idea.text)}"
            return [Reply(text, idea_keyboard(sid))]
        case FeedbackSaved(feedback=feedback):
            return [Reply(SAVED_HELPED if feedback == "helped" else SAVED_NOPE)]
        case NoIdea():
            return [Reply(STALE)]
        case NotSetUp():
            return [Reply(SET_UP_FIRST)]
    raise AssertionError(f"no view for {type(outcome).__name__}")
