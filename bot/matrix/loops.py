"""A wake-on-demand worker's loop: do the work, then sleep until woken or a while has passed.

Only for workers that something wakes (the inviter when a campaign opens, the letters
when a job queues one): periodic work (reminders, the rollout, retention) is APScheduler's.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from storage import StorageError

log = logging.getLogger(__name__)


async def work_when_woken(
    work: Callable[[], Awaitable[object]], wake: asyncio.Event, idle: float, what: str
) -> None:
    """Run `work` now, then again at each wake-up, or after `idle` seconds at the latest.
    A failure is logged and retried at the next turn: the state it works from is in the
    database, so nothing is lost by trying again."""
    while True:
        try:
            await work()
        except StorageError as exc:
            log.error("%s paused, storage failing: %s", what, exc)
        except Exception:
            log.exception("%s failed; retrying later", what)
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(idle):
                await wake.wait()
        wake.clear()
