"""Which needs a candidate suite covers (a gate before any rating), what it costs, and
whether extra-European laws reach its data."""

from __future__ import annotations

from decimal import Decimal

import pytest

from scoring.suites import (
    Exposure,
    Hosting,
    Suite,
    Support,
    coverage,
    desk_comparison,
    extra_eu_exposure,
)

NEEDED = ("visioconference", "messagerie", "agenda", "ged")


def candidate(*covered: str, price: str | None = None) -> Suite:
    return Suite(
        key="alpha",
        name="Suite Alpha",
        publisher="Éditeur Alpha",
        publisher_country="FR",
        hosting=Hosting.FRANCE,
        support=Support("Rennes", in_french=True),
        price_per_user_month=Decimal(price) if price is not None else None,
        modules=tuple((key, f"module {key}") for key in covered),
    )


def test_a_suite_covering_every_need_passes_the_gate() -> None:
    result = coverage(candidate(*NEEDED, "sondage"), NEEDED)

    assert result.covered == NEEDED and result.missing == ()
    assert result.complete and result.needed == 4


def test_the_needs_a_suite_leaves_uncovered_are_named_in_the_needs_order() -> None:
    result = coverage(candidate("ged", "visioconference"), NEEDED)

    assert result.covered == ("visioconference", "ged")
    assert result.missing == ("messagerie", "agenda")
    assert not result.complete and result.needed == 4


def test_no_need_is_covered_by_a_suite_without_modules() -> None:
    assert coverage(candidate(), NEEDED).missing == NEEDED


def test_the_yearly_cost_is_for_every_agent_and_unknown_without_a_price() -> None:
    assert candidate(price="6.5").yearly_cost(120) == Decimal("9360.0")
    assert candidate().yearly_cost(120) is None


def named(key: str, country: str, *covered: str) -> Suite:
    return Suite(
        key=key,
        name=key.title(),
        publisher=f"{key} publisher",
        publisher_country=country,
        hosting=Hosting.EU,
        support=Support("Paris", in_french=True),
        modules=tuple((category, f"{key} {category}") for category in covered),
    )


def test_the_desk_comparison_puts_complete_suites_first_and_keeps_the_others() -> None:
    partial = named("partial", "US", "visioconference", "messagerie", "agenda")
    complete = named("complete", "FR", *NEEDED)
    poor = named("poor", "DE", "ged")

    rows = desk_comparison([poor, partial, complete], NEEDED, agents=10)

    assert [row.suite.key for row in rows] == ["complete", "partial", "poor"]
    assert [row.coverage.complete for row in rows] == [True, False, False]
    assert rows[1].coverage.missing == ("ged",)
    assert [row.exposure for row in rows] == [Exposure.NONE, Exposure.PUBLISHER, Exposure.NONE]


def test_suites_covering_as_much_keep_the_catalogues_order() -> None:
    first, second = named("first", "FR", *NEEDED), named("second", "FR", *NEEDED)

    assert [r.suite.key for r in desk_comparison([second, first], NEEDED, 1)] == [
        "second",
        "first",
    ]


# --- exposure to extra-European laws ------------------------------------------------------


def hosted(country: str, hosting: Hosting) -> Suite:
    return Suite(
        key="s",
        name="S",
        publisher="P",
        publisher_country=country,
        hosting=hosting,
        support=Support("Paris", in_french=True),
    )


@pytest.mark.parametrize("hosting", [Hosting.FRANCE, Hosting.EU])
def test_a_french_publisher_hosting_in_the_eu_is_not_exposed(hosting: Hosting) -> None:
    exposure = extra_eu_exposure(hosted("FR", hosting))

    assert exposure is Exposure.NONE and not exposure.exposed


def test_a_us_publisher_is_exposed_even_when_it_hosts_in_france() -> None:
    # The CLOUD Act reaches a US company's data wherever it is stored.
    exposure = extra_eu_exposure(hosted("US", Hosting.FRANCE))

    assert exposure is Exposure.PUBLISHER and exposure.exposed


def test_a_european_publisher_hosting_outside_the_eu_is_exposed_by_its_hosting() -> None:
    assert extra_eu_exposure(hosted("DE", Hosting.OUTSIDE_EU)) is Exposure.HOSTING


def test_a_publisher_from_outside_the_eu_hosting_outside_it_is_exposed_both_ways() -> None:
    assert extra_eu_exposure(hosted("US", Hosting.OUTSIDE_EU)) is Exposure.PUBLISHER_AND_HOSTING


@pytest.mark.parametrize("country", ["CH", "GB", "NO"])
def test_a_european_country_outside_the_union_counts_as_outside(country: str) -> None:
    assert extra_eu_exposure(hosted(country, Hosting.EU)) is Exposure.PUBLISHER
