"""A bot wired exactly as in production, with the in-process Bot API recording every call."""

from __future__ import annotations

import contextlib
import io
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import OFFLINE_TOKEN, UnsentApp, build_application
from bot.clock import ManualClock
from bot.config import Settings
from bot.console.local_api import ChatMessage, LocalBotApi
from bot.console.repl import Console, Printer
from bot.content.loader import Content
from bot.db import crypto
from bot.db.engine import create_session_factory
from tests.fakes import FixedLocations


class Chat:
    """One person's chat with the bot: send things, press buttons, read replies."""

    def __init__(self, app: UnsentApp, api: LocalBotApi, user_id: int = 77) -> None:
        self.app, self.api, self.user_id = app, api, user_id
        self.console = Console(app, api, Printer(io.StringIO()), user_id=user_id)

    def _since(self, mark: int) -> list[str]:
        from bot.console.local_api import plain_text

        return [
            plain_text(str(c.params.get("text", "")))
            for c in self.api.calls[mark:]
            if c.method in {"sendMessage", "editMessageText"}
            and int(c.params.get("chat_id", self.user_id)) == self.user_id
        ]

    async def send(self, text: str) -> list[str]:
        """Send a message; the texts the bot answered with."""
        mark = len(self.api.calls)
        await self.console.send_text(text)
        return self._since(mark)

    async def feed(self, **message: Any) -> list[str]:
        """Send a message with arbitrary fields (location, dice, ...)."""
        mark = len(self.api.calls)
        await self.console._feed({"message": self.console._message(**message)})
        return self._since(mark)

    async def edit(self, text: str) -> list[str]:
        """Edit an earlier message to read `text`; the texts the bot answered with."""
        mark = len(self.api.calls)
        message = self.console._message(text=text) | {"edit_date": 1_800_000_000}
        await self.console._feed({"edited_message": message})
        return self._since(mark)

    def last_buttons(self) -> ChatMessage:
        """The newest bot message in this chat that still has buttons."""
        messages = [
            m for m in self.api.messages.values() if m.buttons and m.chat_id == self.user_id
        ]
        assert messages, "no message with buttons"
        return max(messages, key=lambda m: m.message_id)

    async def press(self, label: str) -> list[str]:
        """Press the button whose text contains `label` on the newest message with buttons."""
        message = self.last_buttons()
        data = next((d for row in message.buttons for t, d in row if label in t), None)
        assert data is not None, f"no button {label!r} in {message.buttons}"
        return await self.press_data(data, message)

    async def press_data(self, data: str, message: ChatMessage | None = None) -> list[str]:
        """Send a callback query with raw data (stale or forged buttons)."""
        if message is None:
            mine = [m for m in self.api.messages.values() if m.chat_id == self.user_id]
            message = max(mine, key=lambda m: m.message_id)
        mark = len(self.api.calls)
        await self.console._feed(
            {
                "callback_query": {
                    "id": "1",
                    "from": self.console._user,
                    "chat_instance": "test",
                    "data": data,
                    "message": message.as_api() | {"chat": self.console._chat()},
                }
            }
        )
        return self._since(mark)

    def answers(self) -> list[dict[str, Any]]:
        """Every answerCallbackQuery call's parameters."""
        return [c.params for c in self.api.sent("answerCallbackQuery")]


@contextlib.asynccontextmanager
async def app_with(
    settings: Settings, content: Content, clock: ManualClock
) -> AsyncIterator[tuple[UnsentApp, LocalBotApi]]:
    """The real Application with these settings and the recording API."""
    api = LocalBotApi()
    app = build_application(
        settings,
        content,
        token=OFFLINE_TOKEN,
        request=api,
        clock=clock,
        locations=FixedLocations({(52.52, 13.405): "Europe/Berlin"}),
        rate_limit=False,
        polling=False,
    )
    try:
        async with app:
            yield app, api
    finally:
        await app.bot_data["db_engine"].dispose()
        crypto.configure([])  # encryption is process-wide: never leak it to the next test


@pytest.fixture
async def bot_app(
    engine: AsyncEngine, migrated_url: str, content: Content, clock: ManualClock
) -> AsyncIterator[tuple[UnsentApp, LocalBotApi]]:
    """The real Application over the test database and the recording API."""
    settings = Settings(
        database_url=migrated_url,
        default_timezone="Europe/Lisbon",
        _env_file=None,  # type: ignore[call-arg]
    )
    async with app_with(settings, content, clock) as built:
        yield built


@pytest.fixture
def chat(bot_app: tuple[UnsentApp, LocalBotApi]) -> Chat:
    """A person talking to the bot."""
    return Chat(*bot_app)


async def ready(chat: Chat) -> None:
    """Onboard: Berlin, check-ins at night."""
    await chat.send("/start")
    await chat.send("Berlin")
    await chat.press("Night")


async def rows(engine: AsyncEngine, model: type) -> list[Any]:
    """Every row of a table, in id order."""
    async with create_session_factory(engine)() as session:
        return list((await session.execute(select(model).order_by(model.id))).scalars())  # type: ignore[attr-defined]
