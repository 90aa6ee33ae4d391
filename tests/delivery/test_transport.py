"""The HTTP transport: JSON bodies that the Bot API reads, PTB's errors, pools shared fairly."""

from __future__ import annotations

import asyncio
import socket
import ssl
import threading
from collections.abc import Iterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import NetworkError, TimedOut

from bot.delivery.transport import JsonHTTPXRequest, ShardedRequest
from bot.eventloop import use_fast_event_loop
from tests.fake_bot_api import FakeBotApi

TOKEN = "123456:AAH-transport-test-token-000000000000"


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A server on 127.0.0.1 that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join(2)
    for connection in held:
        connection.close()
    server.close()


async def test_messages_go_as_json_with_their_buttons_and_emoji() -> None:
    """A message with a keyboard arrives whole: the body is JSON, not a form."""
    with FakeBotApi() as api:
        request = ShardedRequest(shards=2, per_shard=2)
        bot = Bot(TOKEN, base_url=api.base_url, request=request, get_updates_request=request)
        async with bot:
            markup = InlineKeyboardMarkup(
                [[InlineKeyboardButton("5 😊", callback_data="ci:1:m:5")]]
            )
            sent = await bot.send_message(42, "<b>Día 12</b> 🌱 & more", reply_markup=markup)
        assert sent.message_id > 0
        method, params = api.calls[-1]
        assert method == "sendMessage"
        assert params["reply_markup"] == {
            "inline_keyboard": [[{"text": "5 😊", "callback_data": "ci:1:m:5"}]]
        }
        assert params["chat_id"] == 42
        assert params["text"] == "<b>Día 12</b> 🌱 & more"


async def test_nothing_listening_is_a_network_error() -> None:
    """Connection refused maps to PTB's NetworkError (the engine retries those)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    request = JsonHTTPXRequest(connection_pool_size=1)
    bot = Bot(TOKEN, base_url=f"http://127.0.0.1:{port}/bot", request=request)
    await request.initialize()
    with pytest.raises(NetworkError) as caught:
        await bot.send_message(1, "hello")
    assert not isinstance(caught.value, TimedOut)
    await request.shutdown()


async def test_no_answer_is_a_timeout_and_pools_share_the_load(silent_port: int) -> None:
    """Eight sends in flight over four pools of two: two per pool, then TimedOut each."""
    request = ShardedRequest(shards=4, per_shard=2, read_timeout=1.0)
    bot = Bot(TOKEN, base_url=f"http://127.0.0.1:{silent_port}/bot", request=request)
    await request.initialize()
    sends = [asyncio.create_task(bot.send_message(i, "hello")) for i in range(8)]
    await asyncio.sleep(0.3)
    assert request.in_flight == (2, 2, 2, 2)
    results = await asyncio.gather(*sends, return_exceptions=True)
    assert all(isinstance(r, TimedOut) for r in results)
    assert request.in_flight == (0, 0, 0, 0)
    await request.shutdown()


def test_the_pools_share_one_tls_context_that_verifies() -> None:
    """Reading the certificate store once, not once per pool (start-up), still verifying."""
    request = ShardedRequest(shards=3, per_shard=1)
    contexts = [shard._client_kwargs["verify"] for shard in request._shards]
    assert all(context is contexts[0] for context in contexts)
    assert isinstance(contexts[0], ssl.SSLContext)
    assert contexts[0].verify_mode is ssl.CERT_REQUIRED
    assert contexts[0].check_hostname


def test_bad_sizes_are_refused() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        ShardedRequest(shards=0)


def test_the_fast_event_loop_is_used_where_installed() -> None:
    """`unsent run` and `unsent deliver` run on uvloop here (it is in the lock file)."""
    import uvloop

    previous = asyncio.get_event_loop_policy()
    try:
        assert use_fast_event_loop() == "uvloop"
        loop = asyncio.new_event_loop()
        assert isinstance(loop, uvloop.Loop)
        loop.close()
    finally:
        asyncio.set_event_loop_policy(previous)
