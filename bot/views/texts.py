"""Every sentence the bot says in onboarding, settings and help.

Rules: warm and short; never preachy; the first line of a message never names the person they
miss nor says "breakup" (it shows on a lock screen). HTML parse mode: escape anything dynamic.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from html import escape

from bot.domain.clocktime import TimeProblem, format_clock_time
from bot.domain.dates import DateProblem
from bot.domain.help import HelpLine
from bot.domain.profile import Profile
from bot.domain.zones import describe_offset, local_now, utc_offset
from bot.views.commands import COMMANDS

WELCOME = (
    "Hi, I'm unsent. 🌙\n\n"
    "Missing someone can be heavy. I'm here to keep you company through it: one short check-in "
    "a day at a time you choose, a count of the days you've kept your distance, a private "
    "journal of what you tell me, and a coping idea when you need one.\n\n"
    "I'm a bot, not a therapist. If you're ever in danger, /help shows where real people can "
    "help, any time."
)
WELCOME_BACK = "Welcome back. 🌙"
LETS_FINISH = "Let's finish setting you up."

ASK_ZONE = (
    "First, your time zone, so I write at the right hour.\n\n"
    "• Tap <b>📍 Share my location</b> (on your phone), or\n"
    "• type your city, like <i>Berlin</i> or <i>New York</i>, or\n"
    "• tell me what time it is for you right now, like <i>21:30</i>."
)
ASK_ZONE_AGAIN = (
    "Which time zone are you in? Type your city (like <i>Lisbon</i>), a zone (like "
    "<i>Europe/Lisbon</i>), or the time it is for you right now (like <i>21:30</i>)."
)
SHARE_LOCATION = "📍 Share my location"
ZONE_CHOICES = "I found a few that could fit. Which one is yours?"
NONE_OF_THESE = "None of these"
ZONE_NOT_FOUND = (
    "I couldn't find that place. Try a bigger city nearby, a zone like <i>Europe/Berlin</i>, "
    "or the time it is for you now, like <i>21:30</i>."
)
TIME_ZONE_NOT_FOUND = (
    "I couldn't match that time to a time zone. Could you type your city instead, "
    "like <i>Berlin</i>?"
)
LOCATION_NOT_FOUND = (
    "I couldn't tell the time zone from that location. Could you type your city instead?"
)
ASK_TIME = (
    "When should I check in each day? Tap one, or type a time like <i>21:30</i> or <i>9pm</i>."
)
TIME_OUT_OF_RANGE = (
    "That one isn't on the clock: hours go from 0 to 23 and minutes from 0 to 59. "
    "Try something like <i>21:30</i> or <i>9pm</i>."
)
TIME_NOT_UNDERSTOOD = (
    "I didn't catch a time there. Try something like <i>21:30</i> or <i>9pm</i>, "
    "or tap one of the buttons."
)
ALL_SET = "You're all set. ✨"
ALL_SET_AFTER = (
    "I'll write at that time with one small question. Change anything with /settings; "
    "/help is there whenever you need it."
)
SETTINGS_TITLE = "<b>Your settings</b>"
CHANGE_ZONE = "Change time zone"
CHANGE_TIME = "Change check-in time"
CHANGE_DAYS = "Check-in days"
CHANGE_ENDED = "When it ended"
CHANGE_RECAP = "Weekly recap"
RECAP_TITLE = (
    "Once a week, at your check-in time, I can send a short look back at your week: "
    "check-ins, mood, your counts, and one chart. Which day suits you?"
)
RECAP_ON = "Send it"
RECAP_OFF = "Don't send it"
RECAP_STOPPED = "Weekly recaps are off. /settings turns them back on any time."
ASK_ENDED = (
    "When did it end? Like <i>3 November</i> or <i>12 days ago</i>. It only helps me choose "
    "questions that fit where you are; you don't have to say."
)
PREFER_NOT = "Prefer not to say"
DATE_FUTURE = "That date is still ahead. When did it end? Like <i>3 November</i>."
DATE_TOO_OLD = "That's a long time back. Could you check the year?"
DATE_NOT_UNDERSTOOD = (
    "I didn't catch a date there. Try <i>3 November</i>, <i>12 days ago</i> or <i>2026-11-03</i>."
)
DONE = "Done"
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAYS_TITLE = "Which days should I check in? Tap to switch a day on or off."
SETTINGS_CLOSED = "Saved. See you at check-in time."
LISTENING = "I'm here and listening. Your next check-in comes at {time}. /help shows what I can do."
LISTENING_NO_TIME = "I'm here. Let's finish setting up first: /start picks up where we left off."
STALE_BUTTON = "That button has expired. Here's where things stand now."
APOLOGY = "Sorry, something went wrong on my side. Please try that again in a moment."
NOT_A_THERAPIST = (
    "<b>I'm a bot, not a therapist.</b> If you're in danger or thinking about hurting "
    "yourself, please reach a person now:"
)
HELP_TITLE = "Here's what I can do:"


def zone_line(zone: str, now: datetime) -> str:
    """ "Europe/Berlin (UTC+01:00), 22:14 there now"."""
    offset = describe_offset(utc_offset(zone, now))
    clock = format_clock_time(local_now(zone, now).time())
    return f"<b>{escape(zone)}</b> ({offset}), it's {clock} there now"


def zone_saved(zone: str, now: datetime, *, fixed_offset: bool) -> str:
    """Confirms the zone; explains what a fixed offset means."""
    text = f"Time zone set: {zone_line(zone, now)}."
    if fixed_offset:
        text += (
            "\n\nThis is a fixed offset, so it won't follow daylight saving. If your clocks "
            "change during the year, type your city in /settings instead."
        )
    return text


def summary(profile: Profile, now: datetime) -> str:
    """The person's choices, one per line."""
    zone = zone_line(profile.timezone, now) if profile.timezone else "not set yet"
    checkin = (
        f"<b>{format_clock_time(profile.checkin_time)}</b>, {profile.weekdays.describe()}"
        if profile.checkin_time
        else "not set yet"
    )
    text = f"Time zone: {zone}\nCheck-in: {checkin}\nWeekly recap: {recap_line(profile)}"
    if profile.ended_on is not None:
        text += f"\nSince: {profile.ended_on.day} {profile.ended_on:%b %Y}"
    return text


