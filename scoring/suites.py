"""Candidate all-in-one suites (phase 2, « choisir »), and which needs each one covers.

The method chooses one suite that covers every tool the collectivité needs: coverage is a
gate before any rating. A suite is data the administrator owns (bot/catalogue.py reads it
from TOML); what is computed here is pure.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum


class Hosting(Enum):
    """Where the data lives: the law it falls under (« sûre et française »)."""

    FRANCE = "france"
    EU = "eu"
    OUTSIDE_EU = "outside_eu"


@dataclass(frozen=True)
class Support:
    """Who helps the agents when something goes wrong (« support de proximité »)."""

    where: str  # a city or region, as the publisher states it
    in_french: bool
    hours: str = ""
    country: str | None = None  # ISO 3166 code of where the team is; None: remote only


@dataclass(frozen=True)
class Suite:
    key: str
    name: str
    publisher: str
    publisher_country: str  # ISO 3166 code, upper case: "FR", "DE", "US"
    hosting: Hosting
    support: Support
    certifications: tuple[str, ...] = ()
    price_per_user_month: Decimal | None = None  # euros, excluding tax, if known
    # (category key, the module that covers it), for the categories the suite covers.
    modules: tuple[tuple[str, str], ...] = ()
    # Where and how the pilots try it, as the administrator writes it (an address, who
    # creates the accounts); shown in the trial's invitation.
    trial_access: str = ""

    def module_for(self, category: str) -> str | None:
        return dict(self.modules).get(category)

    def yearly_cost(self, agents: int) -> Decimal | None:
        """The estimated yearly cost for `agents` users, if the price is known."""
        if self.price_per_user_month is None:
            return None
        return self.price_per_user_month * 12 * agents


@dataclass(frozen=True)
class Coverage:
    """The needed categories a suite covers, and those it leaves without a tool."""

    covered: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def needed(self) -> int:
        return len(self.covered) + len(self.missing)


def coverage(suite: Suite, needed: Sequence[str]) -> Coverage:
    """Which of the `needed` categories (in their order) the suite covers."""
    covered = tuple(key for key in needed if suite.module_for(key))
    missing = tuple(key for key in needed if not suite.module_for(key))
    return Coverage(covered, missing)


# The member states of the European Union (ISO 3166-1 alpha-2; Greece is "GR").
EU_COUNTRIES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)


@dataclass(frozen=True)
class DeskRow:
    """One candidate in the desk comparison, before any pilot trial."""

    suite: Suite
    coverage: Coverage
    publisher_in_eu: bool  # under European law, out of reach of extraterritorial laws
    yearly_cost: Decimal | None


def desk_comparison(
    suites: Sequence[Suite], needed: Sequence[str], agents: int
) -> tuple[DeskRow, ...]:
    """Every candidate, those covering every need first (then by needs covered, then in the
    catalogue's order): one that does not cover the needs is shown and marked, not hidden."""
    rows = [
        DeskRow(
            suite,
            coverage(suite, needed),
            suite.publisher_country in EU_COUNTRIES,
            suite.yearly_cost(agents),
        )
        for suite in suites
    ]
    order = {row.suite.key: index for index, row in enumerate(rows)}
    return tuple(
        sorted(
            rows,
            key=lambda r: (not r.coverage.complete, -len(r.coverage.covered), order[r.suite.key]),
        )
    )
