"""unsent: a Telegram bot that keeps you company while you get over someone you miss."""

import os
from pathlib import Path

# Opt in to python-telegram-bot's future behaviour now: durations such as RetryAfter.retry_after
# are timedeltas (the engine handles both), and no deprecation warning on every 429.
os.environ.setdefault("PTB_TIMEDELTA", "1")

__version__ = "0.1.0"

#: The repository root when running from a checkout (content/ and migrations/ live there).
PROJECT_ROOT = Path(__file__).resolve().parent.parent
