"""Run the bot (`python -m bot …`) counting its trips to aiosqlite's threads.

Every call that crosses to a connection's thread (execute, fetch, commit…) goes through
`aiosqlite.Connection._execute`; the count so far is written as JSON to the file named by
HARMONIE_TRIPS on SIGUSR2 and when the process exits. Used by
`python -m bench.load --count-trips`.

    HARMONIE_TRIPS=trips.json python -m bench.trips run --config config.toml
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

import aiosqlite

from bot.cli import main

_count = 0
_original = aiosqlite.Connection._execute


async def _counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
    global _count
    _count += 1
    return await _original(self, fn, *args, **kwargs)  # type: ignore[no-untyped-call]


def _write(*_: object) -> None:
    target = os.environ.get("HARMONIE_TRIPS")
    if target:
        Path(target).write_text(json.dumps({"trips": _count}), encoding="utf-8")


if __name__ == "__main__":
    aiosqlite.Connection._execute = _counted  # type: ignore[method-assign]
    atexit.register(_write)
    signal.signal(signal.SIGUSR2, _write)  # SIGUSR1 is the bot's: it dumps its tasks
    raise SystemExit(main(sys.argv[1:]))
