"""Fixtures for the end-to-end tests: emulator, bridge, bot processes and simulated people."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import pytest

from tests.conftest import drop_database, fresh_database_url

from .harness import E2E_DIR, BotProcess, Bridge, ChatClient, Emulator, make_token

_BOTS = pytest.StashKey[list[BotProcess]]()
_CHATS = pytest.StashKey[list[ChatClient]]()

StartBot = Callable[..., BotProcess]
NewChat = Callable[..., ChatClient]


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """A fresh database of the configured backend for this bot."""
    url, name = fresh_database_url(tmp_path)
    yield url
    drop_database(name)


def pytest_configure(config: pytest.Config) -> None:
    """Register the e2e marker."""
    config.addinivalue_line(
        "markers", "e2e: end-to-end test driving the real bot through a Bot API emulator"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test under tests/e2e as e2e."""
    for item in items:
        if E2E_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """On failure, attach each bot's log and each chat's transcript to the report."""
    report = yield
    if report.failed and call.when in ("setup", "call"):
        for bot in item.stash.get(_BOTS, []):
            report.sections.append((f"bot log {bot.log_path.name}", bot.log_text()[-8000:]))
        for chat in item.stash.get(_CHATS, []):
            try:
                transcript = "\n".join(chat.iter_transcript())
            except Exception as exc:  # emulator already gone
                transcript = f"<unavailable: {exc!r}>"
            report.sections.append((f"bot messages in chat {chat.chat_id}", transcript))
    return report


@pytest.fixture(scope="session")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    """The telegram-test-api emulator, one per test session (fails if node_modules is missing)."""
    emu = Emulator(log_path=tmp_path_factory.mktemp("e2e") / "emulator.log")
    emu.start()
    try:
        yield emu
    finally:
        emu.stop()


@pytest.fixture(scope="session")
def bridge(emulator: Emulator) -> Iterator[Bridge]:
    """The Bot API bridge the bot talks to; tests are isolated by using one token per bot."""
    proxy = Bridge(emulator.url)
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.stop()


@pytest.fixture
def start_bot(request: pytest.FixtureRequest, bridge: Bridge, tmp_path: Path) -> Iterator[StartBot]:
    """Factory that starts a bot process (default `python -m bot run`) and waits until it polls."""
    bots: list[BotProcess] = []
    request.node.stash[_BOTS] = bots

    def _start(
        *,
        database_url: str | None = None,
        command: Sequence[str] | None = None,
        extra_env: Mapping[str, str] | None = None,
        token: str | None = None,
        wait_polling: bool = True,
        timeout: float = 20.0,
    ) -> BotProcess:
        index = len(bots)
        bot = BotProcess(
            token=token or make_token(),
            api_base_url=bridge.base_url,
            database_url=database_url or f"sqlite+aiosqlite:///{tmp_path / f'bot{index}.sqlite3'}",
            log_path=tmp_path / f"bot{index}.log",
            extra_env=extra_env,
            command=command,
        )
        bots.append(bot)
        bot.start()
        if wait_polling:
            bot.wait_until_polling(bridge, timeout)
        return bot

    yield _start
    for bot in bots:
        bot.stop()


@pytest.fixture
def new_chat(request: pytest.FixtureRequest, emulator: Emulator) -> NewChat:
    """Factory for simulated people: new_chat(bot, user_id=..., first_name=...)."""
    chats: list[ChatClient] = []
    request.node.stash[_CHATS] = chats

    def _new(
        bot: BotProcess, *, user_id: int, first_name: str = "Alice", **kwargs: object
    ) -> ChatClient:
        chat = ChatClient(emulator, bot.token, user_id=user_id, first_name=first_name, **kwargs)  # type: ignore[arg-type]
        chats.append(chat)
        return chat

    return _new


def onboard(chat: ChatClient, city: str, time_button: str) -> None:
    """/start, a city, a time button: set up, as any person would."""
    chat.send_command("/start")
    chat.wait_for_message("your time zone")
    chat.send_text(city)
    chat.wait_for_message("When should I check in")
    chat.press_button(time_button)
    chat.wait_for_message("all set")
