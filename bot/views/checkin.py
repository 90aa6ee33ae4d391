"""The check-in message, its buttons, and the replies to what people choose and write."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.domain.checkin import MOODS, TRIGGERS
from bot.domain.coping import Idea
from bot.domain.streaks import TrackerKind
from bot.services.trackers import CheckinExtras, Question
from bot.views import callbacks

MOOD_FACES = {1: "1 😣", 2: "2 😔", 3: "3 😐", 4: "4 🙂", 5: "5 😊"}
INVITE = (
    "How heavy is today, from 1 (very) to 5 (light)? Did anything bring them to mind? "
    "Tap below, or just write: I'll keep it in your private journal."
)
SKIP_TODAY = "Skip today"
URGE = "📱 I want to text them"
REMIND_LATER = "Remind me in an hour"
SKIPPED = "No check-in today, and that's okay. See you tomorrow. 🤍"
SNOOZED = "Okay, I'll ask again in an hour."
ADDED = "Added to today's entry. 🤍"
NOTE_KEPT = "I've kept that in your journal."
STALE = "That check-in has expired. /checkin starts a new one."
PAUSED = "Check-ins paused until {until}. /resume brings them back any time."
PAUSED_OPEN = "Check-ins paused. /resume brings them back whenever you like."
RESUMED = "Welcome back. Your next check-in comes on {when}."
NOT_PAUSED = "Check-ins aren't paused. Your next one comes on {when}."
PAUSE_USAGE = "To pause, send /pause with a number of days (like /pause 3), or just /pause."
SET_UP_FIRST = "Let's set you up first: /start takes a minute."
QUESTIONS = {
    TrackerKind.NO_CONTACT: "Any contact with them today?",
    TrackerKind.PROFILES: "Did you check their profiles today?",
    TrackerKind.PLATFORM: "Were you on {platform} today?",
}

_MOOD_ACK = {
    1: "That sounds like a really heavy day. Thank you for telling me.",
    2: "That sounds hard. Thank you for checking in anyway.",
    3: "Thanks for checking in. Some days are just in between.",
    4: "I'm glad today felt a little lighter.",
    5: "I'm really glad today felt light.",
}
_TRIGGER_ACK = {
    "place": "Places hold so much; of course it stirred things up.",
    "song": "A song can bring it all back in a few seconds.",
    "food": "Food carries memories; that makes sense.",
    "scent": "Scents go straight to memory, faster than thoughts.",
    "photo_social": "Photos and feeds keep reopening the door.",
    "date_anniversary": "Dates like that can be heavy, even when you see them coming.",
    "message_from_them": "Hearing from them shakes everything up.",
    "nothing": "A day without reminders is worth noticing.",
    "other": "Whatever it was, it's okay that it reached you.",
}


def keyboard_rows(
    checkin_id: int,
    mood: int | None = None,
    trigger: str | None = None,
    extra_rows: Sequence[list[tuple[str, str]]] = (),
) -> list[list[tuple[str, str]]]:
    """The buttons as (label, callback data): mood 1-5, triggers, skip and snooze; chosen ones
    are ticked. Plain data, so the delivery engine can send it without building objects."""

    def tick(label: str, chosen: bool) -> str:
        return f"✓ {label}" if chosen else label

    moods = [(tick(MOOD_FACES[m], m == mood), callbacks.checkin_mood(checkin_id, m)) for m in MOODS]
    triggers = [
        (tick(label, key == trigger), callbacks.checkin_trigger(checkin_id, key))
        for key, label in TRIGGERS.items()
    ]
    return [
        moods,
        triggers[0:3],
        triggers[3:6],
        triggers[6:9],
        *extra_rows,
        [
            (SKIP_TODAY, callbacks.checkin_skip(checkin_id)),
            (REMIND_LATER, callbacks.checkin_later(checkin_id)),
        ],
        [(URGE, callbacks.URGE_START)],
    ]


def keyboard(
    checkin_id: int,
    mood: int | None = None,
    trigger: str | None = None,
    extra_rows: Sequence[list[tuple[str, str]]] = (),
) -> InlineKeyboardMarkup:
    """The check-in's buttons as a Telegram keyboard."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label, callback_data=data) for label, data in row]
            for row in keyboard_rows(checkin_id, mood, trigger, extra_rows)
        ]
    )


