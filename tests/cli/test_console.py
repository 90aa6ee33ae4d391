"""`unsent console` driven through a pipe, as a script or a curious operator would."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.conftest import drop_database, fresh_database_url


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """A fresh database of the configured backend."""
    url, name = fresh_database_url(tmp_path)
    yield url
    drop_database(name)


def console(tmp_path: Path, database_url: str, *lines: str) -> str:
    """Run the console with `lines` as the person's input; its whole output."""
    env = {k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "CONTENT_DIR"}}
    env["DATABASE_URL"] = database_url
    result = subprocess.run(
        [sys.executable, "-m", "bot", "console"],
        cwd=tmp_path,
        env=env,
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


def test_onboarding_in_the_console_survives_a_restart(tmp_path: Path, database_url: str) -> None:
    """Onboard with typed text and a numbered button; a second session remembers it all."""
    first = console(tmp_path, database_url, "/start", "kyiv", "2", ":location 91 0", "/help")
    assert "bot › Hi, I'm unsent." in first
    assert "[1] Morning 09:00   [2] Evening 19:00   [3] Night 22:00" in first
    assert "You're all set." in first
    assert "Europe/Kyiv" in first
    assert "Check-in: 19:00, every day" in first
    assert "/settings: Time zone, check-in time and days" in first

    second = console(tmp_path, database_url, "/settings", "3", "7", ":quit")
    assert "Your settings" in second
    assert "Europe/Kyiv" in second
    assert "Check-in: 19:00, every day" in second
    assert "Check-in: 19:00, on Mon, Tue, Wed, Thu, Fri, Sat" in second


def test_console_commands_explain_themselves(tmp_path: Path, database_url: str) -> None:
    """Unknown console commands print the help; a bad :location is explained."""
    output = console(tmp_path, database_url, ":what", ":location north south", ":press 9")
    assert ":location LAT LON" in output
    assert "Usage: :location LAT LON" in output
    assert "There's no button with that number." in output


def test_a_checkin_arrives_when_the_console_clock_moves_forward(
    tmp_path: Path, database_url: str
) -> None:
    """Check-in set two hours ahead; `:clock +3h` delivers it; pressing and writing work."""
    at = (datetime.now(UTC) + timedelta(hours=2)).strftime("%H:%M")
    output = console(
        tmp_path,
        database_url,
        "/start",
        "UTC",
        at,
        ":clock +3h",
        "4",
        ":press 13",
        "a calm day, mostly",
        ":clock +1d",
        ":tick",
    )
    assert "(delivered 1 check-in(s), 0 reminder(s), 0 check-back(s), 0 recap(s))" in output
    assert "1 (very) to 5 (light)" in output
    assert "✓ 4 🙂" in output
    assert "I'm glad today felt a little lighter." in output
    assert "Added to today's entry." in output
    # The next day's arrives during the next day's travel, not at the extra tick.
    assert output.count("(delivered 1 check-in(s)") == 2
    assert "(delivered 0 check-in(s), 0 reminder(s), 0 check-back(s), 0 recap(s))" in output


def test_the_no_contact_flow_in_the_console(tmp_path: Path, database_url: str) -> None:
    """Start backdated, slip, see the streak restart, undo: all with typed text and numbers."""
    out = console(
        tmp_path,
        database_url,
        "/start",
        "kyiv",
        "2",
        "/nocontact",
        "1",
        "6 days ago",
        "/slip",
        "1",
        "/streaks",
        "1",
        "4",
        ":quit",
    )
    assert "Started. No contact · day 6" in out
    assert "The 6 days before it still count" in out
    assert "No contact · day 0" in out
    assert "Last slip: today (I reached out)" in out
    assert "Undone. No contact · day 6" in out


def test_cope_the_urge_check_back_and_a_crisis_in_the_console(
    tmp_path: Path, database_url: str
) -> None:
    """/cope with words, the urge flow with its check-back after :clock +11m, and a message
    that speaks of danger answered with the crisis lines first."""
    out = console(
        tmp_path,
        database_url,
        "/start",
        "london",
        "2",
        "/cope i keep replaying our last fight",
        "/urge",
        "1",
        "please call me",
        ":clock +11m",
        "1",
        "i want to die",
        ":quit",
    )
    assert "[1] Another one" in out
    assert "That pull is real, and it will pass." in out
    assert "Kept in your unsent box." in out
    assert "Ten minutes. How is the wave now?" in out
    assert "Waves got through so far: 1." in out
    crisis = out[out.index("you › i want to die") :]
    assert crisis.splitlines()[1] == "bot › I'm here, and I'm taking what you wrote seriously."
    assert "Samaritans" in crisis
