"""`unsent keys rotate`: every encrypted column, re-encrypted to the newest key in batches.

Each batch is its own transaction, in id order, so an interrupted run loses nothing and simply
runs again (re-encrypting a value that is already under the newest key is harmless).
Plaintext from before encryption was turned on is encrypted on the way."""

from __future__ import annotations

from sqlalchemy import Column, Table, Text, cast, select, type_coerce, update

from bot.db.crypto import rotated
from bot.db.engine import create_engine
from bot.db.models import Answer, Reason, TrackerEvent, UnsentMessage

BATCH = 500
ENCRYPTED: tuple[tuple[Table, str], ...] = tuple(
    (model.__table__, column)  # type: ignore[misc]
    for model, column in (
        (Answer, "text"),
        (TrackerEvent, "note"),
        (Reason, "text"),
        (UnsentMessage, "text"),
    )
)


async def rotate_all(url: str, batch: int = BATCH) -> dict[str, int]:
    """Rows re-encrypted per table."""
    engine = create_engine(url)
    done: dict[str, int] = {}
    try:
        for table, name in ENCRYPTED:
            column: Column[str] = table.c[name]
            last, count = 0, 0
            while True:
                async with engine.begin() as connection:
                    rows = (
                        await connection.execute(
                            select(table.c.id, cast(column, Text))  # raw stored value
                            .where(table.c.id > last, column.is_not(None))
                            .order_by(table.c.id)
                            .limit(batch)
                        )
                    ).all()
                    for row_id, stored in rows:
                        # Only if nobody changed it meanwhile (run it with the bot stopped, or
                        # run it again: a changed row is written under the newest key anyway).
                        await connection.execute(
                            update(table)
                            .where(table.c.id == row_id, cast(column, Text) == stored)
                            .values({name: type_coerce(rotated(stored), Text)})
                        )
                if not rows:
                    break
                last, count = rows[-1][0], count + len(rows)
            done[table.name] = count
    finally:
        await engine.dispose()
    return done
