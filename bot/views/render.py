"""Turn a service outcome into the messages to send."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)

from bot.domain.clocktime import format_clock_time
from bot.domain.profile import PRESETS, Profile, Step
from bot.domain.weekdays import NAMES
from bot.services.checkins import (
    CheckinOutcome,
    CheckinShown,
    Choice,
    Expired,
    NeedsSetup,
    Paused,
    Resumed,
    Skipped,
    Snoozed,
)
from bot.services.checkins import Reply as CheckinReply
from bot.services.profiles import (
    Asked,
    DateNotUnderstood,
    NothingPending,
    Outcome,
    SettingsShown,
    TimeNotUnderstood,
    TimeSaved,
    Welcome,
    ZoneNotUnderstood,
    ZoneOptions,
    ZoneSaved,
)
from bot.views import callbacks, texts
from bot.views import checkin as checkin_view

CheckinOutcomeTypes = (
    CheckinShown,
    CheckinReply,
    Choice,
    Skipped,
    Snoozed,
    Expired,
    NeedsSetup,
    Paused,
    Resumed,
)

Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


@dataclass(frozen=True)
class Reply:
    """One message to send, or (edit=True) the new state of the message a button was on."""

    text: str
    markup: Markup | None = None
    edit: bool = False


def location_keyboard(suggested_zone: str | None = None) -> ReplyKeyboardMarkup:
    """One-tap "share my location" (and the operator's default zone) under the text field."""
    rows = [[KeyboardButton(texts.SHARE_LOCATION, request_location=True)]]
    if suggested_zone:
        rows.append([KeyboardButton(suggested_zone)])
    return ReplyKeyboardMarkup(
        rows,
        resize_keyboard=True,
        one_time_keyboard=True,
        input_field_placeholder="Your city, or the time where you are",
    )


def time_keyboard() -> InlineKeyboardMarkup:
    """Preset check-in times."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    f"{label} {format_clock_time(value)}", callback_data=callbacks.pick_time(value)
                )
                for label, value in PRESETS
            ]
        ]
    )


def zone_choices_keyboard(zones: tuple[str, ...], labels: tuple[str, ...]) -> InlineKeyboardMarkup:
    """One button per candidate zone ("Atlanta · America/New York"), then "none of these"."""
    rows = []
    for zone, label in zip(zones, labels, strict=True):
        shown = zone.replace("_", " ")
        text = shown if label == zone else f"{label} · {shown}"
        rows.append([InlineKeyboardButton(text, callback_data=callbacks.pick_zone(zone))])
    rows.append([InlineKeyboardButton(texts.NONE_OF_THESE, callback_data=callbacks.NO_ZONE_FITS)])
    return InlineKeyboardMarkup(rows)


def settings_keyboard() -> InlineKeyboardMarkup:
    """The settings panel."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.CHANGE_ZONE, callback_data=callbacks.ask_setting(Step.ZONE)
                )
            ],
            [
                InlineKeyboardButton(
                    texts.CHANGE_TIME, callback_data=callbacks.ask_setting(Step.TIME)
                )
            ],
            [InlineKeyboardButton(texts.CHANGE_DAYS, callback_data=callbacks.EDIT_DAYS)],
            [
                InlineKeyboardButton(
                    texts.CHANGE_RECAP, callback_data=callbacks.recap_setting("show")
                )
            ],
            [
                InlineKeyboardButton(
                    texts.CHANGE_ENDED, callback_data=callbacks.ask_setting(Step.ENDED)
                )
            ],
            [InlineKeyboardButton(texts.DONE, callback_data=callbacks.CLOSE_SETTINGS)],
        ]
    )


def days_keyboard(profile: Profile) -> InlineKeyboardMarkup:
    """Seven toggles and "done"."""
    toggles = [
        InlineKeyboardButton(
            ("✓ " if day in profile.weekdays else "· ") + NAMES[day],
            callback_data=callbacks.toggle_day(day),
        )
        for day in range(7)
    ]
    return InlineKeyboardMarkup(
        [
            toggles[:4],
            toggles[4:],
            [InlineKeyboardButton(texts.DONE, callback_data=callbacks.CLOSE_SETTINGS)],
        ]
    )


def recap_keyboard(profile: Profile) -> InlineKeyboardMarkup:
    """One button per weekday (the chosen one marked), on/off, and "done"."""
    days = [
        InlineKeyboardButton(
            ("● " if profile.recap_enabled and day == profile.recap_weekday else "") + NAMES[day],
            callback_data=callbacks.recap_setting("day", day),
        )
        for day in range(7)
    ]
    switch = (
        InlineKeyboardButton(texts.RECAP_OFF, callback_data=callbacks.recap_setting("off"))
        if profile.recap_enabled
        else InlineKeyboardButton(texts.RECAP_ON, callback_data=callbacks.recap_setting("on"))
    )
    return InlineKeyboardMarkup(
        [
            days[:4],
            days[4:],
            [switch],
            [InlineKeyboardButton(texts.DONE, callback_data=callbacks.CLOSE_SETTINGS)],
        ]
    )


def recap_panel(profile: Profile, now: datetime) -> Reply:
    """The weekly recap's day and switch, edited into the settings message."""
    return Reply(
        f"{texts.RECAP_TITLE}\n\n{texts.summary(profile, now)}",
        recap_keyboard(profile),
        edit=True,
    )


