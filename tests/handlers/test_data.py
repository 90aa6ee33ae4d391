"""/export and /delete through the real handlers: everything out, everything gone."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.base import Base
from bot.db.data import PERSONAL
from bot.db.engine import create_session_factory
from bot.views import data as view
from tests.handlers.conftest import Chat, ready


async def _a_full_life(chat: Chat) -> None:
    """Something in every table: check-in with an answer, a tracker with a slip, a
    suggestion with feedback, a reason, an urge and an unsent message, and a weekly recap."""
    await ready(chat)
    await chat.send("/checkin")
    await chat.press("2 😔")
    await chat.press("🎵 A song")
    await chat.send("Our song came on in the shop; I had to leave.")
    await chat.send("/nocontact")
    await chat.press("Count days without contact")
    await chat.send("10 days ago")
    await chat.send("/slip")
    await chat.press("I replied to them")
    await chat.press("Add a note")
    await chat.send("Only three words, but still.")
    await chat.send("/cope so lonely tonight")
    await chat.press("This helped")
    await chat.send("/reasons")
    await chat.press("+ Why it ended")
    await chat.send("We wanted different lives")
    await chat.send("/urge")
    await chat.press("Write it here instead")
    await chat.send("I still think about you every day")
    deps = chat.app.bot_data["deps"]
    deps.clock.advance(timedelta(days=1))  # Sunday evening: the weekly recap
    assert (await deps.engine.tick()).recaps.sent == 1


async def _counts(engine: AsyncEngine) -> dict[str, int]:
    async with create_session_factory(engine)() as session:
        found = {}
        for table in Base.metadata.sorted_tables:
            rows = (await session.execute(select(table))).all()
            found[table.name] = len(rows)
        return found


async def test_every_personal_table_is_known() -> None:
    """A new table that holds someone's rows must be exported and erased too."""
    with_user = {table.name for table in Base.metadata.sorted_tables if "user_id" in table.columns}
    assert with_user == {model.__tablename__ for model in PERSONAL}


async def test_export_has_everything_and_delete_erases_it(chat: Chat, engine: AsyncEngine) -> None:
    await _a_full_life(chat)
    counts = await _counts(engine)
    assert all(counts[t] > 0 for t in counts if t != "conversation_states"), counts

    await chat.send("/export")
    uploads = chat.api.sent("sendDocument")
    files = {name: content for call in uploads for name, content in call.files.values()}
    assert set(files) == {"unsent-export.json", "answers.csv", "slips.csv"}
    document = json.loads(files["unsent-export.json"])
    assert (document["schema"], document["version"]) == ("unsent-export", 2)
    tables = document["tables"]
    for name, count in counts.items():
        if name != "conversation_states":
            assert len(tables[name]) == count, name
    assert "I still think about you every day" in files["unsent-export.json"].decode()
    answers = list(csv.DictReader(io.StringIO(files["answers.csv"].decode())))
    assert answers[0]["text"] == "Our song came on in the shop; I had to leave."
    assert answers[0]["mood"] == "2"
    slips = list(csv.DictReader(io.StringIO(files["slips.csv"].decode())))
    assert (slips[0]["what"], slips[0]["note"]) == ("replied", "Only three words, but still.")

    preview = await chat.send("/delete")
    assert "journal entries: 1" in preview[0]
    await chat.press(view.ERASE)
    done = await chat.send("DELETE")
    assert done[0].startswith(view.ERASED_FIRST)
    assert all(count == 0 for count in (await _counts(engine)).values())
    again = await chat.send("/start")
    assert "Hi, I'm unsent" in again[0]


async def test_delete_needs_both_confirmations(chat: Chat, engine: AsyncEngine) -> None:
    await ready(chat)
    await chat.send("/delete")
    assert (await chat.press(view.KEEP)) == [view.KEPT]
    await chat.send("/delete")
    await chat.press(view.ERASE)
    kept = await chat.send("delete please")
    assert kept[0] == view.KEPT  # nothing deleted, and the words themselves are kept
    assert (await _counts(engine))["answers"] == 1
    assert (await _counts(engine))["users"] == 1
    await chat.send("DELETE")  # not asked any more: just words for the journal
    counts = await _counts(engine)
    assert (counts["users"], counts["answers"]) == (1, 1)


def _canonical(tables: dict[str, list[dict[str, object]]]) -> dict[str, list[dict[str, object]]]:
    """The tables with every id replaced by its position, foreign keys likewise."""
    order = {
        name: {row["id"]: i for i, row in enumerate(sorted(rows, key=lambda r: r["id"]))}
        for name, rows in tables.items()
        if rows and "id" in rows[0]
    }
    links = {"checkin_id": "checkins", "tracker_id": "trackers", "urge_id": "urges"}
    result: dict[str, list[dict[str, object]]] = {}
    for name, rows in tables.items():
        if name == "conversation_states":
            continue
        canonical = []
        for row in sorted(rows, key=lambda r: r.get("id", 0)):
            copy = dict(row)
            copy["id"] = order[name][row["id"]] if "id" in row else None
            copy.pop("user_id", None)
            for column, target in links.items():
                if copy.get(column) is not None:
                    copy[column] = order[target][copy[column]]
            canonical.append(copy)
        result[name] = canonical
    return result


def _export_tables(chat: Chat) -> tuple[bytes, dict[str, list[dict[str, object]]]]:
    exports = [
        c.files["document"][1]
        for c in chat.api.sent("sendDocument")
        if c.files.get("document", ("", b""))[0] == "unsent-export.json"
    ]
    content = exports[-1]
    return content, json.loads(content)["tables"]


async def test_an_export_sent_back_round_trips_exactly(chat: Chat, engine: AsyncEngine) -> None:
    """Export, erase, send the file back, export again: the same data, row for row."""
    await _a_full_life(chat)
    await chat.send("/export")
    content, before = _export_tables(chat)
    await chat.send("/delete")
    await chat.press(view.ERASE)
    await chat.send("DELETE")
    chat.api.uploads["export-1"] = content
    document = {
        "file_id": "export-1",
        "file_unique_id": "u-export-1",
        "file_name": "unsent-export.json",
        "file_size": len(content),
    }
    back = await chat.feed(document=document)
    assert back[0].startswith("Welcome back.")
    again = await chat.feed(document=document)
    assert "already data for you here" in again[0]  # never mixes two histories
    chat.api.calls.clear()
    await chat.send("/export")
    _, after = _export_tables(chat)
    assert _canonical(after) == _canonical(before)


async def test_other_files_get_a_kind_answer(chat: Chat) -> None:
    await ready(chat)
    chat.api.uploads["x"] = b"%PDF-1.4"
    replies = await chat.feed(
        document={"file_id": "x", "file_unique_id": "ux", "file_name": "cv.pdf"}
    )
    assert replies == [view.IMPORT_ONLY_JSON]
    chat.api.uploads["y"] = b"not json at all"
    replies = await chat.feed(
        document={"file_id": "y", "file_unique_id": "uy", "file_name": "notes.json"}
    )
    assert "isn't an unsent export" in replies[0]
