"""The event loop: uvloop where it is installed (Linux, macOS), else asyncio's own.

uvloop runs the same asyncio code on a faster loop and socket layer; with it one process
delivers about 10% more check-ins a second (docs/benchmarks.md). Nothing in unsent depends on
it: on Windows, where it does not exist, the standard loop runs the same code.
"""

from __future__ import annotations

import asyncio
import importlib


def use_fast_event_loop() -> str:
    """Make new event loops uvloop loops if possible; returns the name of the loop in use."""
    try:
        uvloop = importlib.import_module("uvloop")
    except ImportError:
        return "asyncio"
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    return "uvloop"