def keyboard_json(
    checkin_id: int,
    mood: int | None = None,
    trigger: str | None = None,
    extra_rows: Sequence[list[tuple[str, str]]] = (),
) -> dict[str, list[list[dict[str, str]]]]:
    """The same keyboard as Bot API JSON."""
    return {
        "inline_keyboard": [
            [{"text": label, "callback_data": data} for label, data in row]
            for row in keyboard_rows(checkin_id, mood, trigger, extra_rows)
        ]
    }


def message(prompt: str, extras: str = "") -> str:
    """The check-in text: the prompt first (it shows on the lock screen), then the invitation,
    then what trackers add (the no-contact day, milestones, their yes/no questions)."""
    text = f"<b>{escape(prompt)}</b>\n\n{INVITE}"
    return f"{text}\n\n{extras}" if extras else text


def acknowledgement(mood: int | None, trigger: str | None, idea: Idea | None) -> str:
    """A short reply that reflects the mood and trigger, with one coping idea."""
    parts = [_MOOD_ACK.get(mood or 0, "Thank you for writing it down.")]
    if trigger in _TRIGGER_ACK:
        parts.append(_TRIGGER_ACK[trigger])
    text = " ".join(parts)
    if idea is not None:
        text += f"\n\nSomething that might help: <b>{escape(idea.title)}</b>\n{escape(idea.text)}"
    return text


def when(instant: datetime | None, zone: str) -> str:
    """ "Sun 22 Nov at 21:30" in the person's zone."""
    if instant is None:
        return "your next check-in day"
    local = instant.astimezone(ZoneInfo(zone))
    return f"{local:%a} {local.day} {local:%b} at {local:%H:%M}"


def reply_text(
    mood: int | None, trigger: str | None, idea: Idea | None, *, first: bool, note: bool
) -> str:
    """The answer to what someone wrote or chose."""
    if note:
        return NOTE_KEPT
    if not first:
        return ADDED
    return acknowledgement(mood, trigger, idea)


def checkin_lines(extras: CheckinExtras) -> str:
    """What trackers add to the check-in text (after the prompt, never the first line)."""
    parts: list[str] = []
    if extras.no_contact_day is not None:
        parts.append(f"No contact: day {extras.no_contact_day} 🌱")
    parts += [escape(m) for m in extras.milestones]
    if extras.questions:
        parts.append("\n".join(question_text(q) for q in extras.questions))
    return "\n\n".join(parts)


def question_text(question: Question) -> str:
    """The yes/no question of one tracker."""
    return QUESTIONS[question.kind].format(platform=escape(question.platform or "it"))


def checkin_rows(
    checkin_id: int, questions: Sequence[Question], answers: Mapping[int, str]
) -> list[list[tuple[str, str]]]:
    """One row per question: "<label>: no" / "<label>: yes", the chosen one ticked."""
    rows = []
    for q in questions:
        answer = answers.get(q.tracker_id)
        label = q.label if len(q.label) <= 18 else q.label[:17] + "…"
        rows.append(
            [
                (
                    ("✓ " if answer == "no" else "") + f"{label}: no",
                    callbacks.checkin_tracker(checkin_id, q.tracker_id, slipped=False),
                ),
                (
                    ("✓ " if answer == "yes" else "") + f"{label}: yes",
                    callbacks.checkin_tracker(checkin_id, q.tracker_id, slipped=True),
                ),
            ]
        )
    return rows


def shown(
    checkin_id: int,
    prompt: str,
    mood: int | None,
    trigger: str | None,
    extras: CheckinExtras,
) -> tuple[str, InlineKeyboardMarkup]:
    """A check-in shown in a chat: its text and buttons, trackers included."""
    rows = checkin_rows(checkin_id, extras.questions, extras.answers)
    return message(prompt, checkin_lines(extras)), keyboard(checkin_id, mood, trigger, rows)
