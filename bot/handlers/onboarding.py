"""/start, /help, /settings, and the answers to their questions (text, location, buttons)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from telegram import Update

from bot.app import Context
from bot.domain.profile import Profile, Step
from bot.handlers import checkins, coping, data, journal, trackers, urges
from bot.handlers.common import acknowledge, send, set_buttons, who
from bot.services.profiles import Outcome, SettingsShown
from bot.views import callbacks, texts
from bot.views.conversation import render_text_outcome
from bot.views.render import Reply, days_panel, recap_panel, render
from bot.views.trackers import STALE as TRACKER_STALE


async def start(update: Update, context: Context) -> None:
    """Welcome a new person or greet a returning one; never wipes anything."""
    outcome = await context.deps.profiles.start(who(update))
    await send(update, context, render(outcome, context.deps.clock.now()))


async def show_help(update: Update, context: Context) -> None:
    """Commands, the disclaimer, and crisis lines for the person's country."""
    lines = await context.deps.profiles.help_lines(who(update))
    await send(update, context, [Reply(texts.help_text(lines))])


async def show_settings(update: Update, context: Context) -> None:
    """The settings panel (or the rest of onboarding)."""
    outcome = await context.deps.profiles.show_settings(who(update))
    await send(update, context, render(outcome, context.deps.clock.now()))


async def on_text(update: Update, context: Context) -> None:
    """Text: the answer to the pending question, or words for their journal."""
    message = update.effective_message
    assert message is not None
    assert message.text is not None
    outcomes = await context.deps.conversation.on_text(who(update), message.text)
    now = context.deps.clock.now()
    await send(update, context, [r for o in outcomes for r in render_text_outcome(o, now)])


async def on_location(update: Update, context: Context) -> None:
    """A shared location sets the time zone."""
    message = update.effective_message
    assert message is not None
    assert message.location is not None
    outcome = await context.deps.profiles.on_location(
        who(update), message.location.latitude, message.location.longitude
    )
    await send(update, context, render(outcome, context.deps.clock.now()))


async def _elsewhere(update: Update, context: Context, action: callbacks.Action | None) -> bool:
    """Buttons of check-ins, trackers, /cope and the urge flow go to their own handlers."""
    query = update.callback_query
    assert query is not None
    match action:
        case callbacks.CheckinChoice() if action.what.startswith("tracker_"):
            await trackers.on_daily_answer(update, context, action)
        case callbacks.CheckinChoice():
            await checkins.on_checkin_button(update, context, action)
        case callbacks.TrackerAction() | callbacks.SlipAction() | callbacks.NewTracker():
            await trackers.on_tracker_button(update, context, action)
        case callbacks.UrgeAction() | callbacks.ReasonAction():
            await urges.on_urge_button(update, context, action)
        case callbacks.CopeAction() | callbacks.CopeFeeling():
            await coping.on_cope_button(update, context, action)
        case callbacks.JournalAction():
            await journal.on_journal_button(update, context, action)
        case callbacks.RecapSetting():
            await _on_recap_button(update, context, action)
        case callbacks.DeleteChoice():
            await data.on_delete_button(update, context, action)
        case callbacks.TypedAnswer():
            if not await trackers.on_typed_button(update, context, action):
                await acknowledge(query, TRACKER_STALE)
        case _:
            return False
    return True


async def _open_panel(
    update: Update, context: Context, panel: Callable[[Profile, datetime], Reply]
) -> None:
    """A settings sub-panel (days, recap) edited in, or onboarding if it isn't finished."""
    now = context.deps.clock.now()
    settings = await context.deps.profiles.show_settings(who(update))
    if isinstance(settings, SettingsShown):
        await send(update, context, [panel(settings.profile, now)])
    else:
        await send(update, context, render(settings, now))


async def _on_recap_button(
    update: Update, context: Context, action: callbacks.RecapSetting
) -> None:
    """The weekly recap's panel in /settings, and "stop" under a recap."""
    query = update.callback_query
    assert query is not None
    await acknowledge(query)
    profiles, now, person = context.deps.profiles, context.deps.clock.now(), who(update)
    if action.from_recap:
        await profiles.set_recap(person, enabled=False)
        await set_buttons(query, None)
        await send(update, context, [Reply(texts.RECAP_STOPPED)])
        return
    if action.op == "show":
        await _open_panel(update, context, recap_panel)
        return
    changed = await profiles.set_recap(
        person,
        weekday=action.day,
        enabled=None if action.op == "day" else action.op == "on",
    )
    await send(update, context, [recap_panel(changed.profile, now)])


async def on_button(update: Update, context: Context) -> None:
    """An inline button: checked, acknowledged, then handled like the text it stands for."""
    query = update.callback_query
    assert query is not None
    action = callbacks.parse(query.data)
    profiles, now = context.deps.profiles, context.deps.clock.now()
    person = who(update)
    if await _elsewhere(update, context, action):
        return
    if action is None:
        await acknowledge(query, texts.STALE_BUTTON)
        await send(update, context, render(await profiles.show_settings(person), now))
        return
    await acknowledge(query)
    match action:
        case callbacks.ToggleDay(day=day):
            shown = await profiles.toggle_weekday(person, day)
            await send(update, context, [days_panel(shown.profile, now)])
            return
        case callbacks.EditDays():
            await _open_panel(update, context, days_panel)
            return
        case callbacks.CloseSettings():
            await profiles.close_settings(person)
            await send(update, context, [Reply(texts.SETTINGS_CLOSED, edit=True)])
            return
    # One-shot questions: take the buttons away so a second tap can't answer twice.
    await set_buttons(query, None)
    outcome: Outcome
    match action:
        case callbacks.PickZone(zone=zone):
            outcome = await profiles.choose_zone(person, zone)
        case callbacks.NoZoneFits():
            outcome = await profiles.ask(person, Step.ZONE)
        case callbacks.PickTime(value=value):
            outcome = await profiles.choose_time(person, value)
        case callbacks.ForgetEnded():
            outcome = await profiles.forget_ended(person)
        case callbacks.AskSetting(step=step):
            outcome = await profiles.ask(person, step)
    await send(update, context, render(outcome, now))


async def unknown_command(update: Update, context: Context) -> None:
    """A command we don't have."""
    await send(update, context, [Reply("I don't know that one. /help lists what I can do.")])


async def unsupported_message(update: Update, context: Context) -> None:
    """Stickers, photos, voice notes: kindly ask for text."""
    await send(update, context, [Reply("I can only read text for now. Could you type it?")])
