"""/cope through the Bot API emulator: an idea for what was written, another one, "this helped"."""

from __future__ import annotations

from .conftest import NewChat, StartBot, onboard
from .harness import button_texts


def test_cope_with_text_another_one_and_this_helped(
    start_bot: StartBot, new_chat: NewChat, database_url: str
) -> None:
    bot = start_bot(database_url=database_url)
    dana = new_chat(bot, user_id=464646, first_name="Dana")
    onboard(dana, "london", "Night 22:00")

    dana.send_command("/cope i cant stop thinking about why she left")
    idea = dana.wait_for_message(lambda m: "Another one" in button_texts(m))
    first_text = idea["text"]

    dana.press_button("Another one")
    second = dana.wait_for_message(
        lambda m: "Another one" in button_texts(m) and m["text"] != first_text
    )

    dana.press_button("This helped 🤍")
    dana.wait_for_message("Noted. I'll bring it back when it fits.")
    ticked = dana.wait_for_message(
        lambda m: "✓ This helped 🤍" in button_texts(m), since_last_action=False
    )
    assert ticked["message_id"] == second["message_id"]
