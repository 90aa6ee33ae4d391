"""Onboarding, settings and help through the real handlers, updates fed to process_update."""

from __future__ import annotations

import logging

import pytest

from bot.app import UnsentApp, _post_init
from bot.console.local_api import LocalBotApi
from bot.views import texts
from bot.views.commands import COMMANDS
from tests.handlers.conftest import Chat


async def _onboard(chat: Chat) -> None:
    await chat.send("/start")
    await chat.send("Berlin")
    await chat.press("Evening")


async def test_start_welcomes_and_asks_for_the_zone(chat: Chat) -> None:
    """The welcome says what the bot is, that it is not a therapist, then asks the zone."""
    replies = await chat.send("/start")
    assert replies[0].startswith("Hi, I'm unsent.")
    assert "not a therapist" in replies[0]
    assert "/help" in replies[0]
    assert "time zone" in replies[1]
    keyboard = chat.api.sent("sendMessage")[-1].params["reply_markup"]["keyboard"]
    assert keyboard[0][0]["request_location"] is True
    # The operator's DEFAULT_TIMEZONE is one tap away, and tapping it just sends its name.
    assert keyboard[1][0]["text"] == "Europe/Lisbon"
    assert "Europe/Lisbon" in (await chat.send("Europe/Lisbon"))[0]


async def test_onboarding_by_city_and_preset_button(chat: Chat) -> None:
    """A city, then a preset: the summary lists both."""
    await chat.send("/start")
    replies = await chat.send("new york")
    assert "America/New_York" in replies[0]
    assert "When should I check in" in replies[1]
    replies = await chat.press("Night")
    assert replies[0].startswith(texts.ALL_SET)
    assert "America/New_York" in replies[0]
    assert "22:00, every day" in replies[0]
    # The pressed question lost its buttons, so a second tap can't answer twice.
    assert chat.api.sent("editMessageReplyMarkup")


async def test_onboarding_by_location_and_typed_time(chat: Chat) -> None:
    """A shared location sets the zone; "9pm" sets the time."""
    await chat.send("/start")
    replies = await chat.feed(location={"latitude": 52.52, "longitude": 13.405})
    assert "Europe/Berlin" in replies[0]
    replies = await chat.send("9pm")
    assert "21:00, every day" in replies[0]


async def test_onboarding_by_saying_what_time_it_is(chat: Chat) -> None:
    """At 21:00 UTC, "16:00" is UTC-5, and the bot explains the fixed offset."""
    await chat.send("/start")
    replies = await chat.send("16:00")
    assert "UTC-05:00" in replies[0]
    assert "daylight saving" in replies[0]


async def test_a_bare_hour_offers_both_halves_of_the_day(chat: Chat) -> None:
    """At 21:00 UTC, "4:00" could be New York's afternoon or Bangkok-ish morning: ask."""
    await chat.send("/start")
    replies = await chat.send("4:00")
    assert replies == [texts.ZONE_CHOICES]
    replies = await chat.press("16:00 now")
    assert "UTC-05:00" in replies[0]
    assert "daylight saving" in replies[0]


async def test_a_typo_offers_choices_and_none_of_these_asks_again(chat: Chat) -> None:
    """ "Berln" shows Berlin as a button; "None of these" asks again."""
    await chat.send("/start")
    replies = await chat.send("Berln")
    assert replies == [texts.ZONE_CHOICES]
    replies = await chat.press("None of these")
    assert "Which time zone" in replies[0]
    await chat.send("Berln")
    replies = await chat.press("Europe/Berlin")
    assert "Europe/Berlin" in replies[0]


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("25:99", "isn't on the clock"),
        ("soon", "didn't catch a time"),
        ("🙂🙂", "didn't catch a time"),
        ("x" * 4000, "didn't catch a time"),
    ],
)
async def test_bad_times_get_a_kind_reason_and_the_question_stays(
    chat: Chat, answer: str, expected: str
) -> None:
    """Impossible or unclear times are explained; the next good answer still works."""
    await chat.send("/start")
    await chat.send("Berlin")
    replies = await chat.send(answer)
    assert len(replies) == 1
    assert expected in replies[0]
    assert "21:30, every day" in (await chat.send("21:30"))[0]


@pytest.mark.parametrize("answer", ["Qwertyville", "x" * 4000, "🙂", "?"])
async def test_unknown_places_get_a_hint(chat: Chat, answer: str) -> None:
    """No zone found: a hint, and the question stays open."""
    await chat.send("/start")
    replies = await chat.send(answer)
    assert replies == [texts.ZONE_NOT_FOUND.replace("<i>", "").replace("</i>", "")]
    assert "Europe/Paris" in (await chat.send("Paris"))[0]


async def test_other_commands_while_a_question_is_pending_keep_it(chat: Chat) -> None:
    """/help in the middle of onboarding answers, and the time question still waits."""
    await chat.send("/start")
    await chat.send("Berlin")
    replies = await chat.send("/help")
    assert replies[0].startswith(texts.HELP_TITLE)
    assert "All set" not in " ".join(replies)
    assert "21:30" in (await chat.send("21:30"))[0]


async def test_start_again_keeps_everything(chat: Chat) -> None:
    """Re-running /start greets and shows the same settings."""
    await _onboard(chat)
    replies = await chat.send("/start")
    assert replies[0] == texts.WELCOME_BACK
    assert "Europe/Berlin" in replies[1]
    assert "19:00, every day" in replies[1]


