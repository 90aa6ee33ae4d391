"""A person's control over their data: export all of it, erase all of it. One unit of work per
call; erasing asks twice (a button, then a typed word)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from bot.clock import Clock
from bot.db.data import ImportProblemError
from bot.domain.profile import Who
from bot.services.scheduling import reschedule
from bot.services.uow import UnitOfWorkFactory

SCHEMA = "unsent-export"
VERSION = 2  # 2: weekly recaps (users.recap_*, recaps)
READS = (1, 2)  # a version 1 export simply has no recaps
FLOW = "delete"
CONFIRM_WORD = "DELETE"
QUESTION_LIFETIME = timedelta(minutes=10)


@dataclass(frozen=True)
class ExportFiles:
    """The files of an export: name -> content."""

    files: dict[str, bytes]
    counts: dict[str, int]


@dataclass(frozen=True)
class DeletePreview:
    """What erasing would remove; they are asked to confirm."""

    counts: dict[str, int]


@dataclass(frozen=True)
class AskWord:
    """Second confirmation: type the word."""

    word: str = CONFIRM_WORD


@dataclass(frozen=True)
class Erased:
    """Everything is gone; what was removed."""

    counts: dict[str, int]


@dataclass(frozen=True)
class KeptData:
    """They changed their mind, or typed something else: nothing was deleted."""


@dataclass(frozen=True)
class Imported:
    """An export put back: rows per table."""

    counts: dict[str, int]


@dataclass(frozen=True)
class ImportRefused:
    """Why an export could not be put back."""

    reason: str


@dataclass(frozen=True)
class NothingHeld:
    """We hold nothing about them."""


DataOutcome = (
    ExportFiles
    | DeletePreview
    | AskWord
    | Erased
    | KeptData
    | NothingHeld
    | Imported
    | ImportRefused
)
DATA_OUTCOMES = (
    ExportFiles,
    DeletePreview,
    AskWord,
    Erased,
    KeptData,
    NothingHeld,
    Imported,
    ImportRefused,
)


def _csv(rows: list[dict[str, Any]], columns: list[str]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


class DataService:
    """Export and erase."""

    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def export(self, who: Who) -> ExportFiles | NothingHeld:
        """/export: one JSON document with everything, and CSV files for answers and slips."""
        async with self._uow() as work:
            user = await work.users.by_telegram_id(who.telegram_user_id)
            if user is None:
                return NothingHeld()
            tables = await work.data.dump(user)
            counts = await work.data.counts(user.id)
        document = {
            "schema": SCHEMA,
            "version": VERSION,
            "exported_at": self._clock.now().isoformat(),
            "tables": tables,
        }
        checkins = {c["id"]: c for c in tables["checkins"]}
        answers = [
            {
                "date": a["local_date"],
                "kind": checkins.get(a["checkin_id"], {}).get("kind", ""),
                "mood": checkins.get(a["checkin_id"], {}).get("mood", ""),
                "trigger": checkins.get(a["checkin_id"], {}).get("trigger", ""),
                "text": a["text"],
            }
            for a in tables["answers"]
        ]
        labels = {t["id"]: t["label"] for t in tables["trackers"]}
        slips = [
            {
                "date": e["local_date"],
                "tracker": labels.get(e["tracker_id"], ""),
                "kind": e["kind"],
                "what": e["what"] or "",
                "trigger": e["trigger"] or "",
                "note": e["note"] or "",
                "undone": "yes" if e["undone_at"] else "",
            }
            for e in tables["tracker_events"]
            if e["kind"] != "confirmed"
        ]
        return ExportFiles(
            {
                "unsent-export.json": json.dumps(document, ensure_ascii=False, indent=1).encode(),
                "answers.csv": _csv(answers, ["date", "kind", "mood", "trigger", "text"]),
                "slips.csv": _csv(
                    slips, ["date", "tracker", "kind", "what", "trigger", "note", "undone"]
                ),
            },
            counts,
        )

    async def load(
        self, content: bytes, telegram_user_id: int, chat_id: int
    ) -> Imported | ImportRefused:
        """An export put back (/import by sending the file, or `unsent import`)."""
        try:
            document = json.loads(content.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            return ImportRefused("that file isn't an unsent export (not JSON)")
        if not isinstance(document, dict) or document.get("schema") != SCHEMA:
            return ImportRefused("that file isn't an unsent export")
        if document.get("version") not in READS:
            return ImportRefused(
                f"that export is version {document.get('version')}, I read up to {VERSION}"
            )
        tables = document.get("tables")
        if not isinstance(tables, dict):
            return ImportRefused("that export has no tables")
        async with self._uow() as work:
            try:
                loaded = await work.data.load(tables, telegram_user_id, chat_id)
            except ImportProblemError as exc:
                return ImportRefused(str(exc))
            except (TypeError, KeyError, AttributeError, ValueError, SQLAlchemyError):
                return ImportRefused("that export is damaged")
            user = await work.users.by_telegram_id(telegram_user_id)
            assert user is not None
            await reschedule(work, user, self._clock.now())
            await work.commit()
            return Imported(loaded)

    async def delete_preview(self, who: Who) -> DeletePreview | NothingHeld:
        """/delete: what would be erased."""
        async with self._uow() as work:
            user = await work.users.by_telegram_id(who.telegram_user_id)
            if user is None:
                return NothingHeld()
            return DeletePreview(await work.data.counts(user.id))

    async def delete_confirmed_once(self, who: Who) -> AskWord | NothingHeld:
        """The button: now they type the word."""
        async with self._uow() as work:
            user = await work.users.by_telegram_id(who.telegram_user_id)
            if user is None:
                return NothingHeld()
            await work.conversations.set(
                user_id=user.id, flow=FLOW, step="word", now=self._clock.now()
            )
            await work.commit()
            return AskWord()

    async def keep(self, who: Who) -> KeptData:
        """ "Keep my data" (or anything but the word)."""
        async with self._uow() as work:
            user = await work.users.by_telegram_id(who.telegram_user_id)
            state = await work.conversations.get(user.id) if user else None
            if user is not None and state is not None and state.flow == FLOW:
                await work.conversations.clear(user.id)
                await work.commit()
        return KeptData()

    async def on_text(self, who: Who, text: str) -> Erased | KeptData | None:
        """The typed confirmation, if we asked for it; None otherwise."""
        async with self._uow() as work:
            user = await work.users.by_telegram_id(who.telegram_user_id)
            if user is None:
                return None
            open_ = await work.conversations.open_question(
                user.id, FLOW, self._clock.now(), QUESTION_LIFETIME
            )
            if open_ is None:
                await work.commit()
                return None  # not asked, or long forgotten: these are words for the journal
            await work.conversations.clear(user.id)
            if text.strip() != CONFIRM_WORD:
                await work.commit()
                return KeptData()
            counts = await work.data.counts(user.id)
            await work.data.erase(user.id)
            await work.commit()
            return Erased({"users": 1, **counts})

    async def erase_by_telegram_id(self, telegram_user_id: int) -> dict[str, int] | None:
        """The operator's delete (unsent user delete ID): what was removed, or None."""
        async with self._uow() as work:
            user = await work.users.by_telegram_id(telegram_user_id)
            if user is None:
                return None
            counts = await work.data.counts(user.id)
            await work.data.erase(user.id)
            await work.commit()
            return {"users": 1, **counts}
