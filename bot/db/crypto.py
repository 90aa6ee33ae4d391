"""Encryption at rest for everything people write (answers, notes, reasons, unsent messages).

Fernet tokens under a MultiFernet key ring from ENCRYPTION_KEYS (newest first), so keys can be
rotated: new writes use the first key, reads try every key, and `unsent keys rotate`
re-encrypts old rows to the newest key. A stored value is "enc1:" + token; a value without the
prefix is plaintext from before encryption was turned on (read as is, encrypted by `rotate`).

The key ring is process-wide because a column type has no other way to reach it; the
application configures it once at start (`configure`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

PREFIX = "enc1:"


class MissingKeyError(Exception):
    """Encrypted data and no key that opens it."""


_ring: MultiFernet | None = None


def configure(keys: Sequence[str]) -> None:
    """Use these keys (newest first) from now on; an empty list turns encryption off."""
    global _ring  # noqa: PLW0603 (the one place that sets it)
    _ring = MultiFernet([Fernet(key.encode()) for key in keys]) if keys else None


def enabled() -> bool:
    """Whether new writes are encrypted."""
    return _ring is not None


def new_key() -> str:
    """A fresh key for ENCRYPTION_KEYS."""
    return Fernet.generate_key().decode()


def valid_key(key: str) -> bool:
    """Whether a string is a usable Fernet key."""
    try:
        Fernet(key.encode())
    except (ValueError, TypeError):
        return False
    return True


def seal(text: str) -> str:
    """The stored form of a text (plaintext when encryption is off)."""
    if _ring is None:
        return text
    return PREFIX + _ring.encrypt(text.encode("utf-8")).decode("ascii")


def open_(stored: str) -> str:
    """The text of a stored value."""
    if not stored.startswith(PREFIX) or not _looks_like_token(stored):
        return stored  # plaintext (from before encryption, or words that start like a token)
    if _ring is None:
        raise MissingKeyError("encrypted data, and ENCRYPTION_KEYS is not set")
    try:
        return _ring.decrypt(stored[len(PREFIX) :].encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise MissingKeyError("no key in ENCRYPTION_KEYS opens this data") from None


def rotated(stored: str) -> str:
    """The same text under the newest key (plaintext gets encrypted)."""
    if _ring is None:
        raise MissingKeyError("ENCRYPTION_KEYS is not set")
    if not stored.startswith(PREFIX) or not _looks_like_token(stored):
        return seal(stored)
    token = _ring.rotate(stored[len(PREFIX) :].encode("ascii"))
    return PREFIX + token.decode("ascii")


_TOKEN = re.compile(r"^enc1:gAAAAA[A-Za-z0-9_\-]+=*$")


def _looks_like_token(stored: str) -> bool:
    """Fernet tokens are urlsafe base64 starting with version byte 0x80 ("gAAAAA")."""
    return bool(_TOKEN.match(stored))


class EncryptedText(TypeDecorator[str]):
    """A Text column whose values are sealed on the way in and opened on the way out."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:  # noqa: ARG002
        """Seal."""
        return None if value is None else seal(str(value))

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:  # noqa: ARG002
        """Open."""
        return None if value is None else open_(str(value))
