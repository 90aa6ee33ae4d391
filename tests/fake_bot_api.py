"""A Bot API over HTTP on 127.0.0.1 that answers instantly, for tests of the real `unsent run`."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qsl

from bot.console.local_api import LocalBotApi


class FakeBotApi:
    """Serves /bot<token>/<method>; records (method, params) of every call."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self._api = LocalBotApi()
        self._lock = threading.Lock()
        self.first_call = threading.Event()
        self.polled = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                if self.headers.get("Content-Type", "").startswith("application/json"):
                    params = json.loads(body or "{}")
                else:
                    params = dict(parse_qsl(body))
                method = self.path.rsplit("/", 1)[-1]
                with fake._lock:
                    fake.calls.append((method, params))
                    result, _ = fake._api.respond(method, params)
                fake.first_call.set()
                if method == "getUpdates":
                    fake.polled.set()
                payload = json.dumps({"ok": True, "result": result}).encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the bot stopped mid long-poll

            def log_message(self, *_: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        """What TELEGRAM_API_BASE_URL should be."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/bot"

    def methods(self) -> list[str]:
        """The methods called so far, in order."""
        with self._lock:
            return [method for method, _ in self.calls]

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._server.shutdown()
        self._server.server_close()
