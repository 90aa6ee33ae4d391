"""The urge flow on screen: acknowledgement, reasons, the unsent box, the check-back."""

from __future__ import annotations

from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.services.urges import (
    AskReason,
    NoUser,
    Reasons,
    ReasonView,
    UnsentBox,
    UnsentKept,
    UrgeGone,
    UrgeOutcome,
    UrgeStarted,
    WaveAnswered,
    WriteHere,
)
from bot.views import callbacks
from bot.views.render import Reply

KIND_TITLES = {"why_ended": "Why it ended", "deserve": "What I deserve"}
WRITE_HERE = "✍️ Write it here instead"
ADD_WHY = "+ Why it ended"
ADD_DESERVE = "+ What I deserve"
URGE_FIRST = "That pull is real, and it will pass."
URGE_WAVE = (
    "An urge rises like a wave, peaks and falls, usually within minutes, whether or not you "
    "act on it. You don't have to decide anything right now."
)
URGE_NO_REASONS = (
    "When you're ready, /reasons keeps your own reasons here (why it ended, what you deserve), "
    "so they're in front of you next time."
)
URGE_WRITE = (
    "If you need to say it, say it here: I'll keep it in your unsent box and never send it "
    "anywhere. I'll check back in ten minutes."
)
WRITE_PROMPT = "Go ahead, write it all. It stays here, unsent."
KEPT = "Kept in your unsent box. Not sent, and it never will be. 🤍 /unsent shows them."
EMPTY_BOX = "Your unsent box is empty. /urge is there when the pull comes."
CHECK_BACK = "Ten minutes. How is the wave now?"
PASSED = "It passed"
STILL_STRONG = "Still strong"
REACHED_OUT = "I reached out"
ANSWERS = {
    "passed": "That's a wave you rode out. Waves got through so far: {n}. 🤍",
    "still_strong": (
        "Okay. Stay with me a little longer: slow breath out, feet on the floor, phone face "
        "down for a minute. I'll check back in ten minutes."
    ),
    "reached_out": (
        "Thank you for telling me. It happens, and it doesn't erase the days before. Your "
        "counts only change if you log it yourself (/slip)."
    ),
}
ASK_REASON = {
    "why_ended": "Why did it end? One reason, in your own words.",
    "deserve": "What do you deserve? One thing, in your own words.",
}
GONE = "That button has expired. /urge is there whenever you need it."
SET_UP_FIRST = "Let's set you up first: /start takes a minute."


REASON_SHOWN = 200
REASONS_BUDGET = 2500


def _cut(text: str, limit: int) -> str:
    """At most `limit` characters of someone's words (cut before escaping, never after)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _reason_lines(reasons: tuple[ReasonView, ...]) -> str:
    parts = []
    budget = REASONS_BUDGET
    for kind, title in KIND_TITLES.items():
        lines = []
        for reason in (r for r in reasons if r.kind == kind):
            shown = _cut(reason.text, min(REASON_SHOWN, budget))
            if budget <= 0:
                break
            budget -= len(shown)
            lines.append(f"• {escape(shown)}")
        if lines:
            parts.append(f"<b>{title}</b>\n" + "\n".join(lines))
    return "\n\n".join(parts)


def reasons_keyboard(reasons: tuple[ReasonView, ...]) -> InlineKeyboardMarkup:
    """Add either kind; remove any."""
    rows = [
        [
            InlineKeyboardButton(ADD_WHY, callback_data=callbacks.reason_add("why_ended")),
            InlineKeyboardButton(ADD_DESERVE, callback_data=callbacks.reason_add("deserve")),
        ]
    ]
    rows += [
        [
            InlineKeyboardButton(
                f"Remove: {r.text[:30]}", callback_data=callbacks.reason_remove(r.id)
            )
        ]
        for r in reasons
    ]
    return InlineKeyboardMarkup(rows)


def stay_keyboard(urge_id: int) -> InlineKeyboardMarkup:
    """ "Write it here instead" and "an idea for right now"."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(WRITE_HERE, callback_data=callbacks.urge(urge_id, "write"))],
            [
                InlineKeyboardButton(
                    "An idea for right now",
                    callback_data=callbacks.cope_feeling("urge_to_contact"),
                )
            ],
        ]
    )


def check_back(urge_id: int) -> tuple[str, InlineKeyboardMarkup]:
    """The check-back message and its answers."""
    return CHECK_BACK, InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(PASSED, callback_data=callbacks.urge(urge_id, "passed")),
                InlineKeyboardButton(
                    STILL_STRONG, callback_data=callbacks.urge(urge_id, "still_strong")
                ),
            ],
            [
                InlineKeyboardButton(
                    REACHED_OUT, callback_data=callbacks.urge(urge_id, "reached_out")
                )
            ],
        ]
    )


def render_urge(outcome: UrgeOutcome) -> list[Reply]:
    """The messages for an urge outcome."""
    match outcome:
        case UrgeStarted(urge_id=urge_id, reasons=reasons, got_through=got_through):
            parts = [URGE_FIRST, URGE_WAVE]
            if reasons:
                parts.append("Your own reasons:\n\n" + _reason_lines(reasons))
            else:
                parts.append(URGE_NO_REASONS)
            if got_through:
                parts.append(f"Waves you've already got through: {got_through}.")
            parts.append(URGE_WRITE)
            markup = stay_keyboard(urge_id)
            return [Reply("\n\n".join(parts), markup)]
        case WriteHere():
            return [Reply(WRITE_PROMPT)]
        case UnsentKept():
            return [Reply(KEPT)]
        case UnsentBox(messages=messages, total=total):
            if not total:
                return [Reply(EMPTY_BOX)]
            lines = [f"<b>Your unsent box</b> ({total}, never sent):"]
            lines += [f"<i>{when:%d %b}</i>\n{escape(_cut(text, 300))}" for when, text in messages]
            if total > len(messages):
                lines.append(f"(the newest {len(messages)} of {total}; /export has them all)")
            return [Reply("\n\n".join(lines))]
        case Reasons(reasons=reasons, added=added, removed=removed, full=full):
            head = "Saved." if added else "Removed." if removed else "Your reasons"
            if full:
                head = f"That's {len(reasons)} reasons already; remove one to add another."
            body = _reason_lines(reasons) or (
                "Nothing here yet. Add why it ended and what you deserve: next time the pull "
                "comes, /urge shows them to you."
            )
            return [Reply(f"{head}\n\n{body}", reasons_keyboard(reasons))]
        case AskReason(kind=kind):
            return [Reply(ASK_REASON[kind])]
        case WaveAnswered(outcome=answer, got_through=got_through, urge_id=urge_id):
            text = ANSWERS[answer].format(n=got_through)
            if answer == "still_strong":
                return [Reply(text, stay_keyboard(urge_id))]
            return [Reply(text)]
        case UrgeGone():
            return [Reply(GONE)]
        case NoUser():
            return [Reply(SET_UP_FIRST)]
    raise AssertionError(f"no view for {type(outcome).__name__}")
