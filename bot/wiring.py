"""Run one bot process until SIGTERM or SIGINT: build the parts, start, stop cleanly."""

from __future__ import annotations

import asyncio
import logging
import os
import signal

from bot.clock import Clock, clock_from_environment
from bot.config import Config
from bot.matrix.client import HarmonieClient, LoginError, client_config, pickle_key, prepare_store
from bot.matrix.sync import Harmonie
from bot.probes import readiness
from storage import Database

log = logging.getLogger(__name__)

STOP_GRACE_SECONDS = 15


async def build(config: Config, clock: Clock | None = None) -> Harmonie:
    """The bot with its database open and its client configured, not yet logged in."""
    os.umask(0o077)  # the store, the database and their journals: owner only
    await asyncio.to_thread(prepare_store, config.matrix.store_path)
    key = await asyncio.to_thread(pickle_key, config)
    db = await Database.open(config.storage.path)
    client = HarmonieClient(
        config.matrix.homeserver,
        config.matrix.user_id,
        store_path=str(config.matrix.store_path),
        config=client_config(config, key),
    )
    return Harmonie(config, db, client, clock or clock_from_environment())


async def close(bot: Harmonie) -> None:
    await bot.client.close()
    await bot.db.close()


async def run(config: Config) -> int:
    """The `harmonie run` process; returns the exit code."""
    bot = await build(config)
    loop = asyncio.get_running_loop()
    main = asyncio.current_task()
    assert main is not None

    def stop() -> None:
        log.info("stop requested")
        bot.stop()
        # Everything is durable at every step: if a request hangs, cutting it is safe.
        loop.call_later(STOP_GRACE_SECONDS, _cut, main)

    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop)
    loop.add_signal_handler(signal.SIGUSR1, dump_tasks)
    log.info("Harmonie starting as %s on %s", config.matrix.user_id, config.matrix.homeserver)
    announcing = asyncio.create_task(readiness.announce(bot.ready), name="readiness")
    try:
        await bot.run()
    except LoginError as exc:
        log.error("cannot log in: %s", exc)
        return 1
    except asyncio.CancelledError:
        log.warning("stopped before the end of the current step; it will be replayed")
    finally:
        announcing.cancel()
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGUSR1):
            loop.remove_signal_handler(signum)
        await close(bot)
    log.info("Harmonie stopped")
    return 0


def dump_tasks() -> None:
    """`kill -USR1 <pid>`: what every task is waiting for, in the log (for a bot that
    seems stuck; code locations only, never message content)."""
    for task in asyncio.all_tasks():
        log.warning("task %s: %s", task.get_name(), " -> ".join(_awaiting(task.get_coro())))


def _awaiting(coro: object) -> list[str]:
    """The chain of coroutines a task is suspended in, outermost first."""
    where = []
    for _ in range(30):
        frame = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)
        if frame is None:
            break
        where.append(
            f"{frame.f_code.co_filename.rsplit('/', 1)[-1]}:{frame.f_code.co_name}:{frame.f_lineno}"
        )
        coro = getattr(coro, "cr_await", None) or getattr(coro, "gi_yieldfrom", None)
    return where or ["(not started)"]


def _cut(task: asyncio.Task[object]) -> None:
    if not task.done():
        log.warning("stopping took more than %ss: cutting short", STOP_GRACE_SECONDS)
        task.cancel()
