"""The `unsent` command: run, console, db upgrade, content check."""

from __future__ import annotations

import argparse
import asyncio
import logging
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bot.config import Settings, load_settings
from bot.errors import StartupError
from bot.eventloop import use_fast_event_loop

log = logging.getLogger("bot.cli")


def _content(settings: Settings, directory: Path | None = None) -> object:
    from bot.content.loader import ContentError, load_content  # noqa: PLC0415

    try:
        return load_content(directory or settings.content_dir)
    except ContentError as exc:
        more = len(exc.problems) - 1
        hint = f" (and {more} more: run `unsent content check`)" if more > 0 else ""
        raise StartupError(f"Content problem in {exc}{hint}.") from None


def _migrate(settings: Settings) -> None:
    from bot.db.migrate import migrate_sync  # noqa: PLC0415

    migrate_sync(settings.database_url)


def _check_schema(settings: Settings) -> None:
    from bot.db.migrate import current_revision, head_revision  # noqa: PLC0415

    current = asyncio.run(current_revision(settings.database_url))
    if current != head_revision():
        raise StartupError(
            f"The database is at migration {current or 'none'}, the code needs "
            f"{head_revision()}. Run `unsent db upgrade` first (or set AUTO_MIGRATE=true)."
        )


NO_KEYS = (
    "ENCRYPTION_KEYS is not set, so what people write would be stored readable. Make a key "
    "with `unsent keys generate` and put it in .env as ENCRYPTION_KEYS=..."
)


def _check_keys(settings: Settings) -> None:
    """Production refuses to start without encryption keys; development warns loudly."""
    if settings.encryption_keys:
        return
    if settings.environment == "production":
        raise StartupError(NO_KEYS)
    log.warning("NOT ENCRYPTED: %s (ENVIRONMENT=development)", NO_KEYS)


def cmd_run(settings: Settings) -> int:
    """Migrate (single-process default), then poll Telegram until stopped."""
    started = time.perf_counter()
    use_fast_event_loop()
    _check_keys(settings)
    token = settings.require_token()
    content = _content(settings)
    if settings.auto_migrate:
        _migrate(settings)
    else:
        _check_schema(settings)
    from telegram import Update  # noqa: PLC0415

    from bot.app import build_application  # noqa: PLC0415
    from bot.content.loader import Content  # noqa: PLC0415

    assert isinstance(content, Content)
    application = build_application(settings, content, token=token)
    asyncio.run(_check_telegram(settings, token))
    log.info("starting to poll after %.2fs", time.perf_counter() - started)
    application.run_polling(
        allowed_updates=[Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]
    )
    return 0


def cmd_deliver(settings: Settings) -> int:
    """Only the delivery engine, no polling: extra processes that share the sending load.

    Telegram allows one long-polling process per token, so a multi-process set-up runs one
    `unsent run` and any number of `unsent deliver` (PostgreSQL; claims never overlap).
    """
    use_fast_event_loop()
    _check_keys(settings)
    token = settings.require_token()
    content = _content(settings)
    _check_schema(settings)
    asyncio.run(_check_telegram(settings, token))
    from bot.app import build_application  # noqa: PLC0415
    from bot.content.loader import Content  # noqa: PLC0415

    assert isinstance(content, Content)
    application = build_application(settings, content, token=token, polling=False)
    asyncio.run(_serve_until_signalled(application))
    return 0


async def _serve_until_signalled(application: Any) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with application:
        await application.start()
        log.info("delivering check-ins (no polling)")
        await stop.wait()
        await application.stop()


async def _check_telegram(settings: Settings, token: str) -> None:
    """Ask Telegram who we are once, so a bad token or no network is one clear line."""
    from telegram import Bot  # noqa: PLC0415
    from telegram.error import InvalidToken, NetworkError  # noqa: PLC0415

    from bot.delivery.transport import single_request  # noqa: PLC0415

    request = single_request()
    try:
        async with Bot(
            token,
            base_url=settings.telegram_api_base_url,
            request=request,
            get_updates_request=request,
        ) as bot:
            await bot.get_me()
    except InvalidToken:
        raise StartupError(
            "Telegram rejected BOT_TOKEN. Copy it again from @BotFather (/mybots, API Token)."
        ) from None
    except NetworkError as exc:
        raise StartupError(
            f"Can't reach the Telegram Bot API at {settings.telegram_api_base_url} "
            f"({type(exc).__name__}). Check the network, or TELEGRAM_API_BASE_URL."
        ) from None


