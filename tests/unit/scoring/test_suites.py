"""Which needs a candidate suite covers (a gate before any rating), and what it costs."""

from __future__ import annotations

from decimal import Decimal

from scoring.suites import Hosting, Suite, Support, coverage, desk_comparison

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
    assert [row.publisher_in_eu for row in rows] == [True, False, True]


def test_suites_covering_as_much_keep_the_catalogues_order() -> None:
    first, second = named("first", "FR", *NEEDED), named("second", "FR", *NEEDED)

    assert [r.suite.key for r in desk_comparison([second, first], NEEDED, 1)] == [
        "second",
        "first",
    ]
