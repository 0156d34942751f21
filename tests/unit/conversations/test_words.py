"""The words agents may type (`conversations.words`): each is read as its set says.

A phrase added to a set but written so that no parser can meet it (an accent, a capital)
or read otherwise by the parser (a « oui » that is also a « non ») fails here.
"""

from __future__ import annotations

import pytest

from conversations import words
from conversations.names import expand_service
from conversations.parsing import InvalidAnswer, parse_rating, parse_yes_no
from conversations.phrases import (
    confirms,
    is_greeting,
    is_thanks,
    read_need,
    says_nothing,
    yes_or_no,
)
from conversations.survey import normalise

SETS = {
    name: value
    for name, value in vars(words).items()
    if name.isupper() and isinstance(value, frozenset | dict)
}


@pytest.mark.parametrize("name", sorted(SETS))
def test_every_phrase_is_written_as_it_is_compared(name: str) -> None:
    """Parsers compare normalised text: « Bientôt » in a set could never be met."""
    assert [p for p in SETS[name] if normalise(p) != p] == []


def test_the_plain_yes_and_no_are_also_the_dialogs() -> None:
    assert words.PLAIN_YES <= words.YES
    assert words.PLAIN_NO <= words.NO


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("YES", "NO"),
        ("YES", "MAYBE"),
        ("NO", "MAYBE"),
        ("NEEDED", "NOT_NEEDED"),
        ("CONFIRMATIONS", "NO"),
        ("GREETINGS", "THANKS"),
    ],
)
def test_opposite_sets_share_no_phrase(one: str, other: str) -> None:
    assert SETS[one] & SETS[other] == frozenset()


@pytest.mark.parametrize("phrase", sorted(words.NOTHING_TO_REPORT))
def test_nothing_to_report(phrase: str) -> None:
    assert says_nothing(phrase)


@pytest.mark.parametrize("phrase", sorted(words.YES))
def test_yes(phrase: str) -> None:
    assert yes_or_no(phrase) is True


@pytest.mark.parametrize("phrase", sorted(words.NO))
def test_no(phrase: str) -> None:
    assert yes_or_no(phrase) is False


@pytest.mark.parametrize("phrase", sorted(words.MAYBE))
def test_maybe_is_neither(phrase: str) -> None:
    assert read_need(phrase).needed is None


@pytest.mark.parametrize("phrase", sorted(words.YES_EMPHATIC))
def test_an_emphatic_yes_alone_says_a_tool_would_help(phrase: str) -> None:
    assert read_need(phrase).needed is True


@pytest.mark.parametrize("phrase", sorted(words.PLAIN_YES | words.PLAIN_NO))
def test_plain_yes_no(phrase: str) -> None:
    assert parse_yes_no(phrase) is (phrase in words.PLAIN_YES)


def test_a_phrase_outside_the_plain_sets_is_refused_by_the_plain_parser() -> None:
    with pytest.raises(InvalidAnswer):
        parse_yes_no("oui tout a fait")


@pytest.mark.parametrize("phrase", sorted(words.CONFIRMATIONS))
def test_confirmations(phrase: str) -> None:
    assert confirms(phrase)


@pytest.mark.parametrize("phrase", sorted(words.GREETINGS))
def test_greetings(phrase: str) -> None:
    assert is_greeting(phrase)


@pytest.mark.parametrize("phrase", sorted(words.THANKS))
def test_thanks(phrase: str) -> None:
    assert is_thanks(phrase)


@pytest.mark.parametrize("phrase", sorted(words.DONT_KNOW))
def test_dont_know_is_no_rating(phrase: str) -> None:
    assert parse_rating(phrase) is None


@pytest.mark.parametrize(("word", "number"), sorted(words.NUMBERS.items()))
def test_a_number_in_words_is_a_rating(word: str, number: int) -> None:
    assert parse_rating(word) == number


# « état-civil » needs no abbreviation: its hyphen is read as a space, which gives the
# service's own name (tests/unit/conversations/test_dialog.py).
@pytest.mark.parametrize("abbreviation", sorted(words.SERVICE_ABBREVIATIONS))
def test_a_service_abbreviation_stands_for_its_service(abbreviation: str) -> None:
    assert expand_service(abbreviation) == words.SERVICE_ABBREVIATIONS[abbreviation]
