"""Build the Application: one place that wires settings, services and handlers together."""

from __future__ import annotations

import logging
import zoneinfo
from dataclasses import dataclass
from datetime import UTC
from typing import Any, cast

from telegram import BotCommand
from telegram.constants import ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackContext,
    ContextTypes,
    Defaults,
    ExtBot,
    JobQueue,
)
from telegram.request import BaseRequest

from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.content.loader import Content
from bot.db.engine import create_engine, create_session_factory
from bot.domain.zones import ZoneIndex
from bot.services.geo import LocationZones, TimezoneFinderZones
from bot.services.profiles import ProfileService
from bot.services.uow import unit_of_work_factory
from bot.views.commands import COMMANDS

log = logging.getLogger(__name__)

# A token for in-process use (console, tests) where no Telegram server is involved.
OFFLINE_TOKEN = "1000001:offline-console-token-not-for-telegram"  # noqa: S105 (not a secret)


@dataclass
class Deps:
    """What handlers reach through the context: services, content and the clock."""

    settings: Settings
    clock: Clock
    content: Content
    profiles: ProfileService


class Context(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """The handler context, with typed access to our dependencies."""

    @property
    def deps(self) -> Deps:
        """Services and content for this application."""
        return cast(Deps, self.bot_data["deps"])


UnsentApp = Application[
    ExtBot[None], Context, dict[Any, Any], dict[Any, Any], dict[Any, Any], JobQueue[Context]
]


async def _post_init(application: UnsentApp) -> None:
    await application.bot.set_my_commands(
        [BotCommand(name, description) for name, description in COMMANDS]
    )
    log.info("bot ready", extra={"user_id": application.bot.id})


async def _post_shutdown(application: UnsentApp) -> None:
    engine = application.bot_data.get("engine")
    if engine is not None:
        await engine.dispose()


def build_application(
    settings: Settings,
    content: Content,
    *,
    token: str | None = None,
    request: BaseRequest | None = None,
    clock: Clock | None = None,
    locations: LocationZones | None = None,
    rate_limit: bool = True,
    polling: bool = True,
) -> UnsentApp:
    """The bot, ready to initialize; `request` replaces HTTP (console, tests)."""
    clock = clock or SystemClock()
    engine = create_engine(settings.database_url)
    uow = unit_of_work_factory(create_session_factory(engine))
    zones = ZoneIndex.build(zoneinfo.available_timezones(), content.places, content.countries)
    profiles = ProfileService(
        uow=uow,
        clock=clock,
        zones=zones,
        content=content,
        locations=locations or TimezoneFinderZones(),
        default_zone=settings.default_timezone,
    )

    builder = (
        ApplicationBuilder()
        .token(token or settings.require_token())
        .base_url(settings.telegram_api_base_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=UTC))
        .context_types(ContextTypes(context=Context))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    if rate_limit:
        # Telegram allows ~30 messages a second overall and about one a second per chat.
        builder = builder.rate_limiter(
            # The limiter's per-call argument type does not matter: we never pass one.
            AIORateLimiter(  # type: ignore[arg-type]
                overall_max_rate=30,
                overall_time_period=1,
                group_max_rate=20,
                group_time_period=60,
                max_retries=3,
            )
        )
    if not polling:
        builder = builder.updater(None)
    application = cast(UnsentApp, builder.build())
    application.bot_data["deps"] = Deps(
        settings=settings, clock=clock, content=content, profiles=profiles
    )
    application.bot_data["engine"] = engine

    from bot.handlers import register  # noqa: PLC0415 (handlers import app's types)

    register(application)
    return application
