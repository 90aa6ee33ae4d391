"""A scheduled check-in arrives through the emulator; the person answers and gets a reply."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from .conftest import NewChat, StartBot
from .harness import button_texts


def _a_minute_from_now() -> str:
    """A UTC clock time 15-75 s ahead: soon, but safely after the answer is processed."""
    now = datetime.now(UTC)
    target = now + timedelta(minutes=1 if now.second < 45 else 2)
    return f"{target:%H:%M}"


def test_a_scheduled_checkin_arrives_and_is_answered(
    start_bot: StartBot, new_chat: NewChat, database_url: str
) -> None:
    """Set a check-in a minute ahead; it arrives; mood, trigger, words; a fitting reply."""
    bot = start_bot(database_url=database_url, extra_env={"DELIVERY_INTERVAL_SECONDS": "1"})
    cleo = new_chat(bot, user_id=515151, first_name="Cleo")
    cleo.send_command("/start")
    cleo.wait_for_message("your time zone")
    cleo.send_text("UTC")
    cleo.wait_for_message("When should I check in")
    cleo.send_text(_a_minute_from_now())
    cleo.wait_for_message("all set")

    checkin = cleo.wait_for_message("1 (very) to 5 (light)", timeout=120)
    buttons = button_texts(checkin)
    assert "3 😐" in buttons
    assert "🎵 A song" in buttons
    assert "Skip today" in buttons

    cleo.press_button("3 😐")
    cleo.wait_for_message(lambda m: "✓ 3 😐" in button_texts(m))
    cleo.press_button("🎵 A song")
    reply = cleo.wait_for_message("Something that might help")
    assert "Some days are just in between" in reply["text"]
    assert "A song can bring it all back" in reply["text"]

    cleo.send_text("our song came on in the supermarket, I left my basket and walked out")
    cleo.wait_for_message("Added to today's entry")
