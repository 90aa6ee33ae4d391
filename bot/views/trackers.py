"""Trackers on screen: counts, slips, milestones, and their buttons.

No first line names the person or says "breakup" (it shows on a lock screen). A slip is met
with kindness and the next step; "longest", never "best".
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.db.trackers import ARCHIVED, PAUSED
from bot.domain.checkin import TRIGGERS
from bot.domain.dates import DateProblem
from bot.domain.streaks import SLIP_WHAT, WHAT_FOR_KIND, EventKind, TrackerKind
from bot.services.trackers import (
    Announcement,
    Ask,
    Asked,
    ChooseKind,
    ChooseTracker,
    ChooseWhat,
    ContactLogged,
    Gone,
    Kept,
    NotSetUp,
    Overview,
    Panel,
    SlipLogged,
    Started,
    TooMany,
    TrackerOutcome,
    TrackerView,
    Undone,
)
from bot.views import callbacks
from bot.views.render import Reply
from bot.views.texts import date_problem

NOTHING_YET = (
    "Counting days can help: days without contact, days without checking their profiles, "
    "days off a platform that keeps showing them. A slip never wipes the count; it's noted "
    "and the next day starts a new streak."
)
START_NO_CONTACT = "Count days without contact"
START_PROFILES = "Not checking their profiles"
START_PLATFORM = "A break from a platform"
STALE = "That button has expired. /streaks shows where things stand."
SET_UP_FIRST = "Let's set you up first: /start takes a minute."
TOO_MANY = "That's plenty of counters already. Archive one in /social to start another."
KEPT = "I've kept that in your journal."
CONTACT_WHAT = {
    EventKind.RESISTED: "Noted: they got in touch and you didn't reply. That takes strength. 💪",
    EventKind.LOGISTICS: "Noted as logistics. Practical contact doesn't break anything.",
}
ASK_TEXT = {
    Ask.SINCE: ("{about}: since when? Tap Today, or tell me the day: “3 November”, “12 days ago”."),
    Ask.PLATFORM: "Which platform? Type its name.",
    Ask.NOTE: "Write the note; it stays private, with this slip.",
    Ask.SLIP_DAY: "Which day was it? “yesterday”, “3 November”, “4 days ago”.",
    Ask.GOAL: "A goal for {about}, in days? (like 30) Or “none”.",
    Ask.LABEL: "A new name for {about}? (up to 40 characters)",
}
ASK_PROBLEM = {
    "too_long": "That's a bit long. Something shorter?",
    "empty": "I didn't catch a name.",
    "not_a_number": "A number of days, please, like 30 (or “none”).",
    "before_start": "That's before this count started. Which day was it?",
}
CHANGED = {
    "paused": "Paused: no daily question about it. The history stays.",
    "resumed": "Back on.",
    "archived": "Archived: out of sight, history kept. /social or /nocontact brings it back.",
    "restored": "Restored, with all its history.",
    "goal": "Goal saved.",
    "renamed": "Name saved.",
}


def _days(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def _short(label: str) -> str:
    return label if len(label) <= 18 else label[:17] + "…"


def _when(view: TrackerView) -> str:
    slip = view.status.last_slip
    if slip is None:
        return ""
    ago = (view.status.today - slip.day).days
    day = "today" if ago == 0 else "yesterday" if ago == 1 else f"{slip.day.day} {slip.day:%b}"
    what = SLIP_WHAT.get(slip.what or "", "")
    line = f"Last slip: {day}" + (f" ({what})" if what else "")
    if slip.note:
        note = slip.note if len(slip.note) <= 80 else slip.note[:79] + "…"
        line += f": “{escape(note)}”"
    return line


def status_block(view: TrackerView) -> str:
    """One tracker's counts."""
    s = view.status
    head = f"<b>{escape(view.label)}</b> · day {s.current}"
    if view.state == PAUSED:
        head += " (paused)"
    lines = [head]
    lines.append(
        f"Longest: {_days(s.longest)} · days kept: {s.clean_days} of {s.days_since_start}"
        + (f" · streak {s.attempts}" if s.attempts > 1 else "")
    )
    if view.goal_days:
        left = view.goal_days - s.current
        lines.append(
            f"Goal: {_days(view.goal_days)} ({_days(left)} to go)"
            if left > 0
            else f"Goal: {_days(view.goal_days)}, reached 🎉"
        )
    if s.last_slip is not None:
        lines.append(_when(view))
    extra = []
    if s.resisted:
        extra.append(f"they got in touch and you didn't reply: {_times(s.resisted)}")
    if s.logistics:
        extra.append(f"logistics: {_times(s.logistics)}")
    if extra:
        lines.append("Also: " + "; ".join(extra))
    return "\n".join(lines)


