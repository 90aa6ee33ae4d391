"""/delete through the Bot API emulator: two confirmations, then nothing is left."""

from __future__ import annotations

from .conftest import NewChat, StartBot, onboard


def test_delete_asks_twice_then_erases(
    start_bot: StartBot, new_chat: NewChat, database_url: str
) -> None:
    bot = start_bot(database_url=database_url)
    eli = new_chat(bot, user_id=474747, first_name="Eli")
    onboard(eli, "paris", "Morning 09:00")
    eli.send_text("a few words for my journal")
    eli.wait_for_message("journal")

    eli.send_command("/delete")
    preview = eli.wait_for_message("This erases everything")
    assert "journal entries: 1" in preview["text"]
    eli.press_button("Erase everything")
    eli.wait_for_message("type DELETE")
    eli.send_text("DELETE")
    done = eli.wait_for_message("Everything is erased")
    assert "journal entries: 1" in done["text"]

    eli.send_command("/settings")
    eli.wait_for_message("Hi, I'm unsent")  # nothing left: a fresh start


async def _seed_journal(url: str, telegram_id: int) -> None:
    """Someone with seven notes on seven days (real time can't pass in a test)."""
    from datetime import UTC, date, datetime, time, timedelta

    from bot.db.engine import create_engine, create_session_factory
    from bot.db.migrate import migrate
    from bot.db.models import Answer, CheckIn
    from bot.db.repositories import UserRepository

    await migrate(url)
    engine = create_engine(url)
    now = datetime.now(UTC)
    async with create_session_factory(engine)() as session:
        user = await UserRepository(session).add(
            telegram_user_id=telegram_id, chat_id=telegram_id, language="en", now=now
        )
        user.timezone, user.checkin_time, user.onboarded_at = "Europe/Rome", time(9), now
        for number in range(7):
            day = date(2026, 11, 10) + timedelta(days=number)
            checkin = CheckIn(
                user_id=user.id,
                local_date=day,
                kind="note",
                status="sent",
                on_demand=True,
                due_at=now,
                attempts=0,
                skipped=False,
                created_at=now,
                updated_at=now,
            )
            session.add(checkin)
            await session.flush()
            session.add(
                Answer(
                    user_id=user.id,
                    checkin_id=checkin.id,
                    local_date=day,
                    text=f"entry number {number}",
                    parts=1,
                    created_at=now,
                    updated_at=now,
                )
            )
        await session.commit()
    await engine.dispose()


def test_journal_pages(start_bot: StartBot, new_chat: NewChat, database_url: str) -> None:
    """Seven entries: the first page shows the newest five, "Older" the other two, in place."""
    import asyncio

    asyncio.run(_seed_journal(database_url, 484848))
    bot = start_bot(database_url=database_url)
    fay = new_chat(bot, user_id=484848, first_name="Fay")
    fay.send_command("/journal")
    first = fay.wait_for_message("Your journal")
    assert "(1-5 of 7)" in first["text"]
    assert "entry number 6" in first["text"]
    assert "entry number 1" not in first["text"]
    fay.press_button("◀ Older")
    older = fay.wait_for_message("(6-7 of 7)")
    assert older["message_id"] == first["message_id"]
    assert "entry number 0" in older["text"]
