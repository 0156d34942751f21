"""Reading an agent's answers: ratings in every accepted form, yes/no, keywords.

Pure and total: every function either returns a value or raises `InvalidAnswer`, whose
key names the catalogue text that tells the agent what is expected.
"""

from __future__ import annotations

import re
from datetime import date

from .survey import normalise


class InvalidAnswer(ValueError):
    """The message does not answer the question; `key` names the explanation to send."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


NUMBER_WORDS: dict[str, int] = {
    "zero": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6,
    "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10,
}  # fmt: skip

NO_OPINION = frozenset(
    {
        "nsp", "ns", "?", "je ne sais pas", "ne sais pas", "sais pas", "je sais pas",
        "sans avis", "pas d'avis", "aucune idee", "idk", "dont know", "don't know",
        "i don't know", "no opinion", "n/a",
    }
)  # fmt: skip

YES = frozenset({"oui", "o", "yes", "y", "ouais", "bien sur", "evidemment", "absolument", "ok"})
NO = frozenset({"non", "n", "no", "nope", "pas du tout", "pas vraiment"})

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
    if typed in NO_OPINION:
        return None
    fraction = _FRACTION.match(typed)
    if fraction:
        typed = fraction.group(1)
    if typed in NUMBER_WORDS:
        return NUMBER_WORDS[typed]
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
    if typed in NO_OPINION:
        return None  # "je ne sais pas" is one answer, not four words
    tokens = [t for t in _SEPARATORS.split(typed) if t]
    if len(tokens) != count or count < 2:
        return None
    if not all(_looks_like_a_rating(token) for token in tokens):
        return None
    return tuple(parse_rating(token) for token in tokens)


def parse_yes_no(text: str) -> bool:
    typed = keyword(text).removesuffix(" merci").rstrip(" ,")
    if typed in YES:
        return True
    if typed in NO:
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
        or token in NUMBER_WORDS
        or token in NO_OPINION
    )


_FRENCH_DATE = re.compile(r"^([0-9]{1,2})[/.\-]([0-9]{1,2})[/.\-]([0-9]{4})$")


def parse_day(typed: str) -> date | None:
    """A date as the bot asks for it (2027-03-15) or as French people write it
    (15/03/2027, 15-03-2027, 15.03.2027); None if it is neither or does not exist."""
    typed = typed.strip()
    french = _FRENCH_DATE.match(typed)
    try:
        if french:
            day, month, year = (int(part) for part in french.groups())
            return date(year, month, day)
        if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", typed):
            return date.fromisoformat(typed)
    except ValueError:
        return None
    return None
