"""What people write never reaches a log line, even at LOG_LEVEL=DEBUG."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from bot.logging_setup import configure_logging
from tests.handlers.conftest import Chat

MARK = "ZEBRA-7f3a-SECRET"


async def _every_flow(chat: Chat) -> None:
    # Polling: the update that carries their words arrives through getUpdates.
    update = {"update_id": 1, "message": chat.console._message(text=f"{MARK} polled")}
    chat.api.script("getUpdates", (200, {"ok": True, "result": [update]}))
    assert await chat.app.bot.get_updates()
    await chat.send("/start")
    await chat.send(f"{MARK} Berlin")  # not a place: a hint
    await chat.send("Berlin")
    await chat.send(f"{MARK} at nine")  # not a time: kept as a note, and a hint
    await chat.send("21:00")
    await chat.send("/checkin")
    await chat.press("2 😔")
    await chat.send(f"{MARK} my answer")
    await chat.send(f"{MARK} more of it")
    await chat.send("/settings")
    await chat.press("When it ended")
    await chat.send(f"{MARK} long ago")
    # Trackers: a start date that isn't one, a slip note, a new name.
    await chat.send("/nocontact")
    await chat.press("Count days without contact")
    await chat.send(f"{MARK} since forever")
    await chat.send("3 days ago")
    await chat.send("/slip")
    await chat.press("I replied to them")
    await chat.press("Add a note")
    await chat.send(f"{MARK} slip note")
    await chat.send("/nocontact")
    await chat.press("No contact: open")
    await chat.press("Rename")
    await chat.send(f"{MARK}")
    # Coping, the urge flow, reasons, the unsent box, a crisis, export and delete.
    await chat.send(f"/cope {MARK} so lonely")
    await chat.send("/cope")
    await chat.send(f"{MARK} cant sleep")
    await chat.send("/reasons")
    await chat.press("+ Why it ended")
    await chat.send(f"{MARK} reason")
    await chat.send("/urge")
    await chat.press("Write it here instead")
    await chat.send(f"{MARK} unsent")
    await chat.send("/unsent")
    await chat.send(f"{MARK} i want to die")
    deps = chat.app.bot_data["deps"]
    deps.clock.advance(timedelta(days=1))  # Sunday: the weekly recap shows the renamed count
    assert (await deps.engine.tick()).recaps.sent == 1
    [recap] = [str(c.params.get("text")) for c in chat.api.sent() if "Your week" in str(c.params)]
    assert MARK in recap
    await chat.send("/export")
    await chat.send("/delete")
    await chat.press("Erase everything")
    await chat.send(f"{MARK} DELETE")


def _logged(caplog: pytest.LogCaptureFixture) -> str:
    return "\n".join(f"{r.getMessage()} {r.exc_text or ''} {r.__dict__}" for r in caplog.records)


@pytest.fixture
def debug_logging(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Production logging set-up at DEBUG, captured."""
    configure_logging("DEBUG")
    root = logging.getLogger()
    root.addHandler(caplog.handler)  # configure_logging replaced the handlers
    caplog.handler.setLevel(logging.DEBUG)
    yield caplog
    root.handlers.clear()
    root.setLevel(logging.WARNING)


async def test_marked_text_through_every_flow_stays_out_of_the_logs(
    chat: Chat, debug_logging: pytest.LogCaptureFixture
) -> None:
    """Onboarding answers, a check-in answer, notes, settings: the marker is never logged."""
    logging.getLogger("tests").debug("capture works")
    await _every_flow(chat)
    logged = _logged(debug_logging)
    assert "capture works" in logged
    assert MARK not in logged


async def test_without_our_clamp_the_library_would_log_it(
    chat: Chat, debug_logging: pytest.LogCaptureFixture
) -> None:
    """The check above can fail: python-telegram-bot at DEBUG logs payloads, marker included."""
    logging.getLogger("telegram").setLevel(logging.DEBUG)
    logging.getLogger("telegram.ext").setLevel(logging.DEBUG)
    await _every_flow(chat)
    assert MARK in _logged(debug_logging)
