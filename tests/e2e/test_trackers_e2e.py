"""The no-contact story through the Bot API emulator: backdated start, slip, undo."""

from __future__ import annotations

from .conftest import NewChat, StartBot, onboard


def test_no_contact_backdated_slip_and_undo(
    start_bot: StartBot, new_chat: NewChat, database_url: str
) -> None:
    """Backdated 6 days shows "day 6"; a slip restarts it with the longest kept at 6; undo
    shows "day 6" again."""
    bot = start_bot(database_url=database_url)
    cleo = new_chat(bot, user_id=454545, first_name="Cleo")
    onboard(cleo, "berlin", "Evening 19:00")

    cleo.send_command("/nocontact")
    cleo.wait_for_message("Counting days can help")
    cleo.press_button("Count days without contact")
    cleo.wait_for_message("since when?")
    cleo.send_text("6 days ago")
    started = cleo.wait_for_message("day 6")
    assert "Longest: 6 days" in started["text"]

    cleo.send_command("/slip")
    cleo.wait_for_message("what happened?")
    cleo.press_button("I reached out")
    logged = cleo.wait_for_message("Logged.")
    assert "longest stays at 6 days" in logged["text"]

    cleo.send_command("/streaks")
    streaks = cleo.wait_for_message("Your counts")
    assert "day 0" in streaks["text"]
    assert "Longest: 6 days" in streaks["text"]

    cleo.press_button("Undo: logged by mistake")
    undone = cleo.wait_for_message("Undone.")
    assert "day 6" in undone["text"]
