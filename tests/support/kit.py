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


def readable(shown: str) -> str:
    """What a person reads, with French typography's no-break spaces as plain spaces: the
    tests of behaviour compare the words; tests/unit/conversations/test_texts.py checks the
    spacing."""
    return shown.replace("\u202f", " ").replace("\u00a0", " ")
