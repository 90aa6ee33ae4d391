"""/streaks, /nocontact, /social, /slip, and the buttons on trackers and slips."""

from __future__ import annotations

from telegram import Update

from bot.app import Context
from bot.db.trackers import ACTIVE, ARCHIVED, PAUSED
from bot.domain.streaks import EventKind, TrackerKind
from bot.handlers.common import acknowledge, send, set_buttons, who
from bot.services.checkins import CheckinShown
from bot.services.trackers import Ask, ChooseKind, DailyAnswered, SlipLogged, TrackerOutcome
from bot.views import callbacks
from bot.views import checkin as checkin_view
from bot.views import trackers as view

_STATES = {"pause": PAUSED, "resume": ACTIVE, "archive": ARCHIVED, "restore": ACTIVE}
_ASKS = {"goal": Ask.GOAL, "label": Ask.LABEL}


async def streaks(update: Update, context: Context) -> None:
    """Every count in one message."""
    outcome = await context.deps.trackers.overview(who(update), "all")
    await send(update, context, view.render_trackers(outcome))


async def no_contact(update: Update, context: Context) -> None:
    """The no-contact count (or how to start one)."""
    outcome = await context.deps.trackers.overview(who(update), "no_contact")
    await send(update, context, view.render_trackers(outcome))


async def social(update: Update, context: Context) -> None:
    """Social-media breaks."""
    outcome = await context.deps.trackers.overview(who(update), "social")
    await send(update, context, view.render_trackers(outcome))


async def slip(update: Update, context: Context) -> None:
    """Log a slip: which count, then what happened."""
    outcome = await context.deps.trackers.slip_menu(who(update))
    await send(update, context, view.render_trackers(outcome))


async def on_tracker_button(
    update: Update,
    context: Context,
    action: callbacks.TrackerAction | callbacks.SlipAction | callbacks.NewTracker,
) -> None:
    """A button on a tracker panel, a logged slip, or "start a count"."""
    query = update.callback_query
    assert query is not None
    await acknowledge(query)
    service, person = context.deps.trackers, who(update)
    outcome: TrackerOutcome
    match action:
        case callbacks.NewTracker(kind="platform", platform=None):
            outcome = ChooseKind()
        case callbacks.NewTracker(kind="other"):
            outcome = await service.begin(person, TrackerKind.PLATFORM)
        case callbacks.NewTracker(kind=kind, platform=platform):
            outcome = await service.begin(person, TrackerKind(kind), platform)
        case callbacks.TrackerAction(tracker_id=tid, op="open"):
            outcome = await service.panel(person, tid)
        case callbacks.TrackerAction(tracker_id=tid, op="slip"):
            outcome = await service.choose_what(person, tid)
        case callbacks.TrackerAction(tracker_id=tid, op="what", value=""):
            outcome = await service.choose_what(person, tid)
        case callbacks.TrackerAction(tracker_id=tid, op="what", value=what):
            await set_buttons(query, None)
            outcome = await service.log_slip(person, tid, what)
        case callbacks.TrackerAction(tracker_id=tid, op="resisted" | "logistics" as op):
            outcome = await service.log_contact(person, tid, EventKind(op))
        case callbacks.TrackerAction(tracker_id=tid, op=op) if op in _STATES:
            outcome = await service.set_state(person, tid, _STATES[op])
        case callbacks.TrackerAction(tracker_id=tid, op=op) if op in _ASKS:
            outcome = await service.ask_about(person, _ASKS[op], tracker_id=tid)
        case callbacks.SlipAction(event_id=eid, op="what", value=what):
            outcome = await service.edit_slip(person, eid, what=what)
            if isinstance(outcome, SlipLogged):
                await set_buttons(query, view.slip_logged(outcome).markup)  # type: ignore[arg-type]
                return
        case callbacks.SlipAction(event_id=eid, op="trigger", value=trigger):
            outcome = await service.edit_slip(person, eid, trigger=trigger)
            if isinstance(outcome, SlipLogged):
                await set_buttons(query, view.slip_logged(outcome).markup)  # type: ignore[arg-type]
                return
        case callbacks.SlipAction(event_id=eid, op="note"):
            outcome = await service.ask_about(person, Ask.NOTE, event_id=eid)
        case callbacks.SlipAction(event_id=eid, op="day"):
            outcome = await service.ask_about(person, Ask.SLIP_DAY, event_id=eid)
        case callbacks.SlipAction(event_id=eid, op="undo"):
            await set_buttons(query, None)
            outcome = await service.undo(person, eid)
        case _:
            outcome = await service.overview(person, "all")
    await send(update, context, view.render_trackers(outcome))


async def on_daily_answer(
    update: Update, context: Context, action: callbacks.CheckinChoice
) -> None:
    """Yes or no to a tracker question in a check-in."""
    query = update.callback_query
    assert query is not None
    await acknowledge(query)
    person = who(update)
    outcome = await context.deps.trackers.answer_daily(
        person, action.checkin_id, int(action.value), slipped=action.what == "tracker_yes"
    )
    if not isinstance(outcome, SlipLogged | DailyAnswered):
        await send(update, context, view.render_trackers(outcome))
        return
    shown = await context.deps.checkins.shown(person, action.checkin_id)
    if isinstance(shown, CheckinShown):
        _, markup = checkin_view.shown(
            shown.checkin_id, shown.prompt.text, shown.mood, shown.trigger, shown.extras
        )
        await set_buttons(query, markup)
    if isinstance(outcome, SlipLogged):
        await send(update, context, [view.slip_logged(outcome)])


async def on_typed_button(update: Update, context: Context, action: callbacks.TypedAnswer) -> bool:
    """A button that answers the open tracker question ("today"); False if that question is
    not the one open any more."""
    query = update.callback_query
    assert query is not None
    try:
        expect = Ask(action.question)
    except ValueError:
        return False
    outcome = await context.deps.trackers.on_text(who(update), action.text, expect=expect)
    if outcome is None:
        return False
    await acknowledge(query)
    await set_buttons(query, None)
    await send(update, context, view.render_trackers(outcome))
    return True
