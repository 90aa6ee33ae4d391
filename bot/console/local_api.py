"""An in-process stand-in for the Bot API: answers like Telegram would and records every call.

The console uses it in place of HTTP; handler tests use it as their recording fake. The bot's
code cannot tell the difference, which is the point: what you see in the console is what
Telegram users get.
"""

from __future__ import annotations

import asyncio
import html
import itertools
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from telegram.request import BaseRequest, RequestData

BOT_USER: dict[str, Any] = {
    "id": 1000001,
    "is_bot": True,
    "first_name": "unsent",
    "username": "unsent_local_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
_TAG = re.compile(r"<[^>]+>")
_NOT_MODIFIED = "__not_modified__"
_BAD_HTML = "__bad_html__"
# The tags Telegram's HTML parse mode knows, and what an escaped "&" looks like.
_KNOWN_TAG = re.compile(
    r"</?(?:b|strong|i|em|u|ins|s|strike|del|code|pre|tg-spoiler|blockquote|span)>"
    r'|<a href="[^"<>]*">|</a>'
)
_ENTITY = re.compile(r"&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);")


def is_valid_html(text: str) -> bool:
    """Whether Telegram would parse `text` in HTML mode: known tags, and every other "<" or
    "&" escaped (like Telegram, which refuses the message otherwise)."""
    rest = _ENTITY.sub("", _KNOWN_TAG.sub("", text))
    return "<" not in rest and "&" not in rest


def plain_text(markup: str) -> str:
    """What a person sees of an HTML-formatted message."""
    return html.unescape(_TAG.sub("", markup))


@dataclass
class BotCall:
    """One request the bot made."""

    method: str
    params: dict[str, Any]
    # Uploaded files: parameter name -> (file name, content).
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)


@dataclass
class ChatMessage:
    """A message the bot sent, as the person's chat shows it now."""

    chat_id: int
    message_id: int
    text: str
    buttons: list[list[tuple[str, str]]] = field(default_factory=list)
    reply_keyboard: list[list[str]] = field(default_factory=list)
    edited: bool = False

    def as_api(self) -> dict[str, Any]:
        """The Message object Telegram would return."""
        message: dict[str, Any] = {
            "message_id": self.message_id,
            "date": int(datetime.now(UTC).timestamp()),
            "chat": {"id": self.chat_id, "type": "private"},
            "from": BOT_USER,
            "text": self.text,
        }
        if self.buttons:
            message["reply_markup"] = {
                "inline_keyboard": [
                    [{"text": text, "callback_data": data} for text, data in row]
                    for row in self.buttons
                ]
            }
        return message


def _params(request_data: RequestData | None) -> dict[str, Any]:
    if request_data is None:
        return {}
    return dict(request_data.parameters)


def _files(request_data: RequestData | None) -> dict[str, tuple[str, bytes]]:
    if request_data is None or not request_data.contains_files:
        return {}
    found: dict[str, tuple[str, bytes]] = {}
    for name, part in (request_data.multipart_data or {}).items():
        file_name, content = str(part[0]), part[1]
        found[name] = (file_name, content if isinstance(content, bytes) else content.read())
    return found


def _markup(params: dict[str, Any]) -> tuple[list[list[tuple[str, str]]], list[list[str]]]:
    markup = params.get("reply_markup") or {}
    inline = [
        [(b["text"], b.get("callback_data", "")) for b in row]
        for row in markup.get("inline_keyboard", [])
    ]
    keyboard = [
        [b["text"] if isinstance(b, dict) else str(b) for b in row]
        for row in markup.get("keyboard", [])
    ]
    return inline, keyboard


