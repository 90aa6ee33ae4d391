"""Settings, read once from the environment and `.env`; the only place that knows their names."""

from __future__ import annotations

import re
import zoneinfo
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot import PROJECT_ROOT
from bot.errors import StartupError

# BotFather tokens look like "123456789:AAE...": a numeric bot id, a colon, a 35-character secret.
_TOKEN_RE = re.compile(r"^\d{5,16}:[A-Za-z0-9_-]{30,64}$")

GET_A_TOKEN = (
    "BOT_TOKEN is {problem}. Open Telegram, talk to @BotFather, send /newbot, and put the token "  # noqa: S105
    "it gives you in .env as BOT_TOKEN=123456789:AA... (see .env.example)."
)

DEFAULT_DATABASE_URL = f"sqlite+aiosqlite:///{PROJECT_ROOT / 'data' / 'unsent.db'}"


class Settings(BaseSettings):
    """Everything an operator can set; documented one by one in `.env.example`."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    bot_token: SecretStr | None = None
    database_url: str = DEFAULT_DATABASE_URL
    default_timezone: str = "UTC"
    content_dir: Path = PROJECT_ROOT / "content"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    admin_user_ids: Annotated[frozenset[int], NoDecode] = Field(default_factory=frozenset)
    environment: Literal["development", "production"] = "development"
    # Where the Bot API lives. Only changed for a self-hosted Bot API server or for tests.
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    # Whether to apply pending migrations when `unsent run` starts (the single-process default).
    auto_migrate: bool = True
    # How often the delivery engine looks for due check-ins.
    delivery_interval_seconds: float = Field(default=15, gt=0, le=60)
    # A check-in missed (bot down) by less than this is sent late, once; older ones are skipped.
    delivery_grace_hours: float = Field(default=3, ge=0, le=24)
    # How many people one claim takes at a time.
    delivery_batch_size: int = Field(default=500, ge=1, le=10_000)
    # Fernet keys that encrypt what people write, newest first, comma-separated
    # (`unsent keys generate` makes one). Required when ENVIRONMENT=production.
    encryption_keys: Annotated[tuple[SecretStr, ...], NoDecode] = ()

    @field_validator("bot_token", mode="before")
    @classmethod
    def _blank_token_is_missing(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _TOKEN_RE.match(value.get_secret_value().strip()):
            # Never echo the value: it may be a real token with a typo.
            raise ValueError("malformed")
        return SecretStr(value.get_secret_value().strip()) if value is not None else None

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        """Accept the plain forms people paste and use the async driver we ship."""
        from sqlalchemy.engine import make_url  # noqa: PLC0415 (keep settings import light)
        from sqlalchemy.exc import ArgumentError  # noqa: PLC0415

        try:
            url = make_url(value.strip())
        except ArgumentError:
            raise ValueError(
                "not a database URL (for example sqlite+aiosqlite:///./data/unsent.db or "
                "postgresql+asyncpg://user:password@host:5432/unsent)"
            ) from None
        backend = url.get_backend_name()
        if backend in {"postgresql", "postgres"}:
            url = url.set(drivername="postgresql+asyncpg")
        elif backend == "sqlite":
            url = url.set(drivername="sqlite+aiosqlite")
        else:
            raise ValueError(f"{backend!r} is not supported; use SQLite or PostgreSQL")
        return url.render_as_string(hide_password=False)

    @field_validator("default_timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if value not in zoneinfo.available_timezones():
            raise ValueError(f"{value!r} is not an IANA time zone (for example Europe/Berlin)")
        return value

    @field_validator("encryption_keys", mode="before")
    @classmethod
    def _split_keys(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part for part in re.split(r"[,\s]+", value.strip()) if part)
        return value

    @field_validator("encryption_keys")
    @classmethod
    def _keys_shape(cls, value: tuple[SecretStr, ...]) -> tuple[SecretStr, ...]:
        from bot.db.crypto import valid_key  # noqa: PLC0415

        for position, key in enumerate(value, start=1):
            if not valid_key(key.get_secret_value()):
                # Never echo the value: it is a secret.
                raise ValueError(
                    f"key {position} is not a Fernet key (make one with `unsent keys generate`)"
                )
        return value

    def keys(self) -> list[str]:
        """The encryption keys, newest first."""
        return [key.get_secret_value() for key in self.encryption_keys]

    @field_validator("admin_user_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(int(part) for part in re.split(r"[,\s]+", value.strip()) if part)
        return value

    def require_token(self) -> str:
        """The token, or a StartupError telling the operator how to get one."""
        if self.bot_token is None:
            raise StartupError(GET_A_TOKEN.format(problem="missing"))
        return self.bot_token.get_secret_value()


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning validation errors into one line an operator can act on."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        error = exc.errors()[0]
        field = str(error["loc"][0]) if error["loc"] else "settings"
        if field == "bot_token":
            raise StartupError(
                GET_A_TOKEN.format(problem="not a valid bot token (expected digits:secret)")
            ) from None
        message = str(error["msg"]).removeprefix("Value error, ")
        raise StartupError(f"{field.upper()} in .env is invalid: {message}.") from None
