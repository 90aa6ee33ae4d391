"""End-to-end harness: the telegram-test-api emulator, a PTB 22 bridge, the bot process and
simulated people.

Topology (all on 127.0.0.1)::

    bot subprocess --Bot API--> Bridge (this module) --> telegram-test-api (node, emulator.mjs)
    ChatClient (the test, as a person) --client API--> telegram-test-api

The emulator (telegram-test-api 4.2.1, read from node_modules/telegram-test-api/lib) speaks:
  bot side:    /bot<token>/{getMe,getUpdates,sendMessage,editMessageText,editMessageReplyMarkup,
               answerCallbackQuery,deleteMessage,setWebhook,deleteWebhook};
               anything else -> HTTP 500.
  client side: POST /sendMessage, /sendCommand, /sendCallback (JSON bodies carrying `botToken`),
               POST /getUpdates (destructive, per chat) and /getUpdatesHistory (non-destructive,
               every user and bot message for one token, in creation order).
"""

from __future__ import annotations

import contextlib
import ctypes
import email.parser
import email.policy
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import parse_qsl, urlsplit

import httpx

E2E_DIR = Path(__file__).resolve().parent
REPO_ROOT = E2E_DIR.parents[1]
EMULATOR_SCRIPT = E2E_DIR / "emulator.mjs"
EMULATOR_PACKAGE = E2E_DIR / "node_modules" / "telegram-test-api" / "package.json"
HOST = "127.0.0.1"
POLL_INTERVAL = 0.05
MAX_LONG_POLL = 10.0
BOT_FIRST_NAME = "Test First name"  # what the emulator's getMe answers
BOT_USERNAME = "TestNameBot"

JsonDict = dict[str, Any]
MessageMatch = str | Callable[[JsonDict], bool]

# Request parameters PTB sends JSON-encoded inside form fields.
_JSON_PARAMS = frozenset(
    {
        "reply_markup",
        "entities",
        "caption_entities",
        "link_preview_options",
        "reply_parameters",
        "media",
        "options",
        "allowed_updates",
        "commands",
        "scope",
    }
)
_DATE_KEYS = frozenset({"date", "edit_date", "forward_date"})


class EmulatorNotInstalledError(RuntimeError):
    """Raised when tests/e2e/node_modules is missing."""


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def make_token() -> str:
    """Return a fresh, well-formed bot token whose numeric prefix is the bot's user id."""
    return f"{1_000_000 + secrets.randbelow(8_999_999)}:AA{secrets.token_urlsafe(32)[:33]}"


def bot_id_from_token(token: str) -> int:
    """Return the bot's user id, i.e. the token's numeric prefix."""
    return int(token.split(":", 1)[0])


def button_texts(message: JsonDict) -> list[str]:
    """Return the texts of a bot message's inline buttons, row by row."""
    markup = message.get("reply_markup") or {}
    return [b.get("text", "") for row in markup.get("inline_keyboard") or [] for b in row]


def _die_with_parent() -> None:
    """In a child process on Linux: SIGTERM when the test process dies, so no bot outlives it."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG


def _tail(path: Path, max_chars: int = 6000) -> str:
    """Return the end of a text file (for failure diagnostics only)."""
    try:
        return path.read_text(errors="replace")[-max_chars:]
    except FileNotFoundError:
        return "<no log file>"


def _seconds(value: Any) -> Any:
    """Turn a millisecond timestamp into seconds; leave anything else alone."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 10**11:
        return int(value) // 1000
    return value


def _clean(obj: Any) -> Any:
    """Recursively convert every date to seconds and drop the emulator's `botToken` fields."""
    if isinstance(obj, list):
        return [_clean(item) for item in obj]
    if isinstance(obj, dict):
        return {
            key: _seconds(value) if key in _DATE_KEYS else _clean(value)
            for key, value in obj.items()
            if key != "botToken"
        }
    return obj


