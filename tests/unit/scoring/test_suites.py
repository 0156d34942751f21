"""Which needs a candidate suite covers (a gate before any rating), and what it costs."""

from __future__ import annotations

from decimal import Decimal

from scoring.suites import Hosting, Suite, Support, coverage

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