def _announcements(items: Sequence[Announcement]) -> list[Reply]:
    return [Reply(escape(a.milestone.render(a.label))) for a in items]


def _start_buttons(scope: str) -> list[list[InlineKeyboardButton]]:
    rows = []
    if scope in {"all", "no_contact"}:
        rows.append(
            [
                InlineKeyboardButton(
                    START_NO_CONTACT, callback_data=callbacks.new_tracker("no_contact")
                )
            ]
        )
    if scope in {"all", "social"}:
        rows.append(
            [InlineKeyboardButton(START_PROFILES, callback_data=callbacks.new_tracker("profiles"))]
        )
        rows.append(
            [InlineKeyboardButton(START_PLATFORM, callback_data=callbacks.new_tracker("platform"))]
        )
    return rows


def overview(outcome: Overview) -> list[Reply]:
    """/streaks, /nocontact, /social."""
    shown = [v for v in outcome.trackers if outcome.scope == "all" or v.state != ARCHIVED]
    rows: list[list[InlineKeyboardButton]] = [
        [
            InlineKeyboardButton(
                f"{_short(v.label)}: open", callback_data=callbacks.tracker(v.id, "open")
            )
        ]
        for v in shown
    ]
    rows += [
        [
            InlineKeyboardButton(
                f"{_short(v.label)} (archived): restore",
                callback_data=callbacks.tracker(v.id, "restore"),
            )
        ]
        for v in outcome.archived
    ]
    have_no_contact = any(
        v.kind is TrackerKind.NO_CONTACT for v in (*outcome.trackers, *outcome.archived)
    )
    rows += [
        row
        for row in _start_buttons(outcome.scope)
        if not (have_no_contact and row[0].text == START_NO_CONTACT)
    ]
    if not shown:
        text = NOTHING_YET
    else:
        title = {"all": "Your counts", "no_contact": "No contact", "social": "Social media"}
        blocks = "\n\n".join(status_block(v) for v in shown)
        text = f"<b>{title[outcome.scope]}</b>\n\n{blocks}\n\nCounts are in whole days."
    if outcome.archived and outcome.scope == "all":
        text += f"\nArchived: {len(outcome.archived)}."
    return [*_announcements(outcome.announcements), Reply(text, InlineKeyboardMarkup(rows))]


def panel_keyboard(panel: Panel) -> InlineKeyboardMarkup:
    """Buttons of one tracker."""
    view = panel.tracker
    tid = view.id
    rows = [[InlineKeyboardButton("Log a slip", callback_data=callbacks.tracker(tid, "slip"))]]
    if view.kind is TrackerKind.NO_CONTACT:
        rows.append(
            [
                InlineKeyboardButton(
                    "They wrote, I didn't reply",
                    callback_data=callbacks.tracker(tid, "resisted"),
                ),
                InlineKeyboardButton(
                    "Logistics only", callback_data=callbacks.tracker(tid, "logistics")
                ),
            ]
        )
    if panel.last_slip_id is not None:
        rows.append(
            [
                InlineKeyboardButton(
                    "Undo the last slip", callback_data=callbacks.slip(panel.last_slip_id, "undo")
                )
            ]
        )
    rows.append(
        [
            InlineKeyboardButton("Set a goal", callback_data=callbacks.tracker(tid, "goal")),
            InlineKeyboardButton("Rename", callback_data=callbacks.tracker(tid, "label")),
        ]
    )
    if view.state == ARCHIVED:
        rows.append(
            [InlineKeyboardButton("Restore", callback_data=callbacks.tracker(tid, "restore"))]
        )
    else:
        pause = ("Resume", "resume") if view.state == PAUSED else ("Pause", "pause")
        rows.append(
            [
                InlineKeyboardButton(pause[0], callback_data=callbacks.tracker(tid, pause[1])),
                InlineKeyboardButton("Archive", callback_data=callbacks.tracker(tid, "archive")),
            ]
        )
    return InlineKeyboardMarkup(rows)


