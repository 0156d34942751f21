"""Reading an agent's answers: ratings in every accepted form, yes/no, keywords.

Pure and total: every function either returns a value or raises `InvalidAnswer`, whose
key names the catalogue text that tells the agent what is expected.
"""

from __future__ import annotations

import re
from datetime import date, time

from .survey import normalise
from .words import DONT_KNOW, MONTHS, NUMBERS, PLAIN_NO, PLAIN_YES, WEEKDAY_NAMES


class InvalidAnswer(ValueError):
    """The message does not answer the question; `key` names the explanation to send."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


_FRACTION = re.compile(r"^(-?[0-9]+)\s*/\s*10$")
_SEPARATORS = re.compile(r"[\s,;]+")
_INTEGER = re.compile(r"-?[0-9]+")  # ASCII digits only: int() refuses many Unicode "digits"
_DECIMAL = re.compile(r"-?[0-9]+[.,][0-9]+")
_TRAILING = " .!?…"


def keyword(text: str) -> str:
    """How a one-word (or short) answer is compared: normalised, final punctuation dropped."""
    typed = normalise(text)
    return typed.rstrip(_TRAILING) or typed  # a lone "?" stays a "?"


def parse_rating(text: str) -> int | None:
    """An integer 0–10, or None for "no opinion". Accepts "7", "7/10", "sept", "nsp"."""
    typed = keyword(text)
    if typed in DONT_KNOW:
        return None
    fraction = _FRACTION.match(typed)
    if fraction:
        typed = fraction.group(1)
    if typed in NUMBERS:
        return NUMBERS[typed]
    if _INTEGER.fullmatch(typed):
        if len(typed) <= 3 and 0 <= int(typed) <= 10:
            return int(typed)
        raise InvalidAnswer("error.rating_range")
    if _DECIMAL.fullmatch(typed):
        raise InvalidAnswer("error.rating_integer")
    raise InvalidAnswer("error.rating")


def parse_all_ratings(text: str, count: int) -> tuple[int | None, ...] | None:
    """All `count` ratings in one message ("8 6 9 7"), or None if it is not that form."""
    typed = keyword(text)
    if typed in DONT_KNOW:
        return None  # "je ne sais pas" is one answer, not four words
    tokens = [t for t in _SEPARATORS.split(typed) if t]
    if len(tokens) != count or count < 2:
        return None
    if not all(_looks_like_a_rating(token) for token in tokens):
        return None
    return tuple(parse_rating(token) for token in tokens)


def parse_yes_no(text: str) -> bool:
    typed = keyword(text).removesuffix(" merci").rstrip(" ,")
    if typed in PLAIN_YES:
        return True
    if typed in PLAIN_NO:
        return False
    raise InvalidAnswer("error.yes_no")


def parse_choice(text: str, count: int) -> int | None:
    """A 1-based number among `count` choices, as a 0-based index; None if not a number."""
    typed = keyword(text).rstrip(")")
    if not _INTEGER.fullmatch(typed) or typed.startswith("-"):
        return None
    if len(typed) <= 4 and 1 <= int(typed) <= count:
        return int(typed) - 1
    raise InvalidAnswer("error.choice_range", count=count)


def _looks_like_a_rating(token: str) -> bool:
    return bool(
        _INTEGER.fullmatch(token)
        or _DECIMAL.fullmatch(token)
        or _FRACTION.match(token)
        or token in NUMBERS
        or token in DONT_KNOW
    )


# --- dates and times, as people type them in commands --------------------------------------


_DAY_FIRST = re.compile(r"^([0-9]{1,2})[/.\-]([0-9]{1,2})(?:[/.\-]([0-9]{2}|[0-9]{4}))?$")
_ISO = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_IN_WORDS = re.compile(r"^([0-9]{1,2})(?:er)? ([a-z]+)\.?(?: ([0-9]{4}))?$")
_TIME = re.compile(r"^([0-9]{1,2})(?:h([0-9]{2})?|:([0-9]{2}))$")


def parse_day(typed: str, today: date) -> date | None:
    """A day as French people write it: 15/01/2027 (also with - or .), 15/01/27, 15/01,
    2027-01-15 (ISO), 15 janvier 2027, 1er mars, with or without the weekday before it.
    Without a year it is the next such day: this year's, or next year's if it has passed.

    None if it is not written as a day; `InvalidAnswer("date.impossible", day=…)` if it is
    but no such day exists (31/02, 29/02/2027, 15/13)."""
    words = normalise(typed).split()
    if words and words[0].rstrip(",") in WEEKDAY_NAMES:
        words = words[1:]
    cleaned = " ".join(words)
    year: int | None
    if iso := _ISO.match(cleaned):
        year, month, day = (int(part) for part in iso.groups())
        return _existing(typed, year, month, day)
    if numeric := _DAY_FIRST.match(cleaned):
        day, month = int(numeric.group(1)), int(numeric.group(2))
        written = numeric.group(3)
        year = None if written is None else int(written) + (2000 if len(written) == 2 else 0)
    elif (spelled := _IN_WORDS.match(cleaned)) and spelled.group(2) in MONTHS:
        day, month = int(spelled.group(1)), MONTHS[spelled.group(2)]
        year = int(spelled.group(3)) if spelled.group(3) else None
    else:
        return None
    if year is not None:
        return _existing(typed, year, month, day)
    for candidate in range(today.year, today.year + 9):  # 29/02: the next year that has one
        try:
            found = date(candidate, month, day)
        except ValueError:
            continue
        if found >= today:
            return found
    raise InvalidAnswer("date.impossible", day=typed.strip())


def _existing(typed: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise InvalidAnswer("date.impossible", day=typed.strip()) from None


def parse_time(typed: str) -> time | None:
    """A time of day as French people write it: 14h30, 14h, 14:30, 9h. None if it is not
    written as a time; `InvalidAnswer("time.impossible", time=…)` for 25h or 14h75."""
    found = _TIME.match(typed.strip().lower())
    if found is None:
        return None
    minutes = found.group(2) or found.group(3) or "0"
    try:
        return time(int(found.group(1)), int(minutes))
    except ValueError:
        raise InvalidAnswer("time.impossible", time=typed.strip()) from None


def split_day_at_end(typed: str, today: date, longest: int = 4) -> tuple[str, date] | None:
    """What comes before a day written at the end of a command, and that day:
    "Suite Numérique 15 mars 2027" -> ("Suite Numérique", 2027-03-15). None if it does not
    end with a day; `InvalidAnswer("date.impossible")` if it ends with one that does not exist."""
    words = typed.split()
    for count in range(min(longest, len(words)), 0, -1):
        day = parse_day(" ".join(words[-count:]), today)
        if day is not None:
            return " ".join(words[:-count]), day
    return None
