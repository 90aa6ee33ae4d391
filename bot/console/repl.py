"""`unsent console`: the real Application and handlers, a person typing in a terminal.

Lines you type become Telegram updates fed to `process_update`; what the bot sends is printed.
Inline buttons are numbered: type the number to press one. Lines starting with ":" talk to the
console itself (:help lists them).
"""

from __future__ import annotations

import asyncio
import itertools
import re
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TextIO

from telegram import Update

from bot.app import UnsentApp
from bot.clock import ManualClock
from bot.console.local_api import BotCall, ChatMessage, LocalBotApi

HELP = """Console commands:
  :location LAT LON   share a location (like the 📍 button), e.g. :location 52.52 13.40
  :clock              show the bot's clock
  :clock +2h          move the clock forward (m, h, d) and deliver what is due, e.g. :clock +1d
  :tick               deliver what is due now
  :press N            press button N (just N works when the buttons are on the newest message)
  :help               this list
  :quit               leave (Ctrl-D works too)
Anything else is sent to the bot as a message from you."""


_DURATION = re.compile(r"\+?(\d{1,4})([mhd])")
_UNITS = {"m": "minutes", "h": "hours", "d": "days"}
_TICK = timedelta(minutes=5)


class Printer:
    """Prints what the bot sends and numbers the newest inline buttons."""

    def __init__(self, out: TextIO) -> None:
        self._out = out
        self.choices: dict[int, tuple[ChatMessage, str]] = {}
        # Whether the numbered buttons are on the newest message (bare numbers press them).
        self.choices_are_newest = False

    def __call__(self, call: BotCall, message: ChatMessage | None) -> None:
        if call.method == "answerCallbackQuery" and call.params.get("text"):
            self._print(f"  ({call.params['text']})")
        if message is None:
            return
        if call.method == "sendMessage":
            self.choices_are_newest = bool(message.buttons)
        holds_choices = any(m is message for m, _ in self.choices.values())
        if holds_choices and not message.buttons:
            self.choices, self.choices_are_newest = {}, False
        if call.method == "editMessageReplyMarkup":
            if message.buttons and holds_choices:
                self._print("bot (buttons) ›")
                for line in self._number(message):
                    self._print(line)
                self._print("")
            return
        label = "bot (edited)" if call.method == "editMessageText" else "bot"
        lines = message.text.splitlines() or [""]
        self._print(f"{label} › {lines[0]}")
        for line in lines[1:]:
            self._print(f"      {line}")
        if message.buttons:
            for line in self._number(message):
                self._print(line)
        for keys in message.reply_keyboard:
            for key in keys:
                self._print(f"      ({key}: type :location LAT LON)")
        self._print("")

    def _number(self, message: ChatMessage) -> list[str]:
        """Number the message's buttons as the current choices; the lines that show them."""
        self.choices = {}
        numbers = itertools.count(1)
        lines = []
        for row in message.buttons:
            cells = []
            for text, data in row:
                number = next(numbers)
                self.choices[number] = (message, data)
                cells.append(f"[{number}] {text}")
            lines.append("      " + "   ".join(cells))
        return lines

    def _print(self, text: str) -> None:
        print(text, file=self._out, flush=True)