def settings_panel(profile: Profile, now: datetime, *, edit: bool = False) -> Reply:
    """The current settings with their buttons."""
    return Reply(
        f"{texts.SETTINGS_TITLE}\n\n{texts.summary(profile, now)}", settings_keyboard(), edit=edit
    )


def days_panel(profile: Profile, now: datetime) -> Reply:
    """The weekday toggles, edited into the settings message."""
    return Reply(
        f"{texts.DAYS_TITLE}\n\n{texts.summary(profile, now)}", days_keyboard(profile), edit=True
    )


def ask(step: Step, *, first_time: bool = False, suggested_zone: str | None = None) -> Reply:
    """The question for a step."""
    if step is Step.ZONE:
        text = texts.ASK_ZONE if first_time else texts.ASK_ZONE_AGAIN
        return Reply(text, location_keyboard(suggested_zone))
    if step is Step.ENDED:
        forget = InlineKeyboardButton(texts.PREFER_NOT, callback_data=callbacks.FORGET_ENDED)
        return Reply(texts.ASK_ENDED, InlineKeyboardMarkup([[forget]]))
    return Reply(texts.ASK_TIME, time_keyboard())


def render(outcome: Outcome, now: datetime) -> list[Reply]:
    """The messages for a service outcome."""
    match outcome:
        case Welcome(profile=profile, returning=returning, pending=pending, suggested_zone=zone):
            if pending is None:
                return [Reply(texts.WELCOME_BACK), settings_panel(profile, now)]
            opening = f"{texts.WELCOME_BACK} {texts.LETS_FINISH}" if returning else texts.WELCOME
            return [Reply(opening), ask(pending.step, first_time=True, suggested_zone=zone)]
        case ZoneSaved(profile=profile, fixed_offset=fixed, now=when, next_step=next_step):
            assert profile.timezone is not None
            saved = Reply(
                texts.zone_saved(profile.timezone, when, fixed_offset=fixed), ReplyKeyboardRemove()
            )
            if next_step is not None:
                return [saved, ask(next_step)]
            if profile.onboarded:
                return [saved, settings_panel(profile, now)]
            return [saved]
        case ZoneOptions(zones=zones, labels=labels):
            return [Reply(texts.ZONE_CHOICES, zone_choices_keyboard(zones, labels))]
        case ZoneNotUnderstood(from_location=True):
            return [Reply(texts.LOCATION_NOT_FOUND)]
        case ZoneNotUnderstood(from_time=True):
            return [Reply(texts.TIME_ZONE_NOT_FOUND)]
        case ZoneNotUnderstood():
            return [Reply(texts.ZONE_NOT_FOUND)]
        case TimeSaved(profile=profile, finished_onboarding=True):
            return [
                Reply(f"{texts.ALL_SET}\n\n{texts.summary(profile, now)}\n\n{texts.ALL_SET_AFTER}")
            ]
        case TimeSaved(profile=profile):
            return [settings_panel(profile, now)]
        case DateNotUnderstood(problem=problem):
            return [Reply(texts.date_problem(problem))]
        case TimeNotUnderstood(problem=problem):
            return [Reply(texts.time_problem(problem), time_keyboard())]
        case Asked(step=step, suggested_zone=zone):
            return [ask(step, suggested_zone=zone)]
        case SettingsShown(profile=profile):
            return [settings_panel(profile, now)]
        case NothingPending(profile=profile):
            if profile.checkin_time is None:
                return [Reply(texts.LISTENING_NO_TIME)]
            return [Reply(texts.LISTENING.format(time=format_clock_time(profile.checkin_time)))]
    raise AssertionError(f"no view for {type(outcome).__name__}")


def render_checkin(outcome: CheckinOutcome) -> list[Reply]:
    """Messages for check-in outcomes (buttons on the check-in itself are handled in place)."""
    match outcome:
        case CheckinShown(
            checkin_id=checkin_id, prompt=prompt, mood=mood, trigger=trigger, extras=extras
        ):
            text, markup = checkin_view.shown(checkin_id, prompt.text, mood, trigger, extras)
            return [Reply(text, markup)]
        case CheckinReply(mood=mood, trigger=trigger, idea=idea, first=first, note=note):
            return [Reply(checkin_view.reply_text(mood, trigger, idea, first=first, note=note))]
        case Choice(reply=reply) if reply is not None:
            return render_checkin(reply)
        case Choice():
            return []
        case Skipped():
            return [Reply(checkin_view.SKIPPED)]
        case Snoozed():
            return [Reply(checkin_view.SNOOZED)]
        case Expired():
            return [Reply(checkin_view.STALE)]
        case NeedsSetup():
            return [Reply(checkin_view.SET_UP_FIRST)]
        case Paused(until=None):
            return [Reply(checkin_view.PAUSED_OPEN)]
        case Paused(until=until, zone=zone):
            return [Reply(checkin_view.PAUSED.format(until=checkin_view.when(until, zone)))]
        case Resumed(next_due_at=due, zone=zone, was_paused=was_paused):
            template = checkin_view.RESUMED if was_paused else checkin_view.NOT_PAUSED
            return [Reply(template.format(when=checkin_view.when(due, zone)))]
    raise AssertionError(f"no view for {type(outcome).__name__}")


def render_any(outcome: Outcome | CheckinOutcome, now: datetime) -> list[Reply]:
    """Either kind of outcome."""
    if isinstance(outcome, CheckinOutcomeTypes):
        return render_checkin(outcome)
    return render(outcome, now)
