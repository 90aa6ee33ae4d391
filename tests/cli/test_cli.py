"""The `unsent` command as an operator runs it: clear one-line errors, and a bot that polls."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import PROJECT_ROOT
from bot.db.migrate import current_revision, head_revision
from tests.conftest import drop_database, fresh_database_url
from tests.fake_bot_api import FakeBotApi

TOKEN = "123456789:AAH-fake-token-for-tests-only-0123456"


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"BOT_TOKEN", "DATABASE_URL", "CONTENT_DIR", "TELEGRAM_API_BASE_URL"}
    }
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"
    env.update(extra)
    return env


def unsent(
    tmp_path: Path,
    *args: str,
    timeout: float = 60,
    **env: str,
) -> subprocess.CompletedProcess[str]:
    """Run `python -m bot ARGS` in an empty folder (so no stray .env is read)."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=_env(tmp_path, **env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def _one_clear_line(result: subprocess.CompletedProcess[str]) -> str:
    """Exit code 2, no traceback, and exactly one `unsent:` line (log lines may precede it)."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("unsent: ")]
    assert len(lines) == 1, result.stderr
    assert result.stderr.rstrip().endswith(lines[0])
    return lines[0]


def test_run_without_a_token_explains_how_to_get_one(tmp_path: Path) -> None:
    """No token: one line pointing to BotFather, exit code 2."""
    line = _one_clear_line(unsent(tmp_path, "run"))
    assert "BOT_TOKEN is missing" in line
    assert "@BotFather" in line


def test_a_malformed_token_is_refused_without_echoing_it(tmp_path: Path) -> None:
    """A wrong-shaped token is refused, and not printed back."""
    line = _one_clear_line(unsent(tmp_path, "run", BOT_TOKEN="12345:short-secret"))
    assert "not a valid bot token" in line
    assert "short-secret" not in line


def test_an_unreachable_database_is_one_line(tmp_path: Path) -> None:
    """Nothing listens on port 1: one line naming the database (password hidden)."""
    line = _one_clear_line(
        unsent(
            tmp_path,
            "run",
            BOT_TOKEN=TOKEN,
            DATABASE_URL="postgresql+asyncpg://postgres:hunter2@127.0.0.1:1/unsent",
        )
    )
    assert "Can't use the database at postgresql+asyncpg://postgres:***@127.0.0.1:1" in line
    assert "hunter2" not in line


def test_invalid_content_stops_start_up_with_file_and_line(tmp_path: Path) -> None:
    """A broken content file: one line with file and line, and a pointer to the checker."""
    content = tmp_path / "content"
    shutil.copytree(PROJECT_ROOT / "content", content)
    prompts = content / "prompts.yaml"
    text = prompts.read_text()
    assert "\n    days: any" in text
    prompts.write_text(text.replace("\n    days: any", "\n    days: sometimes", 1))
    line = _one_clear_line(unsent(tmp_path, "run", BOT_TOKEN=TOKEN, CONTENT_DIR=str(content)))
    assert "Content problem in prompts.yaml:" in line
    checked = unsent(tmp_path, "content", "check", "--dir", str(content))
    assert checked.returncode == 1
    assert "prompts.yaml:" in checked.stderr
    assert "days" in checked.stderr


def test_an_unreachable_telegram_is_one_line(tmp_path: Path) -> None:
    """Nothing answers at the Bot API address: say so, don't print a traceback."""
    line = _one_clear_line(
        unsent(tmp_path, "run", BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL="http://127.0.0.1:1/bot")
    )
    assert "Can't reach the Telegram Bot API" in line
    assert TOKEN not in line


def test_content_check_passes_on_the_shipped_content(tmp_path: Path) -> None:
    """`unsent content check` on content/ says it is valid."""
    result = unsent(tmp_path, "content", "check")
    assert result.returncode == 0, result.stderr
    assert "is valid" in result.stdout


def test_db_upgrade_then_current(tmp_path: Path) -> None:
    """The explicit deploy step upgrades an empty database, then reports it up to date."""
    first = unsent(tmp_path, "db", "upgrade")
    assert first.returncode == 0, first.stderr
    assert "empty ->" in first.stdout
    again = unsent(tmp_path, "db", "upgrade")
    assert "up to date" in again.stdout
    current = unsent(tmp_path, "db", "current")
    assert f"at {head_revision()}, head is {head_revision()}" in current.stdout


