"""A person sets the bot up through the Bot API emulator, the bot restarts, nothing is forgotten."""

from __future__ import annotations

from .conftest import NewChat, StartBot
from .harness import Bridge, button_texts


def test_onboarding_survives_a_restart(
    start_bot: StartBot, new_chat: NewChat, bridge: Bridge, database_url: str
) -> None:
    """/start, a city, a time button; restart the process; /settings shows the same choices."""
    bot = start_bot(database_url=database_url)
    anna = new_chat(bot, user_id=424242, first_name="Anna")

    anna.send_command("/start")
    welcome = anna.wait_for_message("Hi, I'm unsent")
    assert "not a therapist" in welcome["text"]
    anna.wait_for_message("your time zone")

    anna.send_text("berlin")
    anna.wait_for_message("Europe/Berlin")
    question = anna.wait_for_message("When should I check in")
    assert "Evening 19:00" in button_texts(question)

    anna.press_button("Evening 19:00")
    done = anna.wait_for_message("all set")
    assert "19:00" in done["text"]

    bot.restart()
    bot.wait_until_polling(bridge)

    anna.send_command("/settings")
    settings = anna.wait_for_message("Your settings")
    assert "Europe/Berlin" in settings["text"]
    assert "19:00" in settings["text"]
    assert "every day" in settings["text"]
    assert "Change time zone" in button_texts(settings)


def test_bad_input_is_answered_kindly(
    start_bot: StartBot, new_chat: NewChat, database_url: str
) -> None:
    """An impossible time and a made-up place each get a hint; the flow still finishes."""
    bot = start_bot(database_url=database_url)
    ben = new_chat(bot, user_id=434343, first_name="Ben")
    ben.send_command("/start")
    ben.wait_for_message("your time zone")
    ben.send_text("Qwertyville")
    ben.wait_for_message("couldn't find that place")
    ben.send_text("new york")
    ben.wait_for_message("America/New_York")
    ben.send_text("25:99")
    ben.wait_for_message("isn't on the clock")
    ben.send_text("9pm")
    assert "21:00" in ben.wait_for_message("all set")["text"]
