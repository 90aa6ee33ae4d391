"""The replies to free text, whichever service answered it."""

from __future__ import annotations

from datetime import datetime

from bot.services.conversation import CrisisHelp, TextOutcome
from bot.services.coping import COPING_OUTCOMES
from bot.services.data import DATA_OUTCOMES
from bot.services.urges import URGE_OUTCOMES
from bot.views import texts
from bot.views.coping import render_coping
from bot.views.data import render_data
from bot.views.render import Reply, render_any
from bot.views.trackers import TRACKER_OUTCOMES, render_trackers
from bot.views.urges import render_urge


def render_text_outcome(outcome: TextOutcome, now: datetime) -> list[Reply]:
    """The messages for one outcome of Conversation.on_text."""
    if isinstance(outcome, CrisisHelp):
        return [Reply(texts.crisis_text(outcome.lines))]
    if isinstance(outcome, COPING_OUTCOMES):
        return render_coping(outcome)
    if isinstance(outcome, URGE_OUTCOMES):
        return render_urge(outcome)
    if isinstance(outcome, DATA_OUTCOMES):
        return render_data(outcome)
    if isinstance(outcome, TRACKER_OUTCOMES):
        return render_trackers(outcome)
    return render_any(outcome, now)
