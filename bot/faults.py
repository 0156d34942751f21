"""Crash points for the crash tests: the process kills itself (SIGKILL) at a named step.

Inactive unless HARMONIE_CRASH_AT names the step, so production never pays more than an
environment lookup done once at import.
"""

from __future__ import annotations

import os
import signal

CRASH_AT = os.environ.get("HARMONIE_CRASH_AT", "")

STEPS = frozenset({"after-store", "after-send"})


def crash_point(step: str) -> None:
    """Die here, as hard as a power cut, if the crash tests asked for this step."""
    assert step in STEPS, step
    if step == CRASH_AT:
        os.kill(os.getpid(), signal.SIGKILL)