def test_run_refuses_an_old_schema_when_auto_migrate_is_off(tmp_path: Path) -> None:
    """Several processes on PostgreSQL: migrations are a deploy step, not a start-up race."""
    line = _one_clear_line(unsent(tmp_path, "run", BOT_TOKEN=TOKEN, AUTO_MIGRATE="false"))
    assert "unsent db upgrade" in line


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database of the configured backend (SQLite, or PostgreSQL in CI)."""
    url, name = fresh_database_url(tmp_path)
    yield url
    drop_database(name)


def _run_then_interrupt(
    tmp_path: Path,
    command: str,
    api: FakeBotApi,
    database_url: str,
    *,
    until: threading.Event,
    settle: float = 0.0,
) -> tuple[int, str]:
    """Start `python -m bot COMMAND` against the fake API, wait for `until`, then Ctrl-C it."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", command],
        cwd=tmp_path,
        env=_env(
            tmp_path,
            BOT_TOKEN=TOKEN,
            TELEGRAM_API_BASE_URL=api.base_url,
            DATABASE_URL=database_url,
            LOG_LEVEL="INFO",
        ),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert until.wait(30), f"`unsent {command}` never reached the Bot API as expected"
        time.sleep(settle)
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    return process.returncode, stderr


def test_run_with_a_token_migrates_and_polls(tmp_path: Path, database_url: str) -> None:
    """With a token, `unsent run` migrates, registers commands and long-polls the Bot API."""
    with FakeBotApi() as api:
        returncode, stderr = _run_then_interrupt(
            tmp_path, "run", api, database_url, until=api.polled
        )
        assert returncode == 0, stderr
        methods = api.methods()
        assert methods[0] == "getMe"
        assert "setMyCommands" in methods
        assert "getUpdates" in methods
        assert TOKEN not in stderr
        assert "starting to poll" in stderr
        assert asyncio.run(current_revision(database_url)) == head_revision()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (
            {"DATABASE_URL": "postgresql://postgres:pw@127.0.0.1:1/unsent"},
            "Can't use the database at postgresql+asyncpg://postgres:***@127.0.0.1:1/unsent",
        ),
        ({"DATABASE_URL": "nonsense"}, "DATABASE_URL in .env is invalid: not a database URL"),
        ({"DATABASE_URL": "mysql://root@127.0.0.1/unsent"}, "'mysql' is not supported"),
        (
            {"DATABASE_URL": "sqlite+aiosqlite:////proc/no/such/dir/unsent.db"},
            "Can't use the database at sqlite+aiosqlite:////proc/no/such/dir/unsent.db",
        ),
        (
            {
                "DATABASE_URL": "postgresql+asyncpg://postgres@127.0.0.1:1/unsent",
                "AUTO_MIGRATE": "false",
            },
            "Can't use the database",
        ),
    ],
)
def test_database_problems_are_one_line(tmp_path: Path, env: dict[str, str], expected: str) -> None:
    """Driverless, malformed, unsupported, unwritable or unreachable: always one line."""
    line = _one_clear_line(unsent(tmp_path, "run", BOT_TOKEN=TOKEN, **env))
    assert expected in line
    assert "pw@" not in line


def test_db_commands_on_a_dead_database_are_one_line(tmp_path: Path) -> None:
    """`db current` against nothing listening."""
    line = _one_clear_line(
        unsent(tmp_path, "db", "current", DATABASE_URL="postgresql+asyncpg://x@127.0.0.1:1/unsent")
    )
    assert "Can't use the database" in line


def test_downgrade_needs_an_explicit_revision(tmp_path: Path) -> None:
    """Rolling back deletes data: never by default."""
    line = _one_clear_line(unsent(tmp_path, "db", "downgrade"))
    assert "unsent db downgrade -1" in line


@pytest.mark.parametrize("garbage", [b"version: 1\n\xff\xfe broken", b"version: 1\x07\n"])
def test_content_with_bad_bytes_is_reported_not_crashed(tmp_path: Path, garbage: bytes) -> None:
    """A file that isn't UTF-8, or holds a control character: a problem line, not a traceback."""
    content = tmp_path / "content"
    shutil.copytree(PROJECT_ROOT / "content", content)
    (content / "crisis.yaml").write_bytes(garbage)
    checked = unsent(tmp_path, "content", "check", "--dir", str(content))
    assert checked.returncode == 1
    assert "crisis.yaml" in checked.stderr
    assert "Traceback" not in checked.stderr
    line = _one_clear_line(unsent(tmp_path, "run", BOT_TOKEN=TOKEN, CONTENT_DIR=str(content)))
    assert "crisis.yaml" in line


