"""The ten-minute check-back after an urge: claimed from the database (so it survives a
restart and goes out once, from one process), then sent."""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.error import Forbidden, TelegramError

from bot.clock import Clock
from bot.logging_setup import describe_exception
from bot.services.uow import UnitOfWorkFactory
from bot.views.urges import check_back

log = logging.getLogger(__name__)


class CheckBacks:
    """Sends the check-backs that are due; at most once each, like check-ins."""

    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock, bot: Bot, batch: int = 200):
        self._uow = uow
        self._clock = clock
        self._bot = bot
        self._batch = batch

    async def tick(self) -> int:
        """Claim and send what is due; the number sent."""
        async with self._uow() as work:
            due = await work.urges.claim_check_backs(self._clock.now(), self._batch)
            await work.commit()
        sent = 0
        for item in due:
            text, markup = check_back(item.urge_id)
            try:
                await self._bot.send_message(item.chat_id, text, reply_markup=markup)
            except Forbidden:
                # Blocked, like a check-in: nothing more until they write again.
                async with self._uow() as work:
                    await work.delivery.deactivate([item.user_id], self._clock.now())
                    await work.commit()
                continue
            except TelegramError as exc:
                log.warning(
                    "urge check-back not sent: %s",
                    describe_exception(exc),
                    extra={"user_id": item.user_id},
                )
                continue
            sent += 1
        return sent
