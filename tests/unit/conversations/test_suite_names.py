"""A candidate suite named in a command: by its key or its name, whatever the case and the
accents, the reason after it kept; a typo gets the closest suite, or none."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from conversations.suite_names import closest_suite, leading_suite, names, spellings


@dataclass(frozen=True)
class Candidate:
    key: str
    name: str


ALPHA = Candidate("alpha", "Suite Alpha (fictive)")
BETA = Candidate("beta", "Suite Bêta (fictive)")
BETA_PLUS = Candidate("beta-plus", "Suite Bêta Plus")
SUITES = (ALPHA, BETA, BETA_PLUS)


def test_a_suite_is_spelled_by_its_key_its_name_and_its_name_without_brackets() -> None:
    assert spellings(BETA) == ("beta", "suite beta (fictive)", "suite beta")


@pytest.mark.parametrize("typed", ["beta", "BETA", "Suite Bêta", "suite beta (FICTIVE)"])
def test_a_recorded_suite_is_named_by_its_key_or_its_name(typed: str) -> None:
    assert names(typed, BETA.key, BETA.name)


@pytest.mark.parametrize("typed", ["", "Suite", "Suite Bêta Plus", "alpha"])
def test_another_name_does_not_name_a_recorded_suite(typed: str) -> None:
    assert not names(typed, BETA.key, BETA.name)


@pytest.mark.parametrize(
    ("typed", "suite", "rest"),
    [
        ("alpha", ALPHA, ""),
        ("ALPHA  moins   chère", ALPHA, "moins chère"),
        ("Suite Bêta (fictive) support en français", BETA, "support en français"),
        ("suite beta support en français", BETA, "support en français"),
        ("SUITE BÊTA", BETA, ""),
        ("Suite Bêta Plus car plus complète", BETA_PLUS, "car plus complète"),  # the longest
        ("beta-plus", BETA_PLUS, ""),
        ("alpha: moins chère", ALPHA, "moins chère"),
        ("Suite Bêta, pour le support", BETA, "pour le support"),
    ],
)
def test_the_suite_named_first_and_the_words_after_it(
    typed: str, suite: Candidate, rest: str
) -> None:
    assert leading_suite(SUITES, typed) == (suite, rest)


@pytest.mark.parametrize("typed", ["", "suite", "alpah", "gamma pour le prix", "la suite alpha"])
def test_no_suite_is_read_from_what_names_none(typed: str) -> None:
    assert leading_suite(SUITES, typed) is None


@pytest.mark.parametrize(
    ("typed", "closest"),
    [
        ("alpah", ALPHA),
        ("alpah pour le prix", ALPHA),
        ("Suite Alfa", ALPHA),
        ("btea", BETA),
        ("beta-plsu", BETA_PLUS),
    ],
)
def test_a_typo_gets_the_closest_suite(typed: str, closest: Candidate) -> None:
    assert closest_suite(SUITES, typed) == closest


def test_a_mistyped_longer_name_reads_as_the_shorter_name_it_starts_with() -> None:
    # The reply names the suite retained, so that such a slip shows at once.
    assert leading_suite(SUITES, "Suite Bêta Plsu") == (BETA, "Plsu")


@pytest.mark.parametrize("typed", ["zorglub", "", "microsoft"])
def test_nothing_close_gets_no_suggestion(typed: str) -> None:
    assert closest_suite(SUITES, typed) is None