def test_deliver_runs_without_polling(tmp_path: Path, database_url: str) -> None:
    """`unsent deliver` (extra processes): checks the token, never calls getUpdates."""
    assert unsent(tmp_path, "db", "upgrade", DATABASE_URL=database_url).returncode == 0
    with FakeBotApi() as api:
        # Time to start its engine (and, wrongly, to poll, if it were going to).
        returncode, stderr = _run_then_interrupt(
            tmp_path, "deliver", api, database_url, until=api.first_call, settle=3
        )
        assert returncode == 0, stderr
        assert "delivering check-ins (no polling)" in stderr
        assert "getUpdates" not in api.methods()


def test_an_operator_deletes_a_person_by_telegram_id(tmp_path: Path) -> None:
    """`unsent user delete ID` erases one person and says what went; an unknown id is 1."""
    import asyncio
    from datetime import UTC, datetime

    from bot.db.engine import create_engine, create_session_factory
    from bot.db.models import Reason
    from bot.db.repositories import UserRepository

    assert unsent(tmp_path, "db", "upgrade").returncode == 0
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}"

    async def seed() -> None:
        engine = create_engine(url)
        async with create_session_factory(engine)() as session:
            now = datetime(2026, 11, 22, tzinfo=UTC)
            user = await UserRepository(session).add(
                telegram_user_id=555, chat_id=555, language=None, now=now
            )
            session.add(Reason(user_id=user.id, kind="deserve", text="kindness", created_at=now))
            await session.commit()
        await engine.dispose()

    asyncio.run(seed())
    done = unsent(tmp_path, "user", "delete", "555")
    assert done.returncode == 0, done.stderr
    assert "users 1, reasons 1" in done.stdout
    again = unsent(tmp_path, "user", "delete", "555")
    assert again.returncode == 1
    assert "nothing to delete" in again.stdout


def test_production_refuses_to_run_without_encryption_keys(tmp_path: Path) -> None:
    result = unsent(tmp_path, "run", BOT_TOKEN=TOKEN, ENVIRONMENT="production")
    assert "ENCRYPTION_KEYS is not set" in _one_clear_line(result)


def test_a_bad_encryption_key_is_refused_without_echoing_it(tmp_path: Path) -> None:
    result = unsent(tmp_path, "keys", "rotate", ENCRYPTION_KEYS="not-a-key-at-all-secret")
    line = _one_clear_line(result)
    assert "ENCRYPTION_KEYS" in line
    assert "not-a-key-at-all-secret" not in result.stderr


def test_keys_generate_then_rotate(tmp_path: Path) -> None:
    """A generated key is accepted; rotate runs on a migrated database and says what it did."""
    generated = unsent(tmp_path, "keys", "generate")
    assert generated.returncode == 0
    key = generated.stdout.strip()
    assert unsent(tmp_path, "db", "upgrade").returncode == 0
    rotated = unsent(tmp_path, "keys", "rotate", ENCRYPTION_KEYS=key)
    assert rotated.returncode == 0, rotated.stderr
    assert "answers 0" in rotated.stdout


def test_an_operator_imports_an_export(tmp_path: Path) -> None:
    """`unsent import FILE` loads an export for its own person; a second time is refused."""
    export = {
        "schema": "unsent-export",
        "version": 1,
        "tables": {
            "users": [
                {
                    "id": 41,
                    "telegram_user_id": 777,
                    "chat_id": 777,
                    "timezone": "Europe/Dublin",
                    "checkin_time": "21:00:00",
                    "checkin_weekdays": 127,
                    "language": "en",
                    "is_active": True,
                    "paused_until": None,
                    "onboarded_at": "2026-11-01T10:00:00+00:00",
                    "next_due_at": None,
                    "breakup_date": "2026-10-20",
                    "created_at": "2026-11-01T10:00:00+00:00",
                    "updated_at": "2026-11-01T10:00:00+00:00",
                }
            ],
            "reasons": [
                {
                    "id": 3,
                    "user_id": 41,
                    "kind": "deserve",
                    "text": "someone who stays",
                    "created_at": "2026-11-02T10:00:00+00:00",
                }
            ],
        },
    }
    path = tmp_path / "unsent-export.json"
    path.write_text(json.dumps(export))
    assert unsent(tmp_path, "db", "upgrade").returncode == 0
    done = unsent(tmp_path, "import", str(path))
    assert done.returncode == 0, done.stderr
    assert "Imported for Telegram id 777: users 1, reasons 1." in done.stdout
    again = unsent(tmp_path, "import", str(path))
    assert again.returncode == 1
    assert "already data" in again.stderr
