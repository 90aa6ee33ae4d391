"""The /stats and weekly recap charts, drawn with matplotlib's Agg backend to PNG bytes.

Colours are chosen to read on both Telegram themes: a dark slate card with light text and
saturated marks, so the image looks the same on a light or a dark chat background.

Drawing takes 40-200 ms of CPU, so the bot never draws on its event loop: `drawn` runs a chart
on one worker thread (figures are plain `Figure` objects, no pyplot state, and one thread
means matplotlib is never entered twice at once). Replies and check-ins keep flowing meanwhile.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any, TypeVar

from bot.domain.checkin import TRIGGERS
from bot.domain.insights import Insights
from bot.domain.recap import WeekRecap
from bot.domain.weekdays import NAMES

BACKGROUND = "#1f2430"
TEXT = "#e8e8e8"
GRID = "#3a4150"
MOOD = "#7cc4ff"
SLIP = "#ff6b6b"
CLEAN = "#4cc38a"
EMPTY = "#2c3342"


_DRAWER: ThreadPoolExecutor | None = None
T = TypeVar("T")


async def drawn(chart: Callable[[T], bytes], data: T) -> bytes:
    """`chart(data)` on the drawing thread, awaited without blocking the event loop."""
    global _DRAWER  # noqa: PLW0603 (one drawing thread per process, made on first use)
    if _DRAWER is None:
        _DRAWER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="charts")
    return await asyncio.get_running_loop().run_in_executor(_DRAWER, chart, data)


def _figure(width: float, height: float) -> tuple[Any, Any]:
    from matplotlib.figure import Figure  # noqa: PLC0415 (loaded on the first chart only)

    figure = Figure(figsize=(width, height), dpi=110)
    axes = figure.add_subplot()
    figure.patch.set_facecolor(BACKGROUND)
    axes.set_facecolor(BACKGROUND)
    for spine in axes.spines.values():
        spine.set_color(GRID)
    axes.tick_params(colors=TEXT, labelsize=9)
    return figure, axes


def _png(figure: Any, *, fit: bool = True) -> bytes:
    buffer = io.BytesIO()
    if fit:
        figure.tight_layout()
    figure.savefig(buffer, format="png", facecolor=BACKGROUND)
    return buffer.getvalue()


def mood_chart(data: Insights) -> bytes:
    """Mood by day (1 heavy .. 5 light), slips as red lines."""
    figure, axes = _figure(6.4, 3.2)
    days = [d for d, _ in data.moods]
    axes.plot(days, [m for _, m in data.moods], color=MOOD, marker="o", markersize=3, lw=1.8)
    for slip in data.slips:
        axes.axvline(slip, color=SLIP, lw=1, alpha=0.8)
    axes.set_ylim(0.5, 5.5)
    axes.set_yticks([1, 2, 3, 4, 5])
    axes.grid(axis="y", color=GRID, lw=0.6)
    axes.set_title("Mood, 1 (heavy) to 5 (light); red: slips", color=TEXT, fontsize=11)
    from matplotlib.dates import DateFormatter  # noqa: PLC0415

    axes.xaxis.set_major_formatter(DateFormatter("%d %b"))  # type: ignore[no-untyped-call]
    return _png(figure)


def trigger_chart(data: Insights) -> bytes:
    """What brought them to mind most."""
    figure, axes = _figure(6.4, 3.0)
    labels = [TRIGGERS.get(t, t).split(" ", 1)[-1] for t, _ in data.triggers][::-1]
    counts = [n for _, n in data.triggers][::-1]
    axes.barh(labels, counts, color=MOOD)
    axes.set_title("What brought them to mind most", color=TEXT, fontsize=11)
    axes.grid(axis="x", color=GRID, lw=0.6)
    return _png(figure)


def calendar_chart(data: Insights) -> bytes:
    """The last weeks as squares: green kept, red slip, dark not counted."""
    from matplotlib.patches import Rectangle  # noqa: PLC0415

    figure, axes = _figure(6.4, 2.6)
    colours = {"clean": CLEAN, "slip": SLIP, "": EMPTY}
    first = data.calendar[0][0]
    for day, state in data.calendar:
        week, weekday = (day - first).days // 7, day.weekday()
        axes.add_patch(Rectangle((week, 6 - weekday), 0.9, 0.9, color=colours[state], lw=0))
    weeks = len(data.calendar) // 7
    axes.set_xlim(-0.2, weeks)
    axes.set_ylim(-0.2, 7)
    axes.set_yticks([6.45, 4.45, 2.45, 0.45], ["Mon", "Wed", "Fri", "Sun"])
    axes.set_xticks(
        [w + 0.45 for w in range(0, weeks, 4)],
        [f"{(first + timedelta(weeks=w)):%d %b}" for w in range(0, weeks, 4)],
    )
    axes.set_aspect("equal")
    axes.set_title("No contact: green kept, red slip", color=TEXT, fontsize=11)
    return _png(figure)


def week_chart(recap: WeekRecap) -> bytes:
    """The week's moods as bars, one per day; slips of any count as a red mark on top."""
    figure, axes = _figure(5.6, 2.8)
    days = [day for day, _ in recap.moods]
    heights = [mood or 0 for _, mood in recap.moods]
    axes.bar(range(len(days)), heights, color=MOOD, width=0.65)
    axes.set_xticks(range(len(days)), [NAMES[day.weekday()] for day in days])
    axes.set_ylim(0, 5.6)
    axes.set_yticks([1, 2, 3, 4, 5])
    axes.grid(axis="y", color=GRID, lw=0.6)
    axes.set_axisbelow(True)
    axes.set_title("Mood this week, 1 (heavy) to 5 (light)", color=TEXT, fontsize=11)
    # Fixed margins instead of tight_layout: a third of the drawing time, for the same picture
    # (seven short labels always fit), and recaps are drawn by the hundred.
    figure.subplots_adjust(left=0.07, right=0.98, top=0.88, bottom=0.12)
    return _png(figure, fit=False)