def _decode(key: str, value: Any) -> Any:
    """Decode a JSON-encoded request parameter, if it is one."""
    if key in _JSON_PARAMS and isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _int(value: Any, default: int) -> int:
    """Parse an int request parameter."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _parse_params(content_type: str, raw: bytes, query: str) -> dict[str, str]:
    """Parse a Bot API request's parameters (query, form, JSON or multipart) into strings."""
    params: dict[str, str] = dict(parse_qsl(query, keep_blank_values=True))
    ctype = content_type.split(";", maxsplit=1)[0].strip().lower()
    if not raw:
        return params
    if ctype == "application/json":
        for key, value in json.loads(raw).items():
            params[key] = value if isinstance(value, str) else json.dumps(value)
    elif ctype == "multipart/form-data":
        head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
        parsed = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + raw)
        for part in parsed.iter_parts():
            name = part.get_param("name", header="content-disposition")
            filename = part.get_filename()
            if not name:
                continue
            if filename:
                params[str(name)] = f"<file {filename}>"
            else:
                payload = part.get_payload(decode=True) or b""
                params[str(name)] = payload.decode("utf-8", errors="replace")
    else:
        params.update(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
    return params


class Emulator:
    """The telegram-test-api node process, listening on 127.0.0.1."""

    def __init__(self, log_path: Path, port: int | None = None) -> None:
        self.log_path = log_path
        self._fixed_port = port
        self.port = port or 0
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: BinaryIO | None = None
        self._http = httpx.Client(timeout=10.0, trust_env=False)

    @property
    def url(self) -> str:
        """Base URL of the emulator."""
        return f"http://{HOST}:{self.port}"

    def start(self, timeout: float = 20.0) -> None:
        """Start node on a free port and wait until the emulator answers."""
        if not EMULATOR_PACKAGE.is_file():
            raise EmulatorNotInstalledError(
                f"telegram-test-api is not installed in {E2E_DIR / 'node_modules'}; "
                "run `npm ci --prefix tests/e2e` from the repository root first"
            )
        node = shutil.which("node")
        if node is None:
            raise EmulatorNotInstalledError(
                "`node` is not on PATH; the e2e tests need Node.js >= 18"
            )
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "ab")  # noqa: SIM115 (kept open while the process runs)
        for _attempt in range(3):
            self.port = self._fixed_port or free_port()
            self._proc = subprocess.Popen(
                [node, str(EMULATOR_SCRIPT), str(self.port)],
                cwd=E2E_DIR,
                stdin=subprocess.PIPE,
                stdout=self._log,
                stderr=subprocess.STDOUT,
            )
            if self._wait_ready(timeout):
                return
            self._terminate()  # most likely the port was taken meanwhile: try another one
            if self._fixed_port:
                break
        self.stop()
        raise RuntimeError(f"telegram-test-api did not start; its log:\n{_tail(self.log_path)}")

    def _wait_ready(self, timeout: float) -> bool:
        """Poll the emulator until it answers; False if node exited or time ran out."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self._proc is not None
            if self._proc.poll() is not None:
                return False
            try:
                self.history("0:readiness-probe")
                return True
            except httpx.HTTPError:
                time.sleep(POLL_INTERVAL)
        return False

    def _terminate(self) -> None:
        """End the node process (SIGTERM, then kill)."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=5)
        if proc.stdin is not None:
            proc.stdin.close()

    def stop(self) -> None:
        """Stop node and release the log file and HTTP client."""
        self._terminate()
        if self._log is not None:
            self._log.close()
            self._log = None
        self._http.close()

    def post(self, route: str, payload: JsonDict) -> Any:
        """Call one of the emulator's client routes and return its `result`."""
        response = self._http.post(f"{self.url}/{route.lstrip('/')}", json=payload)
        response.raise_for_status()
        body = response.json()
        if not body.get("ok"):
            raise RuntimeError(f"emulator /{route} answered {body!r}")
        return body.get("result")

    def history(self, token: str) -> list[JsonDict]:
        """Every stored user and bot message for one bot token, in creation order."""
        return list(self.post("getUpdatesHistory", {"token": token}) or [])

    def __enter__(self) -> Emulator:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class _BridgeHandler(BaseHTTPRequestHandler):
    """Serves /bot<token>/<method> for the bot by delegating to its Bridge."""

    protocol_version = "HTTP/1.1"
    bridge: Bridge

    def do_POST(self) -> None:
        """Handle a Bot API request."""
        url = urlsplit(self.path)
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        match = re.fullmatch(r"/bot([^/]+)/([A-Za-z]+)", url.path)
        if match is None:
            self._reply(404, {"ok": False, "error_code": 404, "description": "Not Found"})
            return
        token, method = match.groups()
        try:
            params = _parse_params(self.headers.get("Content-Type", ""), raw, url.query)
            status, body = self.bridge.handle(token, method, params)
        except httpx.HTTPError as exc:
            status, body = (
                502,
                {"ok": False, "error_code": 502, "description": f"Bad Gateway: {exc!r}"},
            )
        except Exception as exc:  # a harness bug: record it so the test can fail loudly
            self.bridge.errors.append(f"{method}: {exc!r}")
            status, body = (
                500,
                {"ok": False, "error_code": 500, "description": f"bridge error: {exc!r}"},
            )
        self._reply(status, body)

    do_GET = do_POST  # noqa: N815 (http.server's naming)

    def _reply(self, status: int, body: JsonDict) -> None:
        """Send a JSON response; the bot may already have hung up (cancelled long poll)."""
        data = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: request lines carry the token."""


class Bridge:
    """Bot API proxy between the bot and the emulator that fills the emulator's gaps for PTB 22.

    Bridges (each observed against telegram-test-api 4.2.1):
      * getMe: the emulator answers {username, first_name, id: 666} without `is_bot`, which PTB's
        `User` requires. Add is_bot and the getMe-only capability flags; use the token's numeric
        prefix as id (as Telegram does) so `bot.id` matches `from.id` of the bot's messages.
      * getUpdates: the emulator ignores `offset`, `limit` and `timeout`: it returns every unread
        update at once, marks them read, and never waits. The bridge keeps a per-token queue with
        Telegram's semantics (updates stay until confirmed by a larger offset, so nothing is lost
        across a bot restart; `limit` honoured) and long-polls the emulator every 50 ms for up to
        min(timeout, 10) s instead of letting PTB spin. Updates are cleaned: dates in seconds,
        `botToken` dropped, and callback queries get the `chat_instance` PTB requires (the
        emulator only copies id/from/message/data).
      * deleteWebhook(drop_pending_updates=true): the emulator ignores the flag; the bridge drains
        and drops the pending updates itself.
      * sendMessage: the emulator returns the request body spread into the message, `date` in
        milliseconds, no `from`, and chat.first_name "Bot". The bridge rebuilds a clean Message:
        date in seconds, from = the bot, the chat as seen in the user's updates, and only
        text/entities/inline reply_markup (a spread `link_preview_options` JSON string would crash
        PTB's de_json). Reply keyboards are stored by the emulator but, as on Telegram, not
        returned in the Message.
      * editMessageText / editMessageReplyMarkup: the emulator answers `result: null` (PTB
        expects the edited Message) and merges the request into the stored message, so an edit
        without reply_markup kept the old inline keyboard (Telegram removes it), and
        editMessageReplyMarkup without reply_markup was ignored. The bridge sends an empty
        inline keyboard in those cases, stamps `edit_date`, and answers with the edited Message
        read back from the emulator's history (400 "message to edit not found" if missing).
        Inline-mode edits (inline_message_id) are answered `true` without storing anything.
      * other editMessage* methods (caption, live location, media) are unknown to the emulator;
        they are merged into the stored message through its editMessageText route.
      * answerCallbackQuery: the emulator answers `result: null`; Telegram answers true.
      * deleteMessage: the emulator's ids collide (a callback query takes the id of the next bot
        message), so its delete may remove the callback record instead of the bot message; the
        bridge repeats it (at most 3 times) until the bot message is gone. Result true.
      * send* methods other than sendMessage (sendLocation, sendPhoto, ...) are unknown to the
        emulator (HTTP 500). The bridge stores them through its sendMessage route with a
        `bridge_method` field, so the person sees them, and answers a Message (with `location`
        for sendLocation/sendVenue). Uploaded files become "<file NAME>" placeholders.
      * Everything else the emulator does not know (setMyCommands, sendChatAction, getChat,
        getWebhookInfo, getMyCommands, ...) is answered locally by the bridge: a fitting result
        from _LOCAL_RESULTS, or `true`.
    """

    _LOCAL_RESULTS: Mapping[str, Any] = {
        "getMyCommands": [],
        "getMyName": {"name": BOT_FIRST_NAME},
        "getMyDescription": {"description": ""},
        "getMyShortDescription": {"short_description": ""},
        "getChatMenuButton": {"type": "default"},
    }
    _EMULATOR_ROUTES = frozenset({"setWebhook"})

    def __init__(self, emulator_url: str, port: int = 0) -> None:
        self.emulator_url = emulator_url.rstrip("/")
        self.errors: list[str] = []
        self._port = port
        self._http = httpx.Client(timeout=15.0, trust_env=False)
        self._lock = threading.Lock()
        self._pending: dict[str, list[JsonDict]] = {}
        self._chats: dict[int, JsonDict] = {}
        self._calls: list[tuple[str, str]] = []
        self._last_call: dict[tuple[str, str], float] = {}
        self._stopping = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """Port the bridge listens on."""
        assert self._server is not None, "bridge not started"
        return int(self._server.server_address[1])

    @property
    def base_url(self) -> str:
        """PTB `base_url` (PTB appends `<token>/<method>`)."""
        return f"http://{HOST}:{self.port}/bot"

    def start(self) -> None:
        """Listen on 127.0.0.1 in a background thread (one thread per request)."""
        handler = type("Handler", (_BridgeHandler,), {"bridge": self})
        self._server = ThreadingHTTPServer((HOST, self._port), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, name="e2e-bridge", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop listening and end pending long polls."""
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._http.close()

    def calls(self, token: str | None = None) -> list[str]:
        """Bot API methods called so far (getUpdates excluded), optionally for one token."""
        with self._lock:
            return [m for t, m in self._calls if token is None or t == token]

    def last_call(self, token: str, method: str) -> float | None:
        """time.monotonic() of the latest call of `method` by `token`, if any."""
        with self._lock:
            return self._last_call.get((token, method))

    def handle(self, token: str, method: str, params: dict[str, str]) -> tuple[int, JsonDict]:
        """Answer one Bot API call: (HTTP status, JSON body)."""
        with self._lock:
            self._last_call[(token, method)] = time.monotonic()
            if method != "getUpdates":
                self._calls.append((token, method))
        if method == "getUpdates":
            return 200, {"ok": True, "result": self._get_updates(token, params)}
        if method == "getMe":
            return self._get_me(token)
        if method == "deleteWebhook":
            return self._delete_webhook(token, params)
        if method == "sendMessage":
            return self._send(token, "sendMessage", params)
        if method.startswith("send") and method != "sendChatAction":
            return self._send(token, method, {**params, "bridge_method": method})
        if method.startswith("editMessage") or method == "stopMessageLiveLocation":
            return self._edit(token, method, params)
        if method == "answerCallbackQuery":
            status, body = self._forward(token, method, params)
            return status, {"ok": True, "result": True} if body.get("ok") else body
        if method == "deleteMessage":
            return self._delete_message(token, params)
        if method in self._EMULATOR_ROUTES:
            return self._forward(token, method, params)
        return 200, {"ok": True, "result": self._local_result(token, method, params)}

    def _forward(self, token: str, method: str, params: Mapping[str, str]) -> tuple[int, JsonDict]:
        """Send a bot call to the emulator as a form; map its 500 {message} errors to API errors."""
        response = self._http.post(f"{self.emulator_url}/bot{token}/{method}", data=dict(params))
        body = response.json()
        if response.status_code != 200 or "ok" not in body:
            return 400, {
                "ok": False,
                "error_code": 400,
                "description": f"Bad Request: {body.get('message', body)}",
            }
        return 200, body

    def _history(self, token: str) -> list[JsonDict]:
        """The emulator's history for one token."""
        response = self._http.post(f"{self.emulator_url}/getUpdatesHistory", json={"token": token})
        response.raise_for_status()
        return list(response.json().get("result") or [])

    def _find_bot_message(self, token: str, chat_id: str, message_id: str) -> JsonDict | None:
        """The emulator's stored record of one bot message, if it still exists."""
        for entry in self._history(token):
            stored = entry.get("message") or {}
            if (
                "callbackQuery" not in entry
                and "chat_id" in stored
                and str(entry.get("messageId")) == str(message_id)
                and str(stored.get("chat_id")) == str(chat_id)
            ):
                return entry
        return None

    def _bot_user(self, token: str) -> JsonDict:
        """The bot as a Bot API User."""
        return {
            "id": bot_id_from_token(token),
            "is_bot": True,
            "first_name": BOT_FIRST_NAME,
            "username": BOT_USERNAME,
        }

    def _chat(self, chat_id: Any) -> JsonDict:
        """The chat as last seen in the user's updates (or a bare private chat)."""
        cid = _int(chat_id, 0)
        with self._lock:
            return dict(self._chats.get(cid) or {"id": cid, "type": "private"})

    def _as_message(
        self, token: str, body: Mapping[str, Any], message_id: Any, date: Any
    ) -> JsonDict:
        """Build a clean Bot API Message from what the bot sent (and the emulator stored)."""
        msg: JsonDict = {
            "message_id": _int(message_id, 0),
            "from": self._bot_user(token),
            "chat": self._chat(body.get("chat_id")),
            "date": _seconds(_int(date, int(time.time()))),
        }
        for key in ("text", "caption"):
            if body.get(key) is not None:
                msg[key] = str(body[key])
        for key in ("entities", "caption_entities"):
            value = _decode(key, body.get(key))
            if isinstance(value, list) and value:
                msg[key] = value
        markup = _decode("reply_markup", body.get("reply_markup"))
        if isinstance(markup, dict) and markup.get("inline_keyboard"):
            msg["reply_markup"] = markup
        if body.get("edit_date") is not None:
            msg["edit_date"] = _int(body["edit_date"], int(time.time()))
        if body.get("latitude") is not None and body.get("longitude") is not None:
            msg["location"] = {
                "latitude": float(body["latitude"]),
                "longitude": float(body["longitude"]),
            }
        return msg

    def _get_me(self, token: str) -> tuple[int, JsonDict]:
        """getMe with the fields PTB 22 needs."""
        status, body = self._forward(token, "getMe", {})
        if not body.get("ok"):
            return status, body
        me = {
            **body["result"],
            **self._bot_user(token),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }
        return 200, {"ok": True, "result": me}

    def _drain(self, token: str) -> None:
        """Move the emulator's unread updates for `token` into the bridge's queue."""
        status, body = self._forward(token, "getUpdates", {})
        fresh = [self._clean_update(u) for u in body.get("result") or []] if status == 200 else []
        with self._lock:
            pending = self._pending.setdefault(token, [])
            known = {u["update_id"] for u in pending}
            pending.extend(u for u in fresh if u["update_id"] not in known)
            pending.sort(key=lambda u: u["update_id"])

    def _clean_update(self, update: JsonDict) -> JsonDict:
        """Dates in seconds, no botToken, chat_instance on callback queries; remember chats."""
        update = _clean(update)
        query = update.get("callback_query")
        message = update.get("message") or (query or {}).get("message")
        if query is not None:
            chat_id = ((query.get("message") or {}).get("chat") or {}).get(
                "id", query["from"]["id"]
            )
            query.setdefault("chat_instance", f"e2e-{chat_id}")
            if query.get("message") is not None:
                query["message"].setdefault("date", int(time.time()))
        if (
            message is not None
            and isinstance(message.get("chat"), dict)
            and "id" in message["chat"]
        ):
            with self._lock:
                self._chats[int(message["chat"]["id"])] = dict(message["chat"])
        return update

    def _get_updates(self, token: str, params: Mapping[str, str]) -> list[JsonDict]:
        """Telegram-like getUpdates: offset confirms, limit caps, timeout long-polls."""
        offset = _int(params.get("offset"), 0)
        limit = min(max(_int(params.get("limit"), 100), 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        deadline = time.monotonic() + min(timeout, MAX_LONG_POLL)
        while True:
            self._drain(token)
            with self._lock:
                pending = self._pending.setdefault(token, [])
                if offset > 0:
                    pending[:] = [u for u in pending if u["update_id"] >= offset]
                elif offset < 0:
                    pending[:] = pending[offset:]
                batch = pending[:limit]
            if batch or time.monotonic() >= deadline or self._stopping.is_set():
                return batch
            time.sleep(POLL_INTERVAL)

    def _delete_webhook(self, token: str, params: Mapping[str, str]) -> tuple[int, JsonDict]:
        """deleteWebhook, honouring drop_pending_updates."""
        status, body = self._forward(token, "deleteWebhook", params)
        if not body.get("ok"):
            return status, body
        if str(params.get("drop_pending_updates", "")).lower() == "true":
            self._drain(token)
            with self._lock:
                self._pending[token] = []
        return 200, {"ok": True, "result": True}

    def _send(
        self,
        token: str,
        method: str,  # noqa: ARG002 (same signature as the other handlers in the dispatch table)
        params: Mapping[str, str],
    ) -> tuple[int, JsonDict]:
        """Store any send* call through the emulator's sendMessage and answer a clean Message."""
        if not params.get("chat_id"):
            return 400, {
                "ok": False,
                "error_code": 400,
                "description": "Bad Request: chat_id is empty",
            }
        status, body = self._forward(token, "sendMessage", params)
        if not body.get("ok"):
            return status, body
        result = body["result"]
        return 200, {
            "ok": True,
            "result": self._as_message(token, params, result["message_id"], result["date"]),
        }

    def _edit(self, token: str, method: str, params: Mapping[str, str]) -> tuple[int, JsonDict]:
        """Apply an edit in the emulator and answer the edited Message."""
        if params.get("inline_message_id"):
            return 200, {"ok": True, "result": True}
        edit = dict(params)
        edit.setdefault("reply_markup", json.dumps({"inline_keyboard": []}))
        if method == "editMessageText":
            edit.setdefault("entities", "[]")
        edit["edit_date"] = str(int(time.time()))
        route = (
            method if method in ("editMessageText", "editMessageReplyMarkup") else "editMessageText"
        )
        status, body = self._forward(token, route, edit)
        if not body.get("ok"):
            return status, body
        entry = self._find_bot_message(token, edit.get("chat_id", ""), edit.get("message_id", ""))
        if entry is None:
            return 400, {
                "ok": False,
                "error_code": 400,
                "description": "Bad Request: message to edit not found",
            }
        return 200, {
            "ok": True,
            "result": self._as_message(token, entry["message"], entry["messageId"], entry["time"]),
        }

    def _delete_message(self, token: str, params: Mapping[str, str]) -> tuple[int, JsonDict]:
        """deleteMessage that survives the emulator's id collisions."""
        status, body = self._forward(token, "deleteMessage", params)
        if not body.get("ok"):
            return status, body
        for _ in range(2):
            if (
                self._find_bot_message(
                    token, params.get("chat_id", ""), params.get("message_id", "")
                )
                is None
            ):
                break
            self._forward(token, "deleteMessage", params)
        return 200, {"ok": True, "result": True}

    def _local_result(self, token: str, method: str, params: Mapping[str, str]) -> Any:
        """Result for a method the emulator does not implement."""
        if method == "getWebhookInfo":
            with self._lock:
                count = len(self._pending.get(token, []))
            return {"url": "", "has_custom_certificate": False, "pending_update_count": count}
        if method == "getChat":
            gifts = dict.fromkeys(
                (
                    "unlimited_gifts",
                    "limited_gifts",
                    "unique_gifts",
                    "premium_subscription",
                    "gifts_from_channels",
                ),
                False,
            )
            chat = self._chat(params.get("chat_id"))
            return {
                **chat,
                "accent_color_id": 0,
                "max_reaction_count": 11,
                "accepted_gift_types": gifts,
            }
        return self._LOCAL_RESULTS.get(method, True)

    def __enter__(self) -> Bridge:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class BotProcess:
    """The bot under test as a subprocess whose stdout/stderr go to a log file."""

    def __init__(
        self,
        *,
        token: str,
        api_base_url: str,
        database_url: str,
        log_path: Path,
        extra_env: Mapping[str, str] | None = None,
        command: Sequence[str] | None = None,
        cwd: Path = REPO_ROOT,
    ) -> None:
        self.token = token
        self.api_base_url = api_base_url
        self.database_url = database_url
        self.log_path = log_path
        self.extra_env = dict(extra_env or {})
        self.command = list(command) if command else [sys.executable, "-m", "bot", "run"]
        self.cwd = cwd
        self.started_at = 0.0
        self._log_offset = 0
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: BinaryIO | None = None

    @property
    def running(self) -> bool:
        """Whether the process is alive."""
        return self._proc is not None and self._proc.poll() is None

    @property
    def returncode(self) -> int | None:
        """Exit code of the last run (None while running or never started)."""
        return None if self._proc is None else self._proc.poll()

    def env(self) -> dict[str, str]:
        """The environment the bot runs with."""
        no_proxy = ",".join(filter(None, [os.environ.get("NO_PROXY", ""), HOST, "localhost"]))
        return {
            **os.environ,
            "PYTHONUNBUFFERED": "1",
            "NO_PROXY": no_proxy,
            "no_proxy": no_proxy,
            "BOT_TOKEN": self.token,
            "TELEGRAM_API_BASE_URL": self.api_base_url,
            "DATABASE_URL": self.database_url,
            **self.extra_env,
        }

    def start(self) -> None:
        """Start the bot; its output is appended to log_path."""
        if self.running:
            raise RuntimeError("bot is already running")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "ab")  # noqa: SIM115 (kept open while the process runs)
        self._log_offset = self._log.tell()
        self.started_at = time.monotonic()
        self._proc = subprocess.Popen(
            self.command,
            cwd=self.cwd,
            env=self.env(),
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,  # noqa: PLW1509
        )

    def stop(self, timeout: float = 10.0) -> int | None:
        """Stop the bot: SIGINT, then SIGTERM, then kill; return its exit code."""
        proc = self._proc
        if proc is not None and proc.poll() is None:
            for sig, wait in (
                (signal.SIGINT, timeout),
                (signal.SIGTERM, 5.0),
                (signal.SIGKILL, 5.0),
            ):
                proc.send_signal(sig)
                try:
                    proc.wait(timeout=wait)
                    break
                except subprocess.TimeoutExpired:
                    continue
        if self._log is not None:
            self._log.close()
            self._log = None
        return None if proc is None else proc.poll()

    def restart(self, timeout: float = 10.0) -> None:
        """Stop the bot and start it again with the same settings."""
        self.stop(timeout)
        self.start()

    def log_text(self, *, since_start: bool = False) -> str:
        """The captured output (of the current run only if since_start)."""
        try:
            with open(self.log_path, "rb") as handle:
                handle.seek(self._log_offset if since_start else 0)
                return handle.read().decode("utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def wait_for_log(
        self, substring: str, timeout: float = 10.0, *, since_start: bool = True
    ) -> str:
        """Wait until a log line contains `substring` and return that line."""
        deadline = time.monotonic() + timeout
        while True:
            exited = not self.running
            for line in self.log_text(since_start=since_start).splitlines():
                if substring in line:
                    return line
            if exited:
                code = self.returncode
                raise AssertionError(
                    f"bot exited (code {code}) before logging {substring!r}:\n"
                    f"{_tail(self.log_path)}"
                )
            if time.monotonic() >= deadline:
                raise AssertionError(
                    f"bot did not log {substring!r} within {timeout}s:\n{_tail(self.log_path)}"
                )
            time.sleep(POLL_INTERVAL)

    def wait_until_polling(self, bridge: Bridge, timeout: float = 20.0) -> None:
        """Wait until this run of the bot has called getUpdates through `bridge`."""
        deadline = time.monotonic() + timeout
        while (bridge.last_call(self.token, "getUpdates") or 0.0) <= self.started_at:
            if not self.running:
                raise AssertionError(
                    f"bot exited (code {self.returncode}) before polling:\n{_tail(self.log_path)}"
                )
            if time.monotonic() >= deadline:
                raise AssertionError(
                    f"bot did not start polling within {timeout}s:\n{_tail(self.log_path)}"
                )
            time.sleep(POLL_INTERVAL)


class ChatClient:
    """One simulated person in a private chat with the bot, using the emulator's client API.

    Bot messages are returned as dicts: message_id, chat_id, date (s), text (or None),
    reply_markup (parsed, any kind, None when absent or an emptied inline keyboard), method
    ("sendMessage", or e.g. "sendLocation" for bridged methods), edit_date (None unless edited),
    plus every other parameter the bot sent (JSON ones decoded).
    """

    def __init__(
        self,
        emulator: Emulator,
        token: str,
        *,
        user_id: int,
        first_name: str = "Alice",
        chat_id: int | None = None,
        username: str | None = None,
        language_code: str = "en",
    ) -> None:
        self.emulator = emulator
        self.token = token
        self.user_id = user_id
        self.first_name = first_name
        self.chat_id = chat_id if chat_id is not None else user_id
        self.username = username
        self.language_code = language_code
        self._seen: dict[int, str] = {}

    def user(self) -> JsonDict:
        """This person as a Bot API User."""
        user: JsonDict = {"id": self.user_id, "is_bot": False, "first_name": self.first_name}
        if self.username:
            user["username"] = self.username
        user["language_code"] = self.language_code
        return user

    def chat(self) -> JsonDict:
        """This private chat as a Bot API Chat."""
        chat: JsonDict = {"id": self.chat_id, "type": "private", "first_name": self.first_name}
        if self.username:
            chat["username"] = self.username
        return chat

    def _user_message(self, **fields: Any) -> JsonDict:
        """A message from this person, in the emulator's client format."""
        return {
            "botToken": self.token,
            "from": self.user(),
            "chat": self.chat(),
            "date": int(time.time()),
            **fields,
        }

    def _mark(self) -> None:
        """Remember the bot messages as they are now, so waits only see newer or edited ones."""
        self._seen = {m["message_id"]: self._fingerprint(m) for m in self.messages()}

    @staticmethod
    def _fingerprint(message: JsonDict) -> str:
        """A value that changes whenever a stored message is edited."""
        return json.dumps(message, sort_keys=True, default=str)

    def send_text(self, text: str) -> None:
        """Send a plain text message (no entities, even if it starts with '/')."""
        self._mark()
        self.emulator.post("sendMessage", self._user_message(text=text))

    def send_command(self, command: str) -> None:
        """Send a command like "/start" or "/start payload", with its bot_command entity."""
        if not command.startswith("/"):
            raise ValueError(f"commands start with '/': {command!r}")
        self._mark()
        entity = {"offset": 0, "length": len(command.split(" ", 1)[0]), "type": "bot_command"}
        self.emulator.post("sendCommand", self._user_message(text=command, entities=[entity]))

    def send_location(self, latitude: float, longitude: float) -> None:
        """Share a location (what a request_location button sends)."""
        self._mark()
        location = {"latitude": float(latitude), "longitude": float(longitude)}
        self.emulator.post("sendMessage", self._user_message(location=location))

    def press_button(self, text: str) -> JsonDict:
        """Press inline button `text` on the latest bot message showing it; return that message."""
        messages = self.messages()
        for message in reversed(messages):
            for row in (message.get("reply_markup") or {}).get("inline_keyboard") or []:
                for button in row:
                    if button.get("text") != text:
                        continue
                    if "callback_data" not in button:
                        raise AssertionError(f"button {text!r} has no callback_data: {button!r}")
                    self._mark()
                    self.emulator.post(
                        "sendCallback",
                        {
                            "botToken": self.token,
                            "from": self.user(),
                            "message": self._api_message(message),
                            "data": button["callback_data"],
                            "chat_instance": f"e2e-{self.chat_id}",
                        },
                    )
                    return message
        visible = [button_texts(m) for m in messages if button_texts(m)]
        raise AssertionError(
            f"no inline button {text!r} in chat {self.chat_id}; buttons shown: {visible!r}"
        )

    def _api_message(self, message: JsonDict) -> JsonDict:
        """A bot message as the Bot API Message a callback query carries."""
        api: JsonDict = {
            "message_id": message["message_id"],
            "from": {
                "id": bot_id_from_token(self.token),
                "is_bot": True,
                "first_name": BOT_FIRST_NAME,
                "username": BOT_USERNAME,
            },
            "chat": self.chat(),
            "date": message["date"],
        }
        if message.get("text") is not None:
            api["text"] = message["text"]
        if message.get("reply_markup"):
            api["reply_markup"] = message["reply_markup"]
        if message.get("edit_date"):
            api["edit_date"] = message["edit_date"]
        return api

    def messages(self) -> list[JsonDict]:
        """Every bot message in this chat as it currently stands (edits applied), oldest first."""
        return [
            self._bot_message(entry)
            for entry in self.emulator.history(self.token)
            if "callbackQuery" not in entry
            and "chat_id" in (entry.get("message") or {})
            and str(entry["message"]["chat_id"]) == str(self.chat_id)
        ]

    @staticmethod
    def _bot_message(entry: JsonDict) -> JsonDict:
        """Turn an emulator history entry into this client's message dict."""
        stored = {k: _decode(k, v) for k, v in entry["message"].items() if k != "botToken"}
        markup = stored.get("reply_markup")
        if (
            isinstance(markup, dict)
            and "inline_keyboard" in markup
            and not markup["inline_keyboard"]
        ):
            markup = None
        for key in ("latitude", "longitude"):
            if key in stored:
                stored[key] = float(stored[key])
        method = stored.pop("bridge_method", None) or "sendMessage"
        return {
            **stored,
            "message_id": int(entry["messageId"]),
            "chat_id": int(stored["chat_id"]),
            "date": int(_seconds(entry["time"])),
            "text": stored.get("text"),
            "reply_markup": markup or None,
            "method": method,
            "edit_date": _int(stored.get("edit_date"), 0) or None,
        }

    def _matches(self, message: JsonDict, match: MessageMatch) -> bool:
        """Whether a bot message satisfies a substring or predicate."""
        if callable(match):
            return bool(match(message))
        return match in (message.get("text") or message.get("caption") or "")

    def wait_for_message(
        self, match: MessageMatch, timeout: float = 10.0, *, since_last_action: bool = True
    ) -> JsonDict:
        """Wait for a matching bot message, new or edited since this person's last action."""
        deadline = time.monotonic() + timeout
        while True:
            messages = self.messages()
            for message in messages:
                seen = self._seen.get(message["message_id"])
                if since_last_action and seen == self._fingerprint(message):
                    continue
                if self._matches(message, match):
                    return message
            if time.monotonic() >= deadline:
                shown = [(m["message_id"], m.get("text"), button_texts(m)) for m in messages[-10:]]
                raise AssertionError(
                    f"no bot message matching {match!r} in chat {self.chat_id} within {timeout}s; "
                    f"latest bot messages: {shown!r}"
                )
            time.sleep(POLL_INTERVAL)

    def iter_transcript(self) -> Iterator[str]:
        """One line per bot message (for failure diagnostics only)."""
        for m in self.messages():
            text, buttons = m.get("text"), button_texts(m)
            yield f"#{m['message_id']} [{m['method']}] {text!r} buttons={buttons!r}"
