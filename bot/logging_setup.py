"""Logging: one line per event, never the token, never what users wrote."""

from __future__ import annotations

import logging
import re

_TOKEN_LIKE = re.compile(r"\d{5,16}:[A-Za-z0-9_-]{30,64}")
# Fields a record may carry as `extra=`; everything else stays out of the line.
_EXTRA_FIELDS = ("update_id", "user_id", "from_revision", "to_revision", "error", "method")


class RedactTokens(logging.Filter):
    """Masks anything shaped like a bot token, wherever it appears (URLs in httpx errors, ...)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _TOKEN_LIKE.search(message):
            record.msg, record.args = _TOKEN_LIKE.sub("<token>", message), None
        if record.exc_text:
            record.exc_text = _TOKEN_LIKE.sub("<token>", record.exc_text)
        return True


class LineFormatter(logging.Formatter):
    """`time level logger message key=value ...`, with tokens masked in tracebacks too."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        extras = " ".join(
            f"{key}={getattr(record, key)}" for key in _EXTRA_FIELDS if hasattr(record, key)
        )
        return _TOKEN_LIKE.sub("<token>", f"{line} {extras}" if extras else line)


def configure_logging(level: str) -> None:
    """Root logging for the bot process."""
    handler = logging.StreamHandler()
    handler.setFormatter(LineFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    handler.addFilter(RedactTokens())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL at INFO, and the URL contains the token.
    for noisy in ("httpx", "httpcore", "apscheduler", "aiosqlite", "asyncio", "alembic"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))
    # At DEBUG, python-telegram-bot logs whole API payloads: everything people write. Never.
    for library in ("telegram", "telegram.ext"):
        logging.getLogger(library).setLevel(max(logging.INFO, logging.getLevelName(level)))


def describe_exception(error: BaseException, frames: int = 6) -> str:
    """Exception type and where it happened, without its message.

    Messages can carry what a user wrote (a database error quotes its parameters), so only the
    type names of the chain and the innermost code locations are logged.
    """
    import traceback  # noqa: PLC0415

    types: list[str] = []
    current: BaseException | None = error
    while current is not None and len(types) < 4:
        types.append(type(current).__name__)
        current = current.__cause__ or current.__context__
    stack = traceback.extract_tb(error.__traceback__)[-frames:]
    where = " < ".join(
        f"{f.filename.rsplit('/', 2)[-1]}:{f.lineno} {f.name}" for f in reversed(stack)
    )
    return f"{' <- '.join(types)} at {where or 'unknown'}"
