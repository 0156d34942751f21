"""A readiness file for the integration tests: written once the first sync is handled.

Off unless HARMONIE_READY_FILE names a file, so production pays one environment lookup.
The tests wait for this file instead of reading the log for "ready: first sync handled":
state, not text, and no log parsing when a line's wording changes.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

PATH = os.environ.get("HARMONIE_READY_FILE", "")


async def announce(ready: asyncio.Event) -> None:
    """Write this process's pid to the readiness file once `ready` is set."""
    if not PATH:
        return
    await ready.wait()
    await asyncio.to_thread(Path(PATH).write_text, str(os.getpid()), encoding="utf-8")