class LocalBotApi(BaseRequest):
    """A BaseRequest that never touches the network."""

    def __init__(
        self,
        on_call: Callable[[BotCall, ChatMessage | None], None] | None = None,
    ) -> None:
        self.calls: list[BotCall] = []
        self.messages: dict[tuple[int, int], ChatMessage] = {}
        self._on_call = on_call
        self._ids = itertools.count(1)
        self._scripted: dict[str, list[tuple[int, dict[str, Any]] | Exception]] = {}
        # Files people "sent": file id -> content (served by getFile and the file URL).
        self.uploads: dict[str, bytes] = {}

    def script(self, method: str, *responses: tuple[int, dict[str, Any]] | Exception) -> None:
        """Make the next calls of `method` fail: an (HTTP status, body) pair or an exception."""
        self._scripted.setdefault(method, []).extend(responses)

    @property
    def read_timeout(self) -> float | None:
        """Nothing to wait for."""
        return 1.0

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    def sent(self, method: str | None = None) -> list[BotCall]:
        """Calls made so far, optionally of one method."""
        return [c for c in self.calls if method is None or c.method == method]

    def texts(self) -> list[str]:
        """The plain text of every sendMessage and editMessageText, in order."""
        return [
            plain_text(str(c.params.get("text", "")))
            for c in self.calls
            if c.method in {"sendMessage", "editMessageText"}
        ]

    def last_with_buttons(self) -> ChatMessage | None:
        """The newest message that still shows inline buttons."""
        with_buttons = [m for m in self.messages.values() if m.buttons]
        return max(with_buttons, key=lambda m: m.message_id) if with_buttons else None

    def clear(self) -> None:
        """Forget recorded calls (messages stay, like a chat history)."""
        self.calls.clear()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        """Answer the call the way the Bot API would."""
        if "/file/bot" in url:
            content = self.uploads.get(url.rsplit("/", 1)[-1])
            return (200, content) if content is not None else (404, b"not found")
        api_method = url.rsplit("/", 1)[-1]
        params = _params(request_data)
        call = BotCall(api_method, params, _files(request_data))
        self.calls.append(call)
        scripted = self._scripted.get(api_method)
        if scripted:
            response = scripted.pop(0)
            if isinstance(response, Exception):
                raise response
            return response[0], json.dumps(response[1]).encode()
        result, message = self.respond(api_method, params)
        if isinstance(result, str) and result in {_NOT_MODIFIED, _BAD_HTML}:
            problem = (
                "message is not modified"
                if result == _NOT_MODIFIED
                else "can't parse entities: unsupported start tag or unescaped character"
            )
            body = {"ok": False, "error_code": 400, "description": f"Bad Request: {problem}"}
            return 400, json.dumps(body).encode()
        if self._on_call is not None:
            self._on_call(call, message)
        if api_method == "getUpdates":
            await asyncio.sleep(min(float(params.get("timeout", 0) or 0), 0.05))
        return 200, json.dumps({"ok": True, "result": result}).encode()

    def respond(self, method: str, params: dict[str, Any]) -> tuple[Any, ChatMessage | None]:
        """The result for one call, and the chat message it created or changed."""
        if method == "getMe":
            return BOT_USER, None
        if method == "getUpdates":
            return [], None
        if str(params.get("parse_mode", "")).upper() == "HTML" and not is_valid_html(
            str(params.get("text", params.get("caption", "")))
        ):
            return _BAD_HTML, None
        if method == "getFile":
            file_id = str(params.get("file_id", ""))
            content = self.uploads.get(file_id, b"")
            return {
                "file_id": file_id,
                "file_unique_id": f"u{file_id}",
                "file_size": len(content),
                "file_path": f"documents/{file_id}",
            }, None
        if method in {"sendDocument", "sendPhoto"}:
            kind = "document" if method == "sendDocument" else "photo"
            caption = plain_text(str(params.get("caption", "")))
            message = ChatMessage(
                int(params["chat_id"]),
                next(self._ids),
                f"[{kind}] {caption}".strip(),
                _markup(params)[0],
            )
            self.messages[(message.chat_id, message.message_id)] = message
            return message.as_api(), message
        if method == "sendMessage":
            inline, keyboard = _markup(params)
            message = ChatMessage(
                int(params["chat_id"]),
                next(self._ids),
                plain_text(str(params["text"])),
                inline,
                keyboard,
            )
            self.messages[(message.chat_id, message.message_id)] = message
            return message.as_api(), message
        if method in {"editMessageText", "editMessageReplyMarkup"}:
            key = (int(params["chat_id"]), int(params["message_id"]))
            message = self.messages.get(key) or ChatMessage(*key, text="")
            text = plain_text(str(params["text"])) if "text" in params else message.text
            buttons, _ = _markup(params)
            if (text, buttons) == (message.text, message.buttons):
                # Like Telegram: an edit that changes nothing is refused.
                return _NOT_MODIFIED, None
            message.text, message.buttons = text, buttons
            message.edited = True
            self.messages[key] = message
            return message.as_api(), message
        return True, None
