"""One connection API over SQLite (aiosqlite) and PostgreSQL (asyncpg).

The repositories write their SQL once, with `?` placeholders and the syntax both engines
share (`ON CONFLICT … DO NOTHING`, `RETURNING id`); the PostgreSQL connection numbers the
placeholders (`$1`, `$2`…) as asyncpg wants them. Where the engines really differ (JSON
paths, say), a repository asks `conn.dialect` and writes each form.
"""

from __future__ import annotations

import re
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any, Literal

import aiosqlite
import asyncpg

Dialect = Literal["sqlite", "postgresql"]
Row = Any  # a tuple-like row (sqlite3.Row or asyncpg.Record): index it by position

# What a database raises. The transient ones mean « try again later » (disk full, locked,
# the server gone or restarting, a deadlock broken): they become StorageError.
DATABASE_ERRORS: tuple[type[BaseException], ...] = (
    sqlite3.Error,
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
    asyncpg.InternalClientError,  # a connection the server dropped, used again
)
# A statement refused by a constraint (unique, check, foreign key): the data, not the moment.
INTEGRITY_ERRORS: tuple[type[BaseException], ...] = (
    sqlite3.IntegrityError,
    asyncpg.IntegrityConstraintViolationError,
)
_TRANSIENT_SQLSTATE_CLASSES = ("08", "40", "53", "57", "58")


def is_transient(error: BaseException) -> bool:
    """A failure of the moment, not of the statement: worth retrying later."""
    if isinstance(
        error,
        sqlite3.OperationalError | OSError | asyncpg.InterfaceError | asyncpg.InternalClientError,
    ):
        return True
    if isinstance(error, asyncpg.PostgresError):
        state = str(getattr(error, "sqlstate", "") or "")
        return state[:2] in _TRANSIENT_SQLSTATE_CLASSES or state == "55P03"
    return False


def is_disconnect(error: BaseException) -> bool:
    """The connection itself is gone (the server restarted, the network dropped, an
    administrator ended the session): a new one is needed, not only a new try."""
    if isinstance(error, OSError | asyncpg.InterfaceError | asyncpg.InternalClientError):
        return True
    state = str(getattr(error, "sqlstate", "") or "")
    return state[:2] == "08" or state in ("57P01", "57P02", "57P03")


class Connection(ABC):
    """What the repositories use: statements with `?` placeholders, rows by position."""

    dialect: Dialect

    @abstractmethod
    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; the number of rows it changed."""

    @abstractmethod
    async def execute_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement once per row of parameters."""

    @abstractmethod
    async def every(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """All the rows of the result."""

    async def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        """The first row of the result, or None."""
        return next(iter(await self.every(sql, params)), None)

    @abstractmethod
    async def records(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """All the rows, each as {column name: value} (an export names its fields)."""

    @abstractmethod
    async def close(self) -> None: ...


class SqliteConnection(Connection):
    """aiosqlite, one trip to its thread per statement: `execute_fetchall` rather than
    execute, fetch and close, three trips that were most of the bot's time per message
    under load (bench/load.py)."""

    dialect: Dialect = "sqlite"

    def __init__(self, raw: aiosqlite.Connection) -> None:
        self.raw = raw

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        cursor = await self.raw.execute(sql, tuple(params))
        return int(cursor.rowcount)

    async def execute_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        await self.raw.executemany(sql, [tuple(row) for row in rows])

    async def every(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return list(await self.raw.execute_fetchall(sql, tuple(params)))

    async def records(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        async with self.raw.execute(sql, tuple(params)) as cursor:
            names = [column[0] for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in await cursor.fetchall()]

    async def close(self) -> None:
        await self.raw.close()


class PostgresConnection(Connection):
    """asyncpg, with the placeholders numbered once per statement text."""

    dialect: Dialect = "postgresql"

    def __init__(self, raw: asyncpg.Connection) -> None:
        self.raw = raw

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        status = await self.raw.execute(numbered(sql), *params)
        # "UPDATE 3", "INSERT 0 1", "DELETE 0", "BEGIN": the count, when there is one, ends it
        last = str(status).rsplit(" ", 1)[-1]
        return int(last) if last.isdigit() else 0

    async def execute_many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        batch = [tuple(row) for row in rows]
        if batch:
            await self.raw.executemany(numbered(sql), batch)

    async def every(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return list(await self.raw.fetch(numbered(sql), *params))

    async def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        return await self.raw.fetchrow(numbered(sql), *params)

    async def records(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return [dict(record) for record in await self.raw.fetch(numbered(sql), *params)]

    async def close(self) -> None:
        await self.raw.close()


_TOKENS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*|\?")


@lru_cache(maxsize=1024)
def numbered(sql: str) -> str:
    """`?` placeholders as `$1`, `$2`…, leaving quoted text and comments alone."""
    count = 0

    def number(match: re.Match[str]) -> str:
        nonlocal count
        if match.group(0) != "?":
            return match.group(0)
        count += 1
        return f"${count}"

    return _TOKENS.sub(number, sql)
