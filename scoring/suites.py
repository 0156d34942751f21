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


class Distribution(Enum):
    """How the software is licensed (a heading of the State's GouvTech catalogue)."""

    FREE_SOFTWARE = "libre"  # under a free licence: the code can be read, run and kept
    PROPRIETARY = "proprietaire"
    HYBRID = "hybride"  # a free core with proprietary modules or services (open core)


class Deployment(Enum):
    """Where the suite can run: on the collectivité's own servers, or as a service."""

    ON_PREMISES = "sur_site"
    CLOUD = "cloud"


class Accessibility(Enum):
    """The status an accessibility statement gives under the RGAA (the French accessibility
    framework): « totalement conforme » (every criterion met), « partiellement conforme »
    (at least half), « non conforme » (fewer, or no audit)."""

    FULLY_COMPLIANT = "totale"
    PARTIALLY_COMPLIANT = "partielle"
    NOT_COMPLIANT = "non_conforme"


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
    # The headings public buyers compare besides the above. Each is a fact shown, never
    # scored; None, () or "" when the catalogue does not state it.
    distribution: Distribution | None = None
    deployment: tuple[Deployment, ...] = ()  # in the order of `Deployment`
    economic_model: str = ""  # e.g. "abonnement par agent et par mois"
    # The public purchasing bodies that list it (e.g. UGAP); () when none does, None when
    # the catalogue does not say.
    purchasing: tuple[str, ...] | None = None
    accessibility: Accessibility | None = None  # the RGAA status; None: not stated
    reversibility: str = ""  # how the data leaves it: open formats, export

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


class Exposure(Enum):
    """Why a suite's data is within reach of a law from outside the European Union, if it is.

    Some laws reach a company of their country wherever it keeps the data: the US CLOUD Act
    (2018) obliges a provider under US jurisdiction to hand over the data in its possession,
    custody or control, even when it is stored in France. So a publisher from outside the
    EU is exposed however it hosts; and data hosted outside the EU is under the law of the
    country it is in, whoever the publisher. Only a publisher from the EU hosting in the EU
    is out of reach. No finer judgement is made: Switzerland, the United Kingdom or Norway
    are outside the EU too.
    """

    NONE = "none"
    PUBLISHER = "publisher"
    HOSTING = "hosting"
    PUBLISHER_AND_HOSTING = "publisher_and_hosting"

    @property
    def exposed(self) -> bool:
        return self is not Exposure.NONE


def extra_eu_exposure(suite: Suite) -> Exposure:
    """Whether, and through what, the suite is exposed to extra-European laws (`Exposure`):
    by its publisher's country, its hosting, both, or neither."""
    by_publisher = suite.publisher_country not in EU_COUNTRIES
    by_hosting = suite.hosting is Hosting.OUTSIDE_EU
    if by_publisher and by_hosting:
        return Exposure.PUBLISHER_AND_HOSTING
    if by_publisher:
        return Exposure.PUBLISHER
    return Exposure.HOSTING if by_hosting else Exposure.NONE


@dataclass(frozen=True)
class DeskRow:
    """One candidate in the desk comparison, before any pilot trial."""

    suite: Suite
    coverage: Coverage
    exposure: Exposure  # to extra-European laws, and why
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
            extra_eu_exposure(suite),
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