def _slip_keyboard(outcome: SlipLogged) -> InlineKeyboardMarkup:
    eid = outcome.event_id

    def tick(label: str, chosen: bool) -> str:
        return f"✓ {label}" if chosen else label

    options = [
        InlineKeyboardButton(
            tick(SLIP_WHAT[key], key == outcome.what),
            callback_data=callbacks.slip(eid, "what", key),
        )
        for key in _what_options(outcome.tracker.kind)
    ]
    rows = [options[i : i + 2] for i in range(0, len(options), 2)]
    if outcome.tracker.kind is TrackerKind.NO_CONTACT:
        rows.append(
            [
                InlineKeyboardButton(
                    "Actually: they wrote, I didn't reply",
                    callback_data=callbacks.slip(eid, "what", EventKind.RESISTED.value),
                )
            ]
        )
        rows.append(
            [
                InlineKeyboardButton(
                    "Actually: only logistics",
                    callback_data=callbacks.slip(eid, "what", EventKind.LOGISTICS.value),
                )
            ]
        )
    triggers = [
        InlineKeyboardButton(
            tick(label, key == outcome.trigger), callback_data=callbacks.slip(eid, "trigger", key)
        )
        for key, label in TRIGGERS.items()
    ]
    rows += [triggers[i : i + 3] for i in range(0, len(triggers), 3)]
    rows.append(
        [
            InlineKeyboardButton(
                "Edit the note" if outcome.note else "Add a note",
                callback_data=callbacks.slip(eid, "note"),
            ),
            InlineKeyboardButton("It was another day", callback_data=callbacks.slip(eid, "day")),
        ]
    )
    rows.append(
        [InlineKeyboardButton("Undo: logged by mistake", callback_data=callbacks.slip(eid, "undo"))]
    )
    return InlineKeyboardMarkup(rows)


def _what_options(kind: TrackerKind) -> tuple[str, ...]:
    return WHAT_FOR_KIND[kind]


def slip_logged(outcome: SlipLogged) -> Reply:
    """A slip, met with kindness and the next step; buttons add details or undo it."""
    s = outcome.tracker.status
    ago = (s.today - outcome.day).days
    day = (
        "today"
        if ago == 0
        else "yesterday"
        if ago == 1
        else f"on {outcome.day.day} {outcome.day:%b}"
    )
    lines = [
        "Logged. Thank you for being honest with yourself.",
        f"{escape(outcome.tracker.label)}: slip {day}. "
        + (
            f"The {_days(outcome.before)} before it still count, your longest stays at "
            f"{_days(s.longest)}, and a new streak starts "
            if outcome.before
            else "A new streak starts "
        )
        + ("tomorrow." if ago == 0 else f"from there (day {s.current} now)."),
        "What set it off? Tap below if you like. If the urge is still there, write here what "
        "you'd want to say to them: it stays unsent.",
    ]
    return Reply("\n\n".join(lines), _slip_keyboard(outcome))