class Console:
    """One person chatting with the bot through the terminal."""

    def __init__(
        self,
        application: UnsentApp,
        api: LocalBotApi,
        printer: Printer,
        *,
        user_id: int = 1,
        first_name: str = "You",
        out: TextIO = sys.stdout,
        clock: ManualClock | None = None,
    ) -> None:
        self._app = application
        self._api = api
        self._printer = printer
        self._out = out
        self._user = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name,
            "language_code": "en",
        }
        self._ids = itertools.count(1)
        self._clock = clock

    def _chat(self) -> dict[str, Any]:
        return {"id": self._user["id"], "type": "private", "first_name": self._user["first_name"]}

    def _message(self, **fields: Any) -> dict[str, Any]:
        return {
            "message_id": next(self._ids),
            "date": int(datetime.now(UTC).timestamp()),
            "chat": self._chat(),
            "from": self._user,
            **fields,
        }

    async def _feed(self, data: dict[str, Any]) -> None:
        data["update_id"] = next(self._ids)
        update = Update.de_json(data, self._app.bot)
        await self._app.process_update(update)

    async def send_text(self, text: str) -> None:
        """A message typed by the person."""
        fields: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            fields["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        await self._feed({"message": self._message(**fields)})

    async def send_location(self, latitude: float, longitude: float) -> None:
        """A shared location."""
        location = {"latitude": latitude, "longitude": longitude}
        await self._feed({"message": self._message(location=location)})

    async def press(self, number: int) -> bool:
        """Press numbered button `number`; False if there is no such button."""
        choice = self._printer.choices.get(number)
        if choice is None:
            return False
        message, data = choice
        await self._feed(
            {
                "callback_query": {
                    "id": str(next(self._ids)),
                    "from": self._user,
                    "chat_instance": "console",
                    "data": data,
                    "message": message.as_api() | {"chat": self._chat()},
                }
            }
        )
        return True

    async def handle(self, line: str) -> bool:
        """Act on one typed line; False when the person wants to leave."""
        line = line.strip()
        if not line:
            return True
        if line.startswith(":"):
            return await self._command(line[1:].split())
        if (
            line.isdigit()
            and int(line) in self._printer.choices
            and self._printer.choices_are_newest
        ):
            await self.press(int(line))
            return True
        await self.send_text(line)
        return True

    async def _command(self, words: list[str]) -> bool:
        name, args = (words[0].lower(), words[1:]) if words else ("help", [])
        if name in {"quit", "exit", "q"}:
            return False
        if name == "location" and len(args) == 2:
            try:
                latitude, longitude = float(args[0]), float(args[1])
            except ValueError:
                self._say("Usage: :location LAT LON, e.g. :location 52.52 13.40")
            else:
                await self.send_location(latitude, longitude)
            return True
        if name in {"clock", "tick"}:
            await self._time_travel(name, args)
            return True
        if name == "press" and len(args) == 1 and args[0].isdigit():
            if not await self.press(int(args[0])):
                self._say("There's no button with that number.")
            return True
        self._say(HELP)
        return True

    async def _time_travel(self, name: str, args: list[str]) -> None:
        """Show or advance the clock; the delivery engine runs as if that time had passed."""
        if self._clock is None:
            self._say("The clock can't be changed in this session.")
            return
        engine = self._app.bot_data["deps"].engine
        sent = reminders = recaps = check_backs = 0
        if name == "clock" and args:
            step = _DURATION.fullmatch(args[0])
            if step is None:
                self._say("Usage: :clock +30m, :clock +2h or :clock +1d")
                return
            remaining = timedelta(**{_UNITS[step[2]]: int(step[1])})
            # Tick every few minutes on the way, like the running bot would.
            while remaining > timedelta(0):
                hop = min(remaining, _TICK)
                self._clock.advance(hop)
                remaining -= hop
                report = await engine.tick()
                sent, reminders = sent + report.sent, reminders + report.reminders
                recaps, check_backs = recaps + report.recaps.sent, check_backs + report.check_backs
        elif name == "tick":
            report = await engine.tick()
            sent, reminders = report.sent, report.reminders
            recaps, check_backs = report.recaps.sent, report.check_backs
        self._say(f"(bot clock: {self._clock.now():%a %d %b %Y %H:%M} UTC)")
        if name == "tick" or args:
            self._say(
                f"(delivered {sent} check-in(s), {reminders} reminder(s), "
                f"{check_backs} check-back(s), {recaps} recap(s))"
            )

    def _say(self, text: str) -> None:
        print(text, file=self._out, flush=True)


def _read_lines(
    read_line: Callable[[], str], loop: asyncio.AbstractEventLoop, queue: asyncio.Queue[str]
) -> None:
    """Read input in a daemon thread, so Ctrl-C never waits for a blocked readline."""
    while True:
        line = read_line()
        loop.call_soon_threadsafe(queue.put_nowait, line)
        if not line:
            return


async def run_console(
    application: UnsentApp,
    api: LocalBotApi,
    printer: Printer,
    read_line: Callable[[], str] = sys.stdin.readline,
    *,
    user_id: int = 1,
    clock: ManualClock | None = None,
) -> None:
    """The read-print loop, until :quit or end of input."""
    console = Console(application, api, printer, user_id=user_id, clock=clock)
    lines: asyncio.Queue[str] = asyncio.Queue()
    threading.Thread(
        target=_read_lines, args=(read_line, asyncio.get_running_loop(), lines), daemon=True
    ).start()
    async with application:
        await application.start()
        print("unsent console: type /start to begin, :help for console commands.", flush=True)
        try:
            while True:
                print("you › ", end="", flush=True)
                line = await lines.get()
                if not line:
                    print(flush=True)
                    break
                if not sys.stdin.isatty():
                    print(line.rstrip("\n"), flush=True)
                if not await console.handle(line):
                    break
        finally:
            await application.stop()
