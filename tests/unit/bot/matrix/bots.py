"""A whole `Harmonie` on the fake homeserver and a real SQLite database, for the adapter's
tests: built in one place, so a change of how the bot is assembled is made here once."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.config import Config, parse_config
from bot.matrix.client import client_config
from bot.matrix.sync import Harmonie
from bot.wiring import assemble
from storage import Database
from tests.support.fake_matrix import BOT, FakeClient, FakeHomeserver
from tests.support.kit import SettableClock

AGENT = "@agent:mairie.fr"
STRANGER = "@mallory:ailleurs.example"
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)


def bot_config(tmp_path: Path, **matrix: Any) -> Config:
    data: dict[str, Any] = {
        "matrix": {
            "homeserver": "https://matrix.mairie.fr",
            "user_id": BOT,
            "access_token": "not-a-real-one",
            "store_path": str(tmp_path / "store"),
            "encryption": False,
            **matrix,
        },
        "organisation": {"name": "Ville de Test", "admins": ["@admin:mairie.fr"]},
    }
    return parse_config(data, source="test", base_dir=tmp_path, environ={})


def fake_client(
    tmp_path: Path, homeserver: FakeHomeserver, config: Config | None = None
) -> FakeClient:
    """The bot's client, configured as `harmonie run` configures it, on the fake."""
    config = config or bot_config(tmp_path)
    store = config.matrix.store_path
    store.mkdir(parents=True, exist_ok=True)
    return FakeClient(homeserver, store, client_config(config, "a-test-pickle-key"))


def now_ms() -> int:
    """A server timestamp the bot answers: its first start is a moment ago."""
    return int(time.time() * 1000) + 60_000


async def eventually(condition: Callable[[], Any], within: float = 10.0) -> None:
    """Wait until `condition()` holds; the bound only stops a broken test from hanging."""
    async with asyncio.timeout(within):
        while True:
            result = condition()
            if asyncio.iscoroutine(result):
                result = await result
            if result:
                return
            await asyncio.sleep(0.01)


@contextlib.asynccontextmanager
async def running(
    tmp_path: Path, db: Database, homeserver: FakeHomeserver, **matrix: Any
) -> AsyncIterator[Harmonie]:
    """A bot process: started on the fake homeserver, stopped cleanly at the end."""
    config = bot_config(tmp_path, **matrix)
    client = fake_client(tmp_path, homeserver, config)
    bot = assemble(config, db, client, SettableClock(NOW))
    task = asyncio.create_task(bot.run())
    try:
        yield bot
    finally:
        bot.stop()
        async with asyncio.timeout(15):
            await task
        await client.close()


async def batch_handled(homeserver: FakeHomeserver, syncs: int) -> None:
    """The bot has handled `syncs` batches: it is asking for the next one."""
    await eventually(lambda: len(homeserver.syncs_asked()) > syncs)


async def outbox_empty(bot: Harmonie) -> None:
    await eventually(lambda: _none_left(bot))


async def _none_left(bot: Harmonie) -> bool:
    return await bot.sender.unsent() == 0
