"""/delete through the Bot API emulator: two confirmations, then nothing is left."""

from __future__ import annotations

from .conftest import NewChat, StartBot


def test_delete_asks_twice_then_erases(
    start_bot: StartBot, new_chat: NewChat, database_url: str
) -> None:
    bot = start_bot(database_url=database_url)
    eli = new_chat(bot, user_id=474747, first_name="Eli")
    eli.send_command("/start")
    eli.wait_for_message("your time zone")
    eli.send_text("paris")
    eli.wait_for_message("When should I check in")
    eli.press_button("Morning 09:00")
    eli.wait_for_message("all set")
    eli.send_text("a few words for my journal")
    eli.wait_for_message("journal")

    eli.send_command("/delete")
    preview = eli.wait_for_message("This erases everything")
    assert "journal entries: 1" in preview["text"]
    eli.press_button("Erase everything")
    eli.wait_for_message("type DELETE")
    eli.send_text("DELETE")
    done = eli.wait_for_message("Everything is erased")
    assert "journal entries: 1" in done["text"]

    eli.send_command("/settings")
    eli.wait_for_message("Hi, I'm unsent")  # nothing left: a fresh start
