"""Time, injected: tests drive a controlled clock instead of sleeping."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """The real time, always timezone-aware (UTC)."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FileClock:
    """The time written in a file (ISO 8601, with its offset), read at every call.

    For tests of a running bot process: they move it through days and hours by rewriting
    the file, instead of waiting. Enabled by HARMONIE_CLOCK_FILE; never in production.
    """

    def __init__(self, path: Path) -> None:
        self._path = path

    def now(self) -> datetime:
        moment = datetime.fromisoformat(self._path.read_text(encoding="utf-8").strip())
        if moment.tzinfo is None:
            raise ValueError(f"{self._path}: the time needs an offset, e.g. +01:00")
        return moment


def clock_from_environment() -> Clock:
    path = os.environ.get("HARMONIE_CLOCK_FILE")
    return FileClock(Path(path)) if path else SystemClock()