def recap_line(profile: Profile) -> str:
    """ "Sundays" or "off"."""
    return f"{DAY_NAMES[profile.recap_weekday]}s" if profile.recap_enabled else "off"


def date_problem(problem: DateProblem) -> str:
    """Why a typed date was not taken."""
    if problem is DateProblem.FUTURE:
        return DATE_FUTURE
    if problem is DateProblem.TOO_OLD:
        return DATE_TOO_OLD
    return DATE_NOT_UNDERSTOOD


def time_problem(problem: TimeProblem) -> str:
    """Why a typed time was not understood."""
    return TIME_OUT_OF_RANGE if problem is TimeProblem.OUT_OF_RANGE else TIME_NOT_UNDERSTOOD


def help_text(lines: Sequence[HelpLine]) -> str:
    """/help: the commands, then the disclaimer and where real help is."""
    commands = "\n".join(f"/{name}: {description}" for name, description in COMMANDS)
    resources = "\n".join(f"• <b>{escape(line.name)}</b>: {escape(line.contact)}" for line in lines)
    return f"{HELP_TITLE}\n\n{commands}\n\n{NOT_A_THERAPIST}\n{resources}"


CRISIS_FIRST = "I'm here, and I'm taking what you wrote seriously."
CRISIS_BOT = (
    "I'm a bot, so I can't help in an emergency. These people can, right now, any time of day:"
)
CRISIS_EMERGENCY = "If you are in danger right now, call your local emergency number."
CRISIS_STAY = (
    "I'm still here. You can keep writing to me, and /help shows these numbers whenever you "
    "need them."
)


def crisis_text(lines: Sequence[HelpLine]) -> str:
    """The first reply when someone may be in danger: real help, plainly."""
    resources = "\n".join(f"• <b>{escape(line.name)}</b>: {escape(line.contact)}" for line in lines)
    return "\n\n".join([CRISIS_FIRST, f"{CRISIS_BOT}\n{resources}", CRISIS_EMERGENCY, CRISIS_STAY])
