"""Reading an agent's answers: ratings in every accepted form, yes/no, keywords.

Pure and total: every function either returns a value or raises `InvalidAnswer`, whose
key names the catalogue text that tells the agent what is expected.
"""

from __future__ import annotations

import re

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

_FRACTION = re.compile(r"^(-?\d+)\s*/\s*10$")
_SEPARATORS = re.compile(r"[\s,;]+")


def parse_rating(text: str) -> int | None:
    """An integer 0–10, or None for "no opinion". Accepts "7", "7/10", "sept", "nsp"."""
    typed = normalise(text).rstrip(".!")
    if typed in NO_OPINION:
        return None
    fraction = _FRACTION.match(typed)
    if fraction:
        typed = fraction.group(1)
    if typed in NUMBER_WORDS:
        return NUMBER_WORDS[typed]
    if re.fullmatch(r"-?\d+", typed):
        value = int(typed)
        if 0 <= value <= 10:
            return value
        raise InvalidAnswer("error.rating_range")
    if re.fullmatch(r"-?\d+[.,]\d+", typed):
        raise InvalidAnswer("error.rating_integer")
    raise InvalidAnswer("error.rating")


def parse_all_ratings(text: str, count: int) -> tuple[int | None, ...] | None:
    """All `count` ratings in one message ("8 6 9 7"), or None if it is not that form."""
    tokens = [t for t in _SEPARATORS.split(normalise(text)) if t]
    if len(tokens) != count or count < 2:
        return None
    return tuple(parse_rating(token) for token in tokens)


def parse_yes_no(text: str) -> bool:
    typed = normalise(text).rstrip(".!")
    if typed in YES:
        return True
    if typed in NO:
        return False
    raise InvalidAnswer("error.yes_no")


def parse_choice(text: str, count: int) -> int | None:
    """A 1-based number among `count` choices, as a 0-based index; None if not a number."""
    typed = normalise(text).rstrip(".)")
    if not typed.isdigit():
        return None
    number = int(typed)
    if 1 <= number <= count:
        return number - 1
    raise InvalidAnswer("error.choice_range", count=count)
