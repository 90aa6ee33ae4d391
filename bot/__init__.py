"""unsent: a Telegram bot that keeps you company while you get over someone you miss."""

from pathlib import Path

__version__ = "0.1.0"

#: The repository root when running from a checkout (content/ and migrations/ live there).
PROJECT_ROOT = Path(__file__).resolve().parent.parent
