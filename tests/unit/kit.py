"""Small stand-ins shared by the handler tests: a clock the test sets, a call counter."""

from __future__ import annotations

from datetime import datetime


class SettableClock:
    """The time the test says it is."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def now(self) -> datetime:
        return self.moment


class Counter:
    """Stands for a wake-up call (the inviter's, the notice sender's): counts the calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> None:
        self.calls += 1
