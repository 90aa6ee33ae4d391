"""Proves the e2e harness against a tiny PTB 22 echo bot (independent of unsent's own bot)."""

from __future__ import annotations

import asyncio
import sys

from telegram import Bot, BotCommand, LinkPreviewOptions

from .conftest import NewChat, StartBot
from .harness import (
    BOT_USERNAME,
    E2E_DIR,
    Bridge,
    ChatClient,
    Emulator,
    bot_id_from_token,
    button_texts,
    make_token,
)

ECHO_BOT = [sys.executable, str(E2E_DIR / "echo_bot.py")]


def test_start_button_edit_and_echo(start_bot: StartBot, new_chat: NewChat, bridge: Bridge) -> None:
    """/start shows two buttons, pressing one edits the message, text is echoed."""
    bot = start_bot(command=ECHO_BOT)
    bot.wait_for_log("echo bot ready as @")
    alice = new_chat(bot, user_id=501, first_name="Alice")

    alice.send_command("/start")
    menu = alice.wait_for_message("Pick a colour")
    assert button_texts(menu) == ["Red", "Blue"]

    pressed = alice.press_button("Red")
    assert pressed["message_id"] == menu["message_id"]
    edited = alice.wait_for_message("You picked red")
    assert edited["message_id"] == menu["message_id"]
    assert edited["edit_date"] is not None
    assert edited["reply_markup"] is None, "editing the text without a keyboard removes it"

    alice.send_text("hello there")
    assert alice.wait_for_message("echo:")["text"] == "echo: hello there"

    assert [m["text"] for m in alice.messages()] == ["You picked red", "echo: hello there"]
    calls = bridge.calls(bot.token)
    for method in (
        "getMe",
        "deleteWebhook",
        "setMyCommands",
        "answerCallbackQuery",
        "editMessageText",
    ):
        assert method in calls
    bot.wait_for_log("edited message")
    assert "Traceback" not in bot.log_text()
    assert not bridge.errors


def test_reply_markup_edit_location_two_people_and_restart(
    start_bot: StartBot, new_chat: NewChat, bridge: Bridge
) -> None:
    """editMessageReplyMarkup, reply keyboards, locations, isolation of chats, and a restart."""
    bot = start_bot(command=ECHO_BOT)
    alice = new_chat(bot, user_id=601, first_name="Alice")
    bob = new_chat(bot, user_id=602, first_name="Bob")

    bob.send_command("/start")
    bob.wait_for_message("Pick a colour")
    bob.press_button("Blue")
    confirm = bob.wait_for_message(lambda m: button_texts(m) == ["Confirm blue"])
    assert confirm["text"] == "Pick a colour"
    bob.press_button("Confirm blue")
    assert bob.wait_for_message("You picked")["text"] == "You picked blue"

    alice.send_command("/where")
    ask = alice.wait_for_message("Where are you?")
    button = ask["reply_markup"]["keyboard"][0][0]
    assert button == {"text": "Send my location", "request_location": True}
    alice.send_location(52.52, 13.405)
    got = alice.wait_for_message("Got you at")
    assert got["text"] == "Got you at 52.5200,13.4050"
    assert got["reply_markup"] == {"remove_keyboard": True}
    pin = alice.wait_for_message(lambda m: m["method"] == "sendLocation")
    assert (pin["latitude"], pin["longitude"]) == (52.52, 13.405)
    assert all(m["chat_id"] == 601 for m in alice.messages())
    assert [m["text"] for m in bob.messages()] == ["You picked blue"]

    assert bot.stop() is not None
    alice.send_text("sent while the bot was down")
    bot.start()
    bot.wait_until_polling(bridge)
    alice.wait_for_message("echo: sent while the bot was down")
    assert "Traceback" not in bot.log_text()
    assert not bridge.errors


def test_bridge_answers_what_ptb_calls(emulator: Emulator, bridge: Bridge) -> None:
    """Methods the emulator lacks or gets wrong come back as valid PTB objects via the bridge."""
    token = make_token()
    carol = ChatClient(emulator, token, user_id=701, first_name="Carol", username="carol")

    async def scenario() -> None:
        async with Bot(token, base_url=bridge.base_url) as bot:
            assert bot.id == bot_id_from_token(token)
            assert bot.username == BOT_USERNAME
            assert await bot.set_my_commands([BotCommand("start", "Start")]) is True
            assert await bot.get_my_commands() == ()
            assert (await bot.get_webhook_info()).url == ""
            assert await bot.delete_webhook(drop_pending_updates=True) is True
            carol.send_text("one")
            carol.send_text("two")
            first = await bot.get_updates(timeout=5, limit=1)
            assert [u.message.text for u in first] == ["one"]
            again = await bot.get_updates(offset=first[0].update_id, timeout=0)
            assert [u.message.text for u in again] == ["one", "two"], (
                "unconfirmed updates are redelivered"
            )
            assert await bot.get_updates(offset=again[-1].update_id + 1, timeout=0) == ()
            chat = await bot.get_chat(701)
            assert chat.type == "private"
            assert chat.username == "carol"
            assert await bot.send_chat_action(701, "typing") is True
            sent = await bot.send_message(
                701, "hi", link_preview_options=LinkPreviewOptions(is_disabled=True)
            )
            assert sent.chat.first_name == "Carol"
            assert sent.from_user.is_bot
            photo = await bot.send_photo(701, photo=b"\x89PNG fake", caption="a picture")
            assert photo.caption == "a picture"
            removed = await bot.edit_message_reply_markup(701, sent.message_id)
            assert removed.reply_markup is None
            assert removed.edit_date is not None
            assert await bot.delete_message(701, sent.message_id) is True

    asyncio.run(scenario())
    assert [(m["method"], m.get("caption")) for m in carol.messages()] == [
        ("sendPhoto", "a picture")
    ]
    assert not bridge.errors
