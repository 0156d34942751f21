"""Which candidate suite a command names: by its key (« alpha ») or by its name, whatever
its case and accents (« suite bêta », « Suite Beta (fictive) »), and the closest one when
the name is mistyped. Pure: the suites come as anything with a `key` and a `name`
(`scoring.suites.Suite`)."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from .survey import normalise
from .words import TRIAL_AND

SUGGESTION_CUTOFF = 0.6  # as close as a mistyped command must be to be suggested
_BRACKETS = re.compile(r"\s*\([^)]*\)")
_AFTER_NAME = ":;,.—–-"  # what may follow a name, stuck to it, before the reason
_AND = re.compile(r"\s+(?:" + "|".join(sorted(TRIAL_AND)) + r")\s+")


class Nameable(Protocol):
    @property
    def key(self) -> str: ...

    @property
    def name(self) -> str: ...


S = TypeVar("S", bound=Nameable)


def spellings(suite: Nameable) -> tuple[str, ...]:
    """How a suite may be typed, as compared: its key, its name, its name without what is
    in brackets (« Suite Bêta (fictive) » is also « suite beta »)."""
    return _spellings(suite.key, suite.name)


def names(typed: str, key: str, name: str) -> bool:
    """Whether `typed` is one of the spellings of the suite `key` named `name` (a decision
    recorded with both: `storage.Decision.suite`, `.suite_name`)."""
    return normalise(typed) in _spellings(key, name)


def _spellings(key: str, name: str) -> tuple[str, ...]:
    found = [normalise(key), normalise(name), normalise(_BRACKETS.sub("", name))]
    return tuple(dict.fromkeys(s for s in found if s))


def leading_suite(suites: Sequence[S], typed: str) -> tuple[S, str] | None:
    """The suite the first words of `typed` name, and the words after it (whitespace
    collapsed): « Suite Bêta moins chère » -> (Bêta, "moins chère"). The longest name wins."""
    words = typed.split()
    known = {spelling: suite for suite in suites for spelling in spellings(suite)}
    for count in range(len(words), 0, -1):
        phrase = normalise(" ".join(words[:count]))
        # « alpha: moins chère », « Suite Bêta, pour le support »
        found = known.get(phrase) or known.get(phrase.rstrip(_AFTER_NAME))
        if found is not None:
            return found, " ".join(words[count:])
    return None


def closest_suite(suites: Sequence[S], typed: str) -> S | None:
    """The suite `typed` most likely meant (a typo of its key or of its name), if one is
    close enough; ties go to the catalogue's order."""
    words = normalise(typed).split()
    best: tuple[float, int] | None = None
    for index, suite in enumerate(suites):
        for spelling in spellings(suite):
            size = len(spelling.split())
            if not words[:size]:
                continue
            typed_part = " ".join(words[:size])
            ratio = difflib.SequenceMatcher(None, typed_part, spelling).ratio()
            if ratio >= SUGGESTION_CUTOFF and (best is None or ratio > best[0]):
                best = (ratio, index)
    return suites[best[1]] if best else None


@dataclass(frozen=True)
class UnknownSuite:
    """A suite named in a list that the catalogue does not hold."""

    typed: str
    suggestion: str | None  # the closest key


def named_suites(suites: Sequence[S], typed: str) -> list[S] | UnknownSuite:
    """The suites a list names (« alpha, beta », « Suite Alpha et bêta »), by key or name,
    in order, once each; the first name not found, with the closest key."""
    known: dict[str, S] = {}
    for suite in suites:
        for spelling in spellings(suite):
            known.setdefault(spelling, suite)
    found: list[S] = []
    for chunk in typed.split(","):
        whole = normalise(chunk)
        if not whole:
            continue
        parts = [whole] if whole in known else _AND.split(whole)
        for part in parts:
            named = known.get(part)
            if named is None:
                close = closest_suite(suites, part)
                shown = chunk.strip() if len(parts) == 1 else part
                return UnknownSuite(shown, close.key if close else None)
            if named not in found:
                found.append(named)
    return found
