"""Crash points for the crash tests: the process kills itself (SIGKILL) at a named step.

Inactive unless HARMONIE_CRASH_AT names the step, so production never pays more than an
environment lookup done once at import. Steps: after-store, after-send,
after-room-created, after-rollout-job.
"""

from __future__ import annotations

import os
import signal

CRASH_AT = os.environ.get("HARMONIE_CRASH_AT", "")
CRASH_ON_PASS = int(os.environ.get("HARMONIE_CRASH_ON_PASS", "1") or "1")

_passes: dict[str, int] = {}


def crash_point(step: str) -> None:
    """Die here, as hard as a power cut, if the crash tests asked for this step (on its
    HARMONIE_CRASH_ON_PASS-th pass, the first by default)."""
    if step != CRASH_AT:
        return
    _passes[step] = _passes.get(step, 0) + 1
    if _passes[step] >= CRASH_ON_PASS:
        os.kill(os.getpid(), signal.SIGKILL)