def cmd_console(settings: Settings, user_id: int) -> int:
    """Chat with the bot in this terminal: same handlers, no Telegram, the configured database."""
    content = _content(settings)
    _migrate(settings)
    from bot.app import OFFLINE_TOKEN, build_application  # noqa: PLC0415
    from bot.console.local_api import LocalBotApi  # noqa: PLC0415
    from bot.console.repl import Printer, run_console  # noqa: PLC0415
    from bot.content.loader import Content  # noqa: PLC0415

    assert isinstance(content, Content)
    from bot.clock import ManualClock  # noqa: PLC0415

    printer = Printer(sys.stdout)
    api = LocalBotApi(on_call=printer)
    # Real time, which :clock can move forward to see tomorrow's check-in now.
    clock = ManualClock(follow_real_time=True)
    application = build_application(
        settings,
        content,
        token=OFFLINE_TOKEN,
        request=api,
        clock=clock,
        rate_limit=False,
        polling=False,
    )
    asyncio.run(run_console(application, api, printer, user_id=user_id, clock=clock))
    return 0


def cmd_db(settings: Settings, action: str, revision: str) -> int:
    """Apply, roll back or show migrations."""
    from bot.db.engine import safe_url  # noqa: PLC0415
    from bot.db.migrate import current_revision, head_revision, migrate_sync  # noqa: PLC0415

    if action == "current":
        current = asyncio.run(current_revision(settings.database_url))
        print(
            f"{safe_url(settings.database_url)}: at {current or 'none'}, head is {head_revision()}"
        )
        return 0
    if action == "downgrade":
        from bot.db.migrate import downgrade_sync  # noqa: PLC0415

        downgrade_sync(settings.database_url, revision)
        print(f"Downgraded {safe_url(settings.database_url)} to {revision}.")
        return 0
    before, after = migrate_sync(settings.database_url, revision)
    if before == after:
        print(f"{safe_url(settings.database_url)} is up to date ({after}).")
    else:
        print(f"Upgraded {safe_url(settings.database_url)}: {before or 'empty'} -> {after}.")
    return 0


