"""Build the Application: one place that wires settings, services and handlers together."""

from __future__ import annotations

import logging
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, timedelta
from typing import Any, cast

from telegram import BotCommand
from telegram.constants import ParseMode
from telegram.ext import (
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
from bot.db import crypto
from bot.db.engine import create_engine, create_session_factory
from bot.delivery.check_backs import CheckBacks
from bot.delivery.engine import DeliveryEngine, EngineSettings
from bot.delivery.ratelimit import PoliteRateLimiter
from bot.delivery.recaps import Recaps, RecapSettings
from bot.delivery.transport import ShardedRequest, single_request
from bot.domain.coping import Matcher
from bot.domain.zones import ZoneIndex
from bot.services.checkins import CheckinService
from bot.services.conversation import Conversation
from bot.services.coping import CopingService
from bot.services.data import DataService
from bot.services.geo import LocationZones, TimezoneFinderZones
from bot.services.journal import JournalService
from bot.services.profiles import ProfileService
from bot.services.stats import StatsService
from bot.services.trackers import TrackerService
from bot.services.uow import unit_of_work_factory
from bot.services.urges import UrgeService
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
    checkins: CheckinService
    conversation: Conversation
    engine: DeliveryEngine
    trackers: TrackerService
    coping: CopingService
    urges: UrgeService
    data: DataService
    journal: JournalService
    stats: StatsService


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


async def _deliver(context: Context) -> None:
    """The repeating tick of the delivery engine."""
    report = await context.deps.engine.tick()
    if report.claimed or report.skipped_late or report.lost or report.failed:
        log.info(
            "delivery tick: claimed=%d sent=%d late_skipped=%d retried=%d failed=%d "
            "blocked=%d lost=%d reminders=%d",
            report.claimed,
            report.sent,
            report.skipped_late,
            report.retried,
            report.failed,
            report.blocked,
            report.lost,
            report.reminders,
        )
    recaps = report.recaps
    if recaps.claimed or recaps.skipped_late or recaps.lost or recaps.failed:
        log.info(
            "recap tick: claimed=%d sent=%d quiet=%d late_skipped=%d failed=%d blocked=%d lost=%d",
            recaps.claimed,
            recaps.sent,
            recaps.quiet,
            recaps.skipped_late,
            recaps.failed,
            recaps.blocked,
            recaps.lost,
        )


async def _post_shutdown(application: UnsentApp) -> None:
    db_engine = application.bot_data.get("db_engine")
    if db_engine is not None:
        await db_engine.dispose()


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
    deliver: bool = True,
) -> UnsentApp:
    """The bot, ready to initialize; `request` replaces HTTP (console, tests)."""
    clock = clock or SystemClock()
    crypto.configure(settings.keys())
    db_engine = create_engine(settings.database_url)
    uow = unit_of_work_factory(create_session_factory(db_engine))
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
    else:
        # The engine keeps 16 sends in flight, handler replies a few more: 12 pools of 2
        # connections, JSON bodies (bot/delivery/transport.py). Long polling has its own.
        builder = builder.request(ShardedRequest(shards=12, per_shard=2))
        builder = builder.get_updates_request(single_request())
    if rate_limit:
        builder = builder.rate_limiter(PoliteRateLimiter())  # type: ignore[arg-type]
    if not polling:
        builder = builder.updater(None)
    application = cast(UnsentApp, builder.build())
    trackers = TrackerService(uow=uow, clock=clock, milestones=content.milestones)
    urges = UrgeService(uow=uow, clock=clock)
    data = DataService(uow=uow, clock=clock)
    coping = CopingService(
        uow=uow, clock=clock, ideas=content.ideas, picker=Matcher(), lexicon=content.lexicon
    )
    checkins = CheckinService(
        uow=uow,
        clock=clock,
        prompts=content.prompts,
        ideas=content.ideas,
        picker=Matcher(),
        lexicon=content.lexicon,
        trackers=trackers,
    )
    engine = DeliveryEngine(
        uow=uow,
        clock=clock,
        bot=application.bot,
        prompts=content.prompts,
        milestones=content.milestones,
        check_backs=CheckBacks(uow=uow, clock=clock, bot=application.bot),
        recaps=Recaps(
            uow=uow,
            clock=clock,
            bot=application.bot,
            idea_titles={idea.id: idea.title for idea in content.ideas},
            settings=RecapSettings(grace=timedelta(hours=settings.delivery_grace_hours)),
        ),
        settings=EngineSettings(
            grace=timedelta(hours=settings.delivery_grace_hours),
            batch_size=settings.delivery_batch_size,
        ),
    )
    application.bot_data["deps"] = Deps(
        settings=settings,
        clock=clock,
        content=content,
        profiles=profiles,
        checkins=checkins,
        conversation=Conversation(
            profiles,
            checkins,
            trackers,
            content.lexicon,
            coping=coping,
            urges=urges,
            data=data,
        ),
        engine=engine,
        trackers=trackers,
        coping=coping,
        urges=urges,
        data=data,
        journal=JournalService(uow=uow),
        stats=StatsService(uow=uow, clock=clock),
    )
    application.bot_data["db_engine"] = db_engine
    if deliver:
        assert application.job_queue is not None
        application.job_queue.run_repeating(
            _deliver, interval=settings.delivery_interval_seconds, first=1.0, name="delivery"
        )

    from bot.handlers import register  # noqa: PLC0415 (handlers import app's types)

    register(application)
    return application
