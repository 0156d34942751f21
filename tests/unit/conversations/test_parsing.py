"""Reading what an agent types: ratings in every form a person uses, yes/no, numbered choices."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conversations.parsing import (
    InvalidAnswer,
    parse_all_ratings,
    parse_choice,
    parse_day,
    parse_rating,
    parse_time,
    parse_yes_no,
    split_day_at_end,
)
from conversations.texts import FR

# --- one rating ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "rating"),
    [
        ("7", 7),
        ("0", 0),
        ("10", 10),
        ("7/10", 7),
        ("10/10", 10),
        ("0/10", 0),
        (" 7 ", 7),
        ("\t7\n", 7),
        ("7 / 10", 7),
        ("7/ 10", 7),
        ("7.", 7),
        ("sept", 7),
        ("SEPT", 7),
        ("Sept.", 7),
        ("zéro", 0),
        ("zero", 0),
        ("un", 1),
        ("une", 1),
        ("cinq", 5),
        ("dix", 10),
        ("seven", 7),
        ("Ten", 10),
        ("one", 1),
        ("six", 6),
        ("nine", 9),
    ],
)
def test_agent_can_rate_with_a_number_a_fraction_or_a_word(typed: str, rating: int) -> None:
    assert parse_rating(typed) == rating


@pytest.mark.parametrize(
    "typed",
    [
        "nsp",
        "NSP",
        "Nsp.",
        "je ne sais pas",
        "Je ne sais pas.",
        "JE NE SAIS PAS",
        "je sais pas",
        "sans avis",
        "pas d'avis",
        "aucune idée",
        "?",
        "I don't know",
        "don't know",
        "idk",
        "no opinion",
        "n/a",
    ],
)
def test_agent_without_an_opinion_gives_no_rating(typed: str) -> None:
    assert parse_rating(typed) is None


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("11", "error.rating_range"),
        ("-1", "error.rating_range"),
        ("100", "error.rating_range"),
        ("11/10", "error.rating_range"),
        ("7,5", "error.rating_integer"),
        ("7.5", "error.rating_integer"),
        ("bof", "error.rating"),
        ("", "error.rating"),
        ("   ", "error.rating"),
        ("7/20", "error.rating"),
        ("douze", "error.rating"),
        ("sept/10", "error.rating"),
    ],
)
def test_a_rating_that_is_not_a_whole_number_from_0_to_10_is_explained(
    typed: str, key: str
) -> None:
    with pytest.raises(InvalidAnswer) as refused:
        parse_rating(typed)
    assert refused.value.key == key
    assert key in FR  # the agent is told something, not shown a key


def test_a_pasted_huge_number_is_refused_as_out_of_range() -> None:
    # Python refuses int() on more than 4300 digits: that must become a kind refusal.
    with pytest.raises(InvalidAnswer) as refused:
        parse_rating("9" * 5000)
    assert refused.value.key == "error.rating_range"


@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(typed=st.text(max_size=40))
def test_any_text_is_a_rating_or_an_explained_refusal(typed: str) -> None:
    try:
        rating = parse_rating(typed)
    except InvalidAnswer as refused:
        assert refused.key in FR
    else:
        assert rating is None or 0 <= rating <= 10


# --- four ratings at once --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "ratings"),
    [
        ("8 6 9 7", (8, 6, 9, 7)),
        ("8,6,9,7", (8, 6, 9, 7)),
        ("8, 6, 9, 7", (8, 6, 9, 7)),
        ("8; 6; 9; 7", (8, 6, 9, 7)),
        ("  8   6\t9 7  ", (8, 6, 9, 7)),
        ("8 nsp 9 7", (8, None, 9, 7)),
        ("NSP nsp nsp nsp", (None, None, None, None)),
        ("huit six neuf sept", (8, 6, 9, 7)),
        ("8/10 6/10 9/10 7/10", (8, 6, 9, 7)),
        ("0 10 0 10", (0, 10, 0, 10)),
        ("8 6 9 7.", (8, 6, 9, 7)),
    ],
)
def test_agent_can_give_the_four_ratings_in_one_message(
    typed: str, ratings: tuple[int | None, ...]
) -> None:
    assert parse_all_ratings(typed, 4) == ratings


@pytest.mark.parametrize(
    ("typed", "count"),
    [
        ("8 6 9", 4),
        ("8 6 9 7 5", 4),
        ("7", 4),
        ("7/10", 4),
        ("", 4),
        ("7", 1),  # a single criterion is never the "all at once" form
    ],
)
def test_a_different_number_of_ratings_is_not_the_all_at_once_form(typed: str, count: int) -> None:
    assert parse_all_ratings(typed, count) is None


def test_three_numbers_are_not_read_as_one_rating_either() -> None:
    assert parse_all_ratings("8 6 9", 4) is None
    with pytest.raises(InvalidAnswer) as refused:
        parse_rating("8 6 9")
    assert refused.value.key == "error.rating"


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("8 6 9 11", "error.rating_range"),
        ("8 6 9,5 7", "error.rating"),
        ("8 6 bof 7", "error.rating"),
        ("8 6 9.5 7", "error.rating_integer"),
    ],
)
def test_four_ratings_with_a_wrong_one_are_refused_with_the_reason(typed: str, key: str) -> None:
    # "9,5" splits on the comma into 9 and 5: five tokens, so not the four-at-once form;
    # the single-rating reading then refuses the whole message.
    try:
        every = parse_all_ratings(typed, 4)
    except InvalidAnswer as refused:
        assert refused.key == key
    else:
        assert every is None
        with pytest.raises(InvalidAnswer) as refused_alone:
            parse_rating(typed)
        assert refused_alone.value.key == key


@pytest.mark.parametrize(
    ("typed", "count"),
    [
        ("je ne sais pas", 4),  # four words: the product promises "je ne sais pas" works
        ("Je ne sais pas.", 4),
        ("sans avis", 2),
        ("pas d'avis", 2),
    ],
)
def test_a_no_opinion_phrase_is_not_mistaken_for_several_ratings(typed: str, count: int) -> None:
    assert parse_all_ratings(typed, count) is None
    assert parse_rating(typed) is None


# --- yes / no --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "answer"),
    [
        ("oui", True),
        ("Oui", True),
        ("OUI", True),
        ("oui.", True),
        ("oui!", True),
        ("Oui !", True),  # French typography: a space before "!"
        ("O", True),
        ("o", True),
        ("yes", True),
        ("Y", True),
        ("bien sûr", True),
        ("non", False),
        ("Non.", False),
        ("N", False),
        ("n", False),
        ("no", False),
        ("pas vraiment", False),
    ],
)
def test_agent_answers_yes_or_no(typed: str, answer: bool) -> None:
    assert parse_yes_no(typed) is answer


@pytest.mark.parametrize("typed", ["peut-être", "", "1", "si", "ouinon", "oui non"])
def test_anything_but_yes_or_no_is_refused(typed: str) -> None:
    with pytest.raises(InvalidAnswer) as refused:
        parse_yes_no(typed)
    assert refused.value.key == "error.yes_no"


# --- numbered choices ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "count", "index"),
    [
        ("1", 3, 0),
        ("3", 3, 2),
        (" 2 ", 3, 1),
        ("2.", 3, 1),
        ("2)", 3, 1),
        ("08", 8, 7),
    ],
)
def test_agent_picks_a_choice_by_its_number(typed: str, count: int, index: int) -> None:
    assert parse_choice(typed, count) == index


@pytest.mark.parametrize(("typed", "count"), [("0", 3), ("4", 3), ("99", 8)])
def test_a_number_outside_the_list_says_which_numbers_exist(typed: str, count: int) -> None:
    with pytest.raises(InvalidAnswer) as refused:
        parse_choice(typed, count)
    assert refused.value.key == "error.choice_range"
    assert refused.value.values == {"count": count}


@pytest.mark.parametrize("typed", ["Zoom", "", "-1", "1.5", "un", "2 3"])
def test_something_that_is_not_a_number_is_not_a_choice(typed: str) -> None:
    assert parse_choice(typed, 3) is None


@pytest.mark.parametrize("typed", ["፩", "⓵", "1" * 5000])
def test_an_odd_digit_or_a_huge_number_is_not_a_crash(typed: str) -> None:
    # str.isdigit() accepts Ethiopic and double-circled digits that int() rejects, and
    # int() rejects more than 4300 digits: either way the agent must get an explanation.
    try:
        index = parse_choice(typed, 3)
    except InvalidAnswer as refused:
        assert refused.key == "error.choice_range"
    else:
        assert index is None or 0 <= index < 3


# --- dates -----------------------------------------------------------------------------------


TODAY = date(2026, 11, 16)  # a Monday


@pytest.mark.parametrize(
    "typed",
    [
        "2027-03-15", "15/03/2027", "15-03-2027", "15.03.2027", " 15/3/2027 ", "15/03/27",
        "15 mars 2027", "15 Mars 2027", "lundi 15/03/2027", "Lundi 15 mars", "15 mars",
        "15/03", "15-03", "15.03", "15/3", "15 MARS", "15 march 2027", "15 mar.",
    ],
)  # fmt: skip
def test_a_date_is_read_as_asked_or_as_french_people_write_it(typed: str) -> None:
    assert parse_day(typed, TODAY) == date(2027, 3, 15)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("16/11", date(2026, 11, 16)),  # today
        ("17/11", date(2026, 11, 17)),
        ("15/11", date(2027, 11, 15)),  # yesterday: next year's
        ("1er décembre", date(2026, 12, 1)),
        ("1/1", date(2027, 1, 1)),
        ("29/02", date(2028, 2, 29)),  # the next year that has one
        ("31/12", date(2026, 12, 31)),
    ],
)
def test_a_day_without_a_year_is_the_next_such_day(typed: str, expected: date) -> None:
    assert parse_day(typed, TODAY) == expected


def test_a_day_without_a_year_is_next_year_s_from_the_day_after() -> None:
    assert parse_day("15/01", date(2027, 1, 15)) == date(2027, 1, 15)
    assert parse_day("15/01", date(2027, 1, 16)) == date(2028, 1, 15)


@pytest.mark.parametrize(
    "typed",
    ["31/02/2027", "2027-02-30", "03/15/2027", "29/02/2027", "31/04", "31 février",
     "0/3/2027", "15/00", "32 mars 2027", "2027-13-01"],
)  # fmt: skip
def test_a_day_that_does_not_exist_is_refused_with_its_own_explanation(typed: str) -> None:
    with pytest.raises(InvalidAnswer) as refused:
        parse_day(typed, TODAY)

    assert refused.value.key == "date.impossible"
    assert refused.value.values == {"day": typed}
    assert FR["date.impossible"].format(**refused.value.values).startswith(f"Le {typed} n'")


@pytest.mark.parametrize(
    "typed",
    ["mardi", "", "  ", "2027-3-15", "15/03/202", "15//03", "15 brumaire", "demain", "15",
     "2027", "15/03/2027 14h", "le 15/03", "15 03 2027", "١٥/٠٣/٢٠٢٧", "15/03/2027/1"],
)  # fmt: skip
def test_what_is_not_written_as_a_day_is_not_a_day(typed: str) -> None:
    assert parse_day(typed, TODAY) is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("14h30", (14, 30)), ("14h", (14, 0)), ("9h", (9, 0)), ("14:30", (14, 30)),
     ("14H30", (14, 30)), ("09:05", (9, 5)), ("0h", (0, 0)), ("23h59", (23, 59))],
)  # fmt: skip
def test_a_time_is_read_as_french_people_write_it(typed: str, expected: tuple[int, int]) -> None:
    at = parse_time(typed)

    assert at is not None and (at.hour, at.minute) == expected


@pytest.mark.parametrize("typed", ["25h", "24:00", "14h75", "14:60"])
def test_a_time_that_does_not_exist_is_refused_with_its_own_explanation(typed: str) -> None:
    with pytest.raises(InvalidAnswer) as refused:
        parse_time(typed)

    assert (refused.value.key, refused.value.values) == ("time.impossible", {"time": typed})


@pytest.mark.parametrize("typed", ["14", "14h3", "14:3", "h30", "midi", "", "14h30m", "2pm"])
def test_what_is_not_written_as_a_time_is_not_a_time(typed: str) -> None:
    assert parse_time(typed) is None


@pytest.mark.parametrize(
    ("typed", "before", "day"),
    [
        ("Suite Numérique 15/03/2027", "Suite Numérique", date(2027, 3, 15)),
        ("Suite Numérique 15 mars 2027", "Suite Numérique", date(2027, 3, 15)),
        ("Office 365 15/03", "Office 365", date(2027, 3, 15)),
        ("Suite 2027-03-15", "Suite", date(2027, 3, 15)),
        ("15/03/2027", "", date(2027, 3, 15)),
    ],
)
def test_a_day_at_the_end_of_a_command_is_split_from_what_comes_before(
    typed: str, before: str, day: date
) -> None:
    assert split_day_at_end(typed, TODAY) == (before, day)


@pytest.mark.parametrize("typed", ["Suite Numérique", "", "Suite 15 brumaire"])
def test_a_command_that_does_not_end_with_a_day_has_none(typed: str) -> None:
    assert split_day_at_end(typed, TODAY) is None


def test_a_command_that_ends_with_a_day_that_does_not_exist_is_refused() -> None:
    with pytest.raises(InvalidAnswer) as refused:
        split_day_at_end("Suite Numérique 31/02/2027", TODAY)

    assert refused.value.key == "date.impossible"


@settings(database=None, max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_any_text_is_a_day_an_impossible_day_or_none(typed: str) -> None:
    try:
        parse_day(typed, TODAY)
        parse_time(typed)
    except InvalidAnswer as refused:
        assert refused.key in ("date.impossible", "time.impossible")
