"""Time, injected: tests drive a controlled clock instead of sleeping."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    """The real time, always timezone-aware (UTC)."""

    def now(self) -> datetime:
        return datetime.now(UTC)
