"""Reads in one trip to aiosqlite's thread.

`async with conn.execute(...) as cur: await cur.fetchone()` costs three trips (execute,
fetch, close), each a thread wake-up and an event-loop wake-up; under load these trips,
not SQLite, were most of the bot's time per message (bench/load.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import aiosqlite


async def one(conn: aiosqlite.Connection, sql: str, params: Iterable[Any] = ()) -> Any | None:
    """The first row of the result, or None."""
    rows = await conn.execute_fetchall(sql, tuple(params))
    return next(iter(rows), None)


async def every(conn: aiosqlite.Connection, sql: str, params: Iterable[Any] = ()) -> list[Any]:
    """All the rows of the result."""
    return list(await conn.execute_fetchall(sql, tuple(params)))