def asked(outcome: Asked) -> Reply:
    """A typed question (with "Today" where a date is asked)."""
    text = ASK_TEXT[outcome.ask].format(about=escape(outcome.about or "This count"))
    if isinstance(outcome.problem, DateProblem):
        text = f"{date_problem(outcome.problem)}\n\n{text}"
    elif outcome.problem:
        text = f"{ASK_PROBLEM[outcome.problem]}\n\n{text}"
    markup = None
    if outcome.ask is Ask.SINCE:
        markup = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        "Today", callback_data=callbacks.typed(Ask.SINCE, "today")
                    ),
                    InlineKeyboardButton(
                        "Yesterday", callback_data=callbacks.typed(Ask.SINCE, "yesterday")
                    ),
                ]
            ]
        )
    elif outcome.ask is Ask.SLIP_DAY:
        markup = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        "Yesterday", callback_data=callbacks.typed(Ask.SLIP_DAY, "yesterday")
                    )
                ]
            ]
        )
    elif outcome.ask is Ask.GOAL:
        markup = InlineKeyboardMarkup(
            [[InlineKeyboardButton("No goal", callback_data=callbacks.typed(Ask.GOAL, "nogoal"))]]
        )
    return Reply(text, markup)


TRACKER_OUTCOMES = (
    Overview,
    Panel,
    Asked,
    ChooseKind,
    ChooseTracker,
    ChooseWhat,
    SlipLogged,
    ContactLogged,
    Undone,
    Started,
    Gone,
    NotSetUp,
    TooMany,
    Kept,
)


def render_trackers(outcome: TrackerOutcome | Kept) -> list[Reply]:
    """The messages for a tracker outcome."""
    match outcome:
        case Overview():
            return overview(outcome)
        case Panel(tracker=view, announcements=items, changed=changed):
            text = status_block(view)
            if changed:
                text = f"{CHANGED[changed]}\n\n{text}"
            return [*_announcements(items), Reply(text, panel_keyboard(outcome))]
        case Started(tracker=view, announcements=items):
            panel = Panel(view, last_slip_id=None)
            text = f"Started. {status_block(view)}"
            return [Reply(text, panel_keyboard(panel)), *_announcements(items)]
        case Asked():
            return [asked(outcome)]
        case ChooseKind(platforms=platforms):
            rows = [
                [
                    InlineKeyboardButton(name, callback_data=callbacks.new_tracker("platform", i))
                    for i, name in enumerate(platforms[j : j + 3], start=j)
                ]
                for j in range(0, len(platforms), 3)
            ]
            rows.append(
                [InlineKeyboardButton("Another one", callback_data=callbacks.new_tracker("other"))]
            )
            return [Reply("Which platform?", InlineKeyboardMarkup(rows))]
        case ChooseTracker(trackers=views):
            rows = [
                [InlineKeyboardButton(v.label, callback_data=callbacks.tracker(v.id, "what"))]
                for v in views
            ]
            return [Reply("Which count is it about?", InlineKeyboardMarkup(rows))]
        case ChooseWhat(tracker=view, options=options):
            rows = [
                [
                    InlineKeyboardButton(
                        SLIP_WHAT[key], callback_data=callbacks.tracker(view.id, "what", key)
                    )
                ]
                for key in options
            ]
            if view.kind is TrackerKind.NO_CONTACT:
                rows.append(
                    [
                        InlineKeyboardButton(
                            "They wrote, I didn't reply",
                            callback_data=callbacks.tracker(view.id, "resisted"),
                        )
                    ]
                )
                rows.append(
                    [
                        InlineKeyboardButton(
                            "Only logistics", callback_data=callbacks.tracker(view.id, "logistics")
                        )
                    ]
                )
            return [Reply(f"{escape(view.label)}: what happened?", InlineKeyboardMarkup(rows))]
        case SlipLogged():
            return [slip_logged(outcome)]
        case ContactLogged(tracker=view, kind=kind):
            return [Reply(f"{CONTACT_WHAT[kind]}\n\n{status_block(view)}")]
        case Undone(tracker=view, announcements=items):
            return [Reply(f"Undone. {status_block(view)}"), *_announcements(items)]
        case Gone():
            return [Reply(STALE)]
        case NotSetUp():
            return [Reply(SET_UP_FIRST)]
        case TooMany():
            return [Reply(TOO_MANY)]
        case Kept():
            return [Reply(KEPT)]
    raise AssertionError(f"no view for {type(outcome).__name__}")
