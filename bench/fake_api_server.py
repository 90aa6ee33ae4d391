"""A fast stand-alone fake Telegram Bot API server for benchmarks (standard library only).

Usage: python -m bench.fake_api_server --port P [--enforce-rate 30] [--stats-file F]

Answers ``/bot<token>/<method>`` instantly (getUpdates waits min(timeout, 1) s and returns []),
counts sendMessage calls, optionally rejects sendMessage above N per sliding second with HTTP 429
and counts (never rejects) more than one sendMessage per second to the same chat. ``GET /stats``
returns the figures, ``POST /reset`` zeroes them, SIGTERM/SIGINT writes them to --stats-file.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import signal
import time
from collections import deque
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

JSON = dict[str, Any]

BOT_ID = 123456789
REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 429: "Too Many Requests"}
TOO_MANY: JSON = {
    "ok": False,
    "error_code": 429,
    "description": "Too Many Requests: retry after 1",
    "parameters": {"retry_after": 1},
}


class Stats:
    """sendMessage counters, the global sliding window and per-chat last-send times."""

    def __init__(self, enforce_rate: int | None) -> None:
        """Start empty; enforce_rate=None only counts."""
        self.enforce_rate = enforce_rate
        self.reset()

    def reset(self) -> None:
        """Zero every counter."""
        self.sent = 0
        self.rejected_429 = 0
        self.per_chat_violations = 0
        self.max_in_one_second = 0
        self.requests: dict[str, int] = {}
        self.first_mono: float | None = None
        self.last_mono: float | None = None
        self.first_wall: float | None = None
        self.last_wall: float | None = None
        self.window: deque[float] = deque()
        self.last_send_to: dict[object, float] = {}
        self.next_message_id = 1

    def admit_send(self, chat_id: object) -> bool:
        """Record one sendMessage; False when it must be answered with 429."""
        now = time.monotonic()
        window = self.window
        while window and now - window[0] >= 1.0:
            window.popleft()
        if self.enforce_rate is not None and len(window) >= self.enforce_rate:
            self.rejected_429 += 1
            return False
        window.append(now)
        self.max_in_one_second = max(self.max_in_one_second, len(window))
        previous = self.last_send_to.get(chat_id)
        if previous is not None and now - previous < 1.0:
            self.per_chat_violations += 1
        self.last_send_to[chat_id] = now
        self.sent += 1
        if self.first_mono is None:
            self.first_mono, self.first_wall = now, time.time()
        self.last_mono, self.last_wall = now, time.time()
        return True

    def as_json(self) -> JSON:
        """The figures as a JSON-ready dict."""
        duration = 0.0
        if self.first_mono is not None and self.last_mono is not None:
            duration = self.last_mono - self.first_mono
        return {
            "enforce_rate": self.enforce_rate,
            "sent": self.sent,
            "rejected_429": self.rejected_429,
            "per_chat_violations": self.per_chat_violations,
            "max_in_one_second": self.max_in_one_second,
            "first_send_monotonic": self.first_mono,
            "last_send_monotonic": self.last_mono,
            "first_send_wall": self.first_wall,
            "last_send_wall": self.last_wall,
            "duration_s": duration,
            # Intervals between sends over their span: N sends over d seconds is (N - 1) / d.
            "messages_per_second": (self.sent - 1) / duration if duration > 0 else None,
            "requests": dict(self.requests),
        }


def _chat_id(value: object) -> int | str:
    """A chat id as an int when it is one, else the raw string (e.g. @channel)."""
    try:
        return int(str(value))
    except ValueError:
        return str(value)


class FakeApi:
    """Routes Bot API methods to canned answers."""

    def __init__(self, stats: Stats, bot_id: int = BOT_ID) -> None:
        """Keep the shared stats."""
        self.stats = stats
        self.bot: JSON = {
            "id": bot_id,
            "is_bot": True,
            "first_name": "Bench Bot",
            "username": "bench_bot",
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _message(self, params: JSON, message_id: int | None = None) -> JSON:
        """A private-chat Message from the bot echoing the text."""
        chat = _chat_id(params.get("chat_id", 0))
        if message_id is None:
            message_id = self.stats.next_message_id
            self.stats.next_message_id += 1
        message: JSON = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat if isinstance(chat, int) else 0, "type": "private"},
            "from": self.bot,
        }
        if "text" in params:
            message["text"] = str(params["text"])
        markup = params.get("reply_markup")
        if isinstance(markup, str) and markup.startswith("{"):
            with contextlib.suppress(ValueError):
                message["reply_markup"] = json.loads(markup)
        elif isinstance(markup, dict):
            message["reply_markup"] = markup
        return message

    async def call(self, method: str, params: JSON) -> tuple[int, JSON]:
        """Answer one Bot API method: (HTTP status, body)."""
        name = method.lower()
        counts = self.stats.requests
        counts[method] = counts.get(method, 0) + 1
        if name == "sendmessage":
            if not self.stats.admit_send(_chat_id(params.get("chat_id", 0))):
                return 429, TOO_MANY
            return 200, {"ok": True, "result": self._message(params)}
        if name == "getme":
            return 200, {"ok": True, "result": self.bot}
        if name in {"editmessagetext", "editmessagereplymarkup"}:
            if "inline_message_id" in params:
                return 200, {"ok": True, "result": True}
            message_id = int(str(params.get("message_id", 1)))
            return 200, {"ok": True, "result": self._message(params, message_id)}
        if name == "getupdates":
            try:
                timeout = float(str(params.get("timeout", 0)))
            except ValueError:
                timeout = 0.0
            if timeout > 0:
                await asyncio.sleep(min(timeout, 1.0))
            return 200, {"ok": True, "result": []}
        return 200, {"ok": True, "result": True}


def _parse_body(content_type: str, body: bytes) -> JSON:
    """Parameters from a JSON or form-encoded body (anything else gives {})."""
    if not body:
        return {}
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind == "application/json":
        loaded = json.loads(body)
        return loaded if isinstance(loaded, dict) else {}
    if kind == "application/x-www-form-urlencoded":
        return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    return {}


def _response(status: int, payload: JSON, keep_alive: bool) -> bytes:
    """One serialized HTTP/1.1 response."""
    body = json.dumps(payload, separators=(",", ":")).encode()
    head = (
        f"HTTP/1.1 {status} {REASONS.get(status, 'Error')}\r\n"
        "Content-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n"
        f"Connection: {'keep-alive' if keep_alive else 'close'}\r\n\r\n"
    )
    return head.encode("latin-1") + body


class Server:
    """A minimal HTTP/1.1 keep-alive server in front of FakeApi."""

    def __init__(self, api: FakeApi) -> None:
        """Serve the given API."""
        self.api = api

    async def route(self, verb: str, target: str, params: JSON) -> tuple[int, JSON]:
        """Dispatch one request by path."""
        path = urlsplit(target).path
        if path == "/stats" and verb == "GET":
            return 200, self.api.stats.as_json()
        if path == "/reset" and verb == "POST":
            self.api.stats.reset()
            return 200, {"ok": True, "result": True}
        parts = path.strip("/").split("/")
        if len(parts) == 2 and parts[0].startswith("bot") and parts[1]:
            return await self.api.call(parts[1], params)
        return 404, {"ok": False, "error_code": 404, "description": "Not Found"}

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Serve requests on one connection until the client closes it."""
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                lines = head.decode("latin-1").split("\r\n")
                verb, target, version = lines[0].split(" ", 2)
                headers: dict[str, str] = {}
                for line in lines[1:]:
                    if line:
                        key, _, value = line.partition(":")
                        headers[key.strip().lower()] = value.strip()
                length = int(headers.get("content-length", "0"))
                body = await reader.readexactly(length) if length else b""
                query = urlsplit(target).query
                params: JSON = dict(parse_qsl(query)) if query else {}
                try:
                    params.update(_parse_body(headers.get("content-type", ""), body))
                    status, payload = await self.route(verb, target, params)
                except ValueError as error:
                    status = 400
                    payload = {"ok": False, "error_code": 400, "description": str(error)}
                connection = headers.get("connection", "").lower()
                keep_alive = connection != "close" and (
                    version == "HTTP/1.1" or connection == "keep-alive"
                )
                writer.write(_response(status, payload, keep_alive))
                await writer.drain()
                if not keep_alive:
                    return
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            return  # client went away, or a request line / header we cannot read
        finally:
            writer.close()


async def serve(port: int, enforce_rate: int | None) -> JSON:
    """Listen until SIGTERM/SIGINT; return the final stats."""
    stats = Stats(enforce_rate)
    server = Server(FakeApi(stats))
    listener = await asyncio.start_server(server.handle, "127.0.0.1", port, backlog=1024)
    bound = listener.sockets[0].getsockname()[1]
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print(f"ready {bound}", flush=True)
    await stop.wait()
    listener.close()
    return stats.as_json()


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and run the server."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--enforce-rate", type=int, default=None, metavar="N")
    parser.add_argument("--stats-file", type=Path, default=None)
    args = parser.parse_args(argv)
    final = asyncio.run(serve(args.port, args.enforce_rate))
    if args.stats_file is not None:
        args.stats_file.write_text(json.dumps(final, indent=2) + "\n")


if __name__ == "__main__":
    main()