async def test_settings_change_time_and_days(chat: Chat) -> None:
    """Settings: a new time by typing, weekend days switched off by toggles."""
    await _onboard(chat)
    await chat.send("/settings")
    replies = await chat.press("Change check-in time")
    assert "When should I check in" in replies[0]
    replies = await chat.send("7:45am")
    assert "07:45" in replies[0]
    await chat.press("Check-in days")
    await chat.press("Sat")
    replies = await chat.press("Sun")
    assert "on weekdays" in replies[0]
    replies = await chat.press("Done")
    assert replies == [texts.SETTINGS_CLOSED]
    assert "07:45, on weekdays" in (await chat.send("/settings"))[0]


async def test_settings_change_zone(chat: Chat) -> None:
    """Settings: a new zone; the time stays."""
    await _onboard(chat)
    await chat.send("/settings")
    await chat.press("Change time zone")
    replies = await chat.send("Tokyo")
    assert "Asia/Tokyo" in replies[0]
    assert "19:00" in replies[1]


async def test_help_lists_commands_and_crisis_lines_for_the_country(chat: Chat) -> None:
    """/help: every command, the disclaimer, and lines for the person's country."""
    await chat.send("/start")
    await chat.send("London")
    replies = await chat.send("/help")
    for name, _ in COMMANDS:
        assert f"/{name}" in replies[0]
    assert "not a therapist" in replies[0]
    assert "116 123" in replies[0]


async def test_help_for_someone_new_shows_lines_that_work_anywhere(chat: Chat) -> None:
    """Without a known country, the fallback lines."""
    replies = await chat.send("/help")
    assert "emergency number" in replies[0]


async def test_a_stale_or_forged_button_is_refused_kindly(chat: Chat) -> None:
    """Unknown callback data: a notice, and the current state instead of an error."""
    await _onboard(chat)
    replies = await chat.press_data("delete:everything")
    assert chat.answers()[-1]["text"] == texts.STALE_BUTTON
    assert "Your settings" in replies[0]
    replies = await chat.press_data("tz:Mars/Olympus_Mons")
    assert "couldn't find that place" in replies[0]


async def test_the_same_preset_pressed_twice_is_harmless(chat: Chat) -> None:
    """A double tap sets the same time again; nothing breaks."""
    await chat.send("/start")
    await chat.send("Berlin")
    message = chat.last_buttons()
    night = message.buttons[0][2][1]
    await chat.press("Night")
    replies = await chat.press_data(night, message)
    assert "22:00" in replies[0]
    assert texts.APOLOGY not in replies
    # The second tap's "remove the buttons" was refused as a no-op, like Telegram does.
    assert len(chat.api.sent("editMessageReplyMarkup")) == 2


async def test_a_button_answered_too_late_still_does_its_job(chat: Chat) -> None:
    """After a restart, answering an old query fails ("query is too old"); the choice counts."""
    await chat.send("/start")
    await chat.send("Berlin")
    chat.api.script(
        "answerCallbackQuery",
        (
            400,
            {
                "ok": False,
                "error_code": 400,
                "description": "Bad Request: query is too old and response timeout expired",
            },
        ),
    )
    replies = await chat.press("Night")
    assert replies[0].startswith(texts.ALL_SET)
    assert texts.APOLOGY not in replies


async def test_non_text_messages_get_a_gentle_reply(chat: Chat) -> None:
    """A dice or sticker-like message is answered, not ignored."""
    replies = await chat.feed(dice={"emoji": "🎲", "value": 3})
    assert replies == ["I can only read text for now. Could you type it?"]


async def test_unknown_commands_point_to_help(chat: Chat) -> None:
    """A command we don't have is answered."""
    assert "/help" in (await chat.send("/nonsense"))[0]


async def test_group_chats_are_ignored(chat: Chat) -> None:
    """The bot is one-to-one; a group message gets no reply."""
    mark = len(chat.api.calls)
    message = chat.console._message(
        text="/start", entities=[{"type": "bot_command", "offset": 0, "length": 6}]
    )
    message["chat"] = {"id": -100, "type": "group", "title": "friends"}
    await chat.console._feed({"message": message})
    assert chat.api.calls[mark:] == []


async def test_commands_are_registered_with_telegram(
    bot_app: tuple[UnsentApp, LocalBotApi],
) -> None:
    """post_init sends the same command list /help shows."""
    app, api = bot_app
    await _post_init(app)
    commands = api.sent("setMyCommands")[-1].params["commands"]
    assert [c["command"] for c in commands] == [name for name, _ in COMMANDS]


async def test_a_crash_apologises_and_logs_no_user_text(
    chat: Chat, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """An exception becomes an apology; the log has the error type, not what they wrote."""
    secret = "MY-SECRET-WORDS-42"

    async def broken(*_: object) -> None:
        raise ValueError(f"cannot handle {secret}")

    await chat.send("/start")
    deps = chat.app.bot_data["deps"]
    monkeypatch.setattr(deps.profiles, "on_text", broken)
    with caplog.at_level(logging.DEBUG):
        replies = await chat.send(secret)
    assert replies == [texts.APOLOGY]
    logged = "\n".join(r.getMessage() + str(r.exc_info or "") for r in caplog.records)
    assert "ValueError" in logged
    assert secret not in logged


async def test_when_it_ended_is_optional_and_never_in_the_future(chat: Chat) -> None:
    """Settings: a typed past date is kept; the future is refused; "prefer not" forgets it."""
    await _onboard(chat)
    await chat.send("/settings")
    replies = await chat.press("When it ended")
    assert replies[0].startswith("When did it end?")
    assert "still ahead" in (await chat.send("2027-01-01"))[0]
    assert "didn't catch a date" in (await chat.send("whenever"))[0]
    replies = await chat.send("3 November")
    assert "Since: 3 Nov 2026" in replies[0]
    await chat.press("When it ended")
    replies = await chat.press("Prefer not to say")
    assert "Since:" not in replies[0]
