"""The bot's own processing time per message, for bench/load.py.

Off unless HARMONIE_TIMINGS names a file, so production pays one flag test per sync and
per send. When on, each sync's arrival (the moment nio starts reading its body) is noted
for every timeline event it carries, under the transaction id of the first reply that
event would cause (the outbox derives it from the cause); the send request of that reply
closes the measure. The durations are written to the file when the bot stops.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from nio import SyncResponse

from storage import transaction_id

PATH = os.environ.get("HARMONIE_TIMINGS", "")

_arrived: dict[str, float] = {}
_durations: list[float] = []


def received(response: SyncResponse, arrived_at: float) -> None:
    """A sync's events are in hand: their replies' clocks start at `arrived_at`."""
    if not PATH:
        return
    for room in response.rooms.join.values():
        for event in room.timeline.events:
            _arrived.setdefault(transaction_id(event.event_id, 0), arrived_at)


def sending(txn_id: str) -> None:
    """The send request of an outbox message is about to go out."""
    if not PATH:
        return
    arrived_at = _arrived.pop(txn_id, None)
    if arrived_at is not None:
        _durations.append(time.perf_counter() - arrived_at)


def write() -> None:
    if PATH:
        Path(PATH).write_text(json.dumps({"seconds": _durations}), encoding="utf-8")