def cmd_content_check(settings: Settings, directory: Path | None) -> int:
    """Validate every content file; print each problem with file and line."""
    from bot.content.loader import check_content  # noqa: PLC0415

    folder = directory or settings.content_dir
    problems = check_content(folder)
    for problem in problems:
        print(f"{folder}/{problem}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
        return 1
    print(f"Content in {folder} is valid.")
    return 0


def cmd_user_delete(settings: Settings, telegram_user_id: int) -> int:
    """The operator's erase: every row of one person, by their Telegram id."""
    from bot.clock import SystemClock  # noqa: PLC0415
    from bot.db.engine import create_engine, create_session_factory  # noqa: PLC0415
    from bot.services.data import DataService  # noqa: PLC0415
    from bot.services.uow import unit_of_work_factory  # noqa: PLC0415

    _check_schema(settings)

    async def erase() -> dict[str, int] | None:
        engine = create_engine(settings.database_url)
        try:
            service = DataService(
                uow=unit_of_work_factory(create_session_factory(engine)), clock=SystemClock()
            )
            return await service.erase_by_telegram_id(telegram_user_id)
        finally:
            await engine.dispose()

    removed = asyncio.run(erase())
    if removed is None:
        print(f"No one with Telegram id {telegram_user_id}: nothing to delete.")
        return 1
    rows = ", ".join(f"{table} {count}" for table, count in removed.items())
    print(f"Deleted everything of Telegram id {telegram_user_id}: {rows}.")
    return 0


def cmd_keys(settings: Settings, action: str) -> int:
    """`keys generate` prints a new key; `keys rotate` re-encrypts every row to the newest."""
    from bot.db import crypto  # noqa: PLC0415

    if action == "generate":
        print(crypto.new_key())
        print(
            "Put it first in ENCRYPTION_KEYS (keep the old ones after it until "
            "`unsent keys rotate` has run).",
            file=sys.stderr,
        )
        return 0
    if not settings.encryption_keys:
        raise StartupError("Set ENCRYPTION_KEYS first (newest key first).")
    _check_schema(settings)
    from bot.db.rotate import rotate_all  # noqa: PLC0415

    crypto.configure(settings.keys())
    done = asyncio.run(rotate_all(settings.database_url))
    rows = ", ".join(f"{name} {count}" for name, count in done.items())
    print(f"Re-encrypted with the newest key: {rows}.")
    return 0


def cmd_import(settings: Settings, path: Path, telegram_user_id: int | None) -> int:
    """Put an export back (for its own Telegram id, or another one)."""
    import json  # noqa: PLC0415

    from bot.clock import SystemClock  # noqa: PLC0415
    from bot.db import crypto  # noqa: PLC0415
    from bot.db.engine import create_engine, create_session_factory  # noqa: PLC0415
    from bot.services.data import DataService, Imported  # noqa: PLC0415
    from bot.services.uow import unit_of_work_factory  # noqa: PLC0415

    _check_keys(settings)
    _check_schema(settings)
    try:
        content = path.read_bytes()
        owner = json.loads(content)["tables"]["users"][0]["telegram_user_id"]
    except (OSError, ValueError, KeyError, IndexError, TypeError):
        raise StartupError(f"{path} is not an unsent export.") from None
    target = telegram_user_id or int(owner)
    crypto.configure(settings.keys())

    async def load() -> object:
        engine = create_engine(settings.database_url)
        try:
            service = DataService(
                uow=unit_of_work_factory(create_session_factory(engine)), clock=SystemClock()
            )
            return await service.load(content, target, target)
        finally:
            await engine.dispose()

    outcome = asyncio.run(load())
    if not isinstance(outcome, Imported):
        print(f"Not imported: {getattr(outcome, 'reason', outcome)}.", file=sys.stderr)
        return 1
    rows = ", ".join(f"{table} {count}" for table, count in outcome.counts.items())
    print(f"Imported for Telegram id {target}: {rows}.")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="unsent", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("run", help="run the bot (long polling and delivery)")
    commands.add_parser("deliver", help="an extra process that only delivers check-ins")
    console = commands.add_parser("console", help="talk to the bot in this terminal")
    console.add_argument("--user-id", type=int, default=1, help="who you are (default 1)")
    db = commands.add_parser("db", help="database migrations")
    db.add_argument("action", choices=["upgrade", "downgrade", "current"])
    db.add_argument("revision", nargs="?", default=None)
    content = commands.add_parser("content", help="content files")
    content.add_argument("action", choices=["check"])
    content.add_argument("--dir", type=Path, default=None, help="folder (default CONTENT_DIR)")
    load = commands.add_parser("import", help="put an /export file back (operators)")
    load.add_argument("file", type=Path)
    load.add_argument("--telegram-id", type=int, default=None, help="load it for this person")
    keys = commands.add_parser("keys", help="encryption keys")
    keys.add_argument("action", choices=["generate", "rotate"])
    user = commands.add_parser("user", help="one person's data (operators)")
    user.add_argument("action", choices=["delete"])
    user.add_argument("telegram_user_id", type=int)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of `unsent` and `python -m bot`."""
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
        from bot.logging_setup import configure_logging  # noqa: PLC0415

        configure_logging(settings.log_level)
        match args.command:
            case "run":
                return cmd_run(settings)
            case "deliver":
                return cmd_deliver(settings)
            case "console":
                # The terminal belongs to the conversation; only warnings interrupt it.
                if settings.log_level != "DEBUG":
                    configure_logging("WARNING")
                return cmd_console(settings, args.user_id)
            case "db":
                if args.action == "downgrade" and not args.revision:
                    # Rolling back drops tables and everyone's data: never by default.
                    raise StartupError(
                        "Say which revision to go back to, e.g. `unsent db downgrade -1` "
                        "(`base` removes every table and all data)."
                    )
                return cmd_db(settings, args.action, args.revision or "head")
            case "content":
                return cmd_content_check(settings, args.dir)
            case "user":
                return cmd_user_delete(settings, args.telegram_user_id)
            case "keys":
                return cmd_keys(settings, args.action)
            case "import":
                return cmd_import(settings, args.file, args.telegram_id)
    except StartupError as exc:
        print(f"unsent: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 2
