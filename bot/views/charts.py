"""The /stats charts, drawn in-process with matplotlib's Agg backend to PNG bytes.

Colours are chosen to read on both Telegram themes: a dark slate card with light text and
saturated marks, so the image looks the same on a light or a dark chat background.
"""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from bot.domain.checkin import TRIGGERS
from bot.domain.insights import Insights

BACKGROUND = "#1f2430"
TEXT = "#e8e8e8"
GRID = "#3a4150"
MOOD = "#7cc4ff"
SLIP = "#ff6b6b"
CLEAN = "#4cc38a"
EMPTY = "#2c3342"


def _pyplot() -> Any:
    import matplotlib  # noqa: PLC0415 (loaded on the first /stats only)

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    return plt


def _figure(width: float, height: float) -> tuple[Any, Any, Any]:
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(width, height), dpi=110)
    figure.patch.set_facecolor(BACKGROUND)
    axes.set_facecolor(BACKGROUND)
    for spine in axes.spines.values():
        spine.set_color(GRID)
    axes.tick_params(colors=TEXT, labelsize=9)
    return plt, figure, axes


def _png(plt: Any, figure: Any) -> bytes:
    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format="png", facecolor=BACKGROUND)
    plt.close(figure)
    return buffer.getvalue()


def mood_chart(data: Insights) -> bytes:
    """Mood by day (1 heavy .. 5 light), slips as red lines."""
    plt, figure, axes = _figure(6.4, 3.2)
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
    return _png(plt, figure)


def trigger_chart(data: Insights) -> bytes:
    """What brought them to mind most."""
    plt, figure, axes = _figure(6.4, 3.0)
    labels = [TRIGGERS.get(t, t).split(" ", 1)[-1] for t, _ in data.triggers][::-1]
    counts = [n for _, n in data.triggers][::-1]
    axes.barh(labels, counts, color=MOOD)
    axes.set_title("What brought them to mind most", color=TEXT, fontsize=11)
    axes.grid(axis="x", color=GRID, lw=0.6)
    return _png(plt, figure)


def calendar_chart(data: Insights) -> bytes:
    """The last weeks as squares: green kept, red slip, dark not counted."""
    plt, figure, axes = _figure(6.4, 2.6)
    colours = {"clean": CLEAN, "slip": SLIP, "": EMPTY}
    first = data.calendar[0][0]
    for day, state in data.calendar:
        week, weekday = (day - first).days // 7, day.weekday()
        axes.add_patch(plt.Rectangle((week, 6 - weekday), 0.9, 0.9, color=colours[state], lw=0))
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
    return _png(plt, figure)
