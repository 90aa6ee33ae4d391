"""/journal: their answers and notes, newest first, a page at a time; one entry whole; and a
search that decrypts in memory, for this person only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.domain.profile import Who
from bot.services.uow import UnitOfWorkFactory

PAGE = 5


@dataclass(frozen=True)
class Entry:
    """One journal entry as listed."""

    id: int
    day: date
    kind: str  # checkin | note
    mood: int | None
    trigger: str | None
    text: str


@dataclass(frozen=True)
class JournalPage:
    """A page of entries (page 0 is the newest)."""

    entries: tuple[Entry, ...]
    page: int
    total: int
    query: str | None = None

    @property
    def has_older(self) -> bool:
        """Whether an older page exists."""
        return (self.page + 1) * PAGE < self.total

    @property
    def has_newer(self) -> bool:
        """Whether a newer page exists."""
        return self.page > 0


@dataclass(frozen=True)
class EntryShown:
    """One entry, whole."""

    entry: Entry


@dataclass(frozen=True)
class NoEntry:
    """An entry that doesn't exist or isn't theirs."""


JournalOutcome = JournalPage | EntryShown | NoEntry


class JournalService:
    """Reads only; the unit of work never commits."""

    def __init__(self, *, uow: UnitOfWorkFactory) -> None:
        self._uow = uow

    async def page(self, who: Who, page: int = 0, query: str | None = None) -> JournalPage:
        """A page of the journal, or of the entries containing `query` (any case)."""
        page = max(0, page)
        async with self._uow() as work:
            user = await work.users.by_telegram_id(who.telegram_user_id)
            if user is None:
                return JournalPage((), 0, 0, query)
            if query:
                # Encrypted at rest: decrypt this person's entries in memory and filter here.
                needle = query.casefold()
                found = [
                    r for r in await work.journal.every(user.id) if needle in r[0].text.casefold()
                ]
                total, rows = len(found), found[page * PAGE : (page + 1) * PAGE]
            else:
                total = await work.journal.count(user.id)
                rows = await work.journal.page(user.id, page * PAGE, PAGE)
            entries = tuple(
                Entry(a.id, a.local_date, kind, mood, trigger, a.text)
                for a, kind, mood, trigger in rows
            )
            return JournalPage(entries, page, total, query)

    async def entry(self, who: Who, answer_id: int) -> EntryShown | NoEntry:
        """One entry whole, if it is theirs."""
        async with self._uow() as work:
            user = await work.users.by_telegram_id(who.telegram_user_id)
            row = await work.journal.one(answer_id, user.id) if user else None
            if row is None:
                return NoEntry()
            answer, kind, mood, trigger = row
            return EntryShown(Entry(answer.id, answer.local_date, kind, mood, trigger, answer.text))
