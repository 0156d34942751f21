"""What belongs to a bot account rather than to a tenant, and how a bot adopts the rows
of a database written before bots were named (their bot is '')."""

from __future__ import annotations

from .connection import Connection

# Each table the bot owns, with the columns that key a row for one bot.
BOT_TABLES: dict[str, tuple[str, ...]] = {
    "sync_state": (),
    "processed_events": ("event_id",),
    "pending_encrypted": ("event_id",),
    "direct_rooms": ("user_id",),
    "room_writers": ("room_id", "device_key"),
    "room_key_holders": ("room_id",),
    "outbox": ("txn_id",),
    "notices": ("id",),
}


async def adopt(conn: Connection, bot: str) -> int:
    """Rows of bot '' become `bot`'s, but where the bot has its own row of that key (it
    stays, the old one is left alone); the login saved under '' only if it is this bot's
    account. How many rows moved; run again, it moves none."""
    if not bot:
        return 0
    moved = 0
    for table, key in BOT_TABLES.items():
        same_key = "".join(f" AND mine.{column} = {table}.{column}" for column in key)
        moved += await conn.execute(
            f"UPDATE {table} SET bot = ? WHERE bot = '' AND NOT EXISTS"
            f" (SELECT 1 FROM {table} mine WHERE mine.bot = ?{same_key})",
            (bot, bot),
        )
    moved += await conn.execute(
        "UPDATE credentials SET bot = ? WHERE bot = '' AND user_id = ?"
        " AND NOT EXISTS (SELECT 1 FROM credentials mine WHERE mine.bot = ?)",
        (bot, bot, bot),
    )
    return moved
