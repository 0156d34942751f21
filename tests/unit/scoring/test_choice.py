"""The recommendation of phase 2: each candidate's components and weighted score, the
coverage gate, the ranking and its ties, the anonymity threshold with complementary
suppression, and the verdict with what would change it.

Worked examples state their hand-computed figures beside the asserts. The threshold is 3
pilots throughout, so that groups stay small enough to read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import (
    ChoiceReport,
    ChoiceWeights,
    TrialComment,
    TrialRating,
    choice_report,
)
from scoring.choice import CRITERIA, Overtake, WeightChange
from scoring.suites import Hosting, Suite, Support

THRESHOLD = 3
VISIO, MESSAGERIE, GED = "visioconference", "messagerie", "ged"
NEEDED = (VISIO, MESSAGERIE, GED)
PROPERTIES = settings(database=None, derandomize=True, max_examples=150, deadline=None)


def suite(
    key: str,
    *,
    name: str | None = None,
    country: str = "FR",
    hosting: Hosting = Hosting.FRANCE,
    certifications: tuple[str, ...] = ("SecNumCloud",),
    support: Support | None = None,
    price: str | None = "6",
    covers: Sequence[str] = NEEDED,
) -> Suite:
    """By default the method's ideal: French, hosted in France, SecNumCloud, support in
    Rennes in French, 6 € per user and month, every need covered."""
    return Suite(
        key=key,
        name=name or f"Suite {key.title()}",
        publisher=f"Éditeur {key}",
        publisher_country=country,
        hosting=hosting,
        support=support or Support("Rennes", in_french=True, country="FR"),
        certifications=certifications,
        price_per_user_month=Decimal(price) if price is not None else None,
        modules=tuple((category, f"{key} {category}") for category in covers),
    )


def rate(
    agent: int,
    key: str,
    simplicite: float | None,
    efficacite: float | None,
    securite: float | None,
    category: str = VISIO,
) -> list[TrialRating]:
    values = (simplicite, efficacite, securite)
    return [
        TrialRating(agent, key, category, criterion, value)
        for criterion, value in zip(CRITERIA, values, strict=True)
    ]


def pilots(key: str, *marks: tuple[float | None, float | None, float | None]) -> list[TrialRating]:
    """Agents 1, 2, 3… each rating `key` on visioconference with (simplicité, efficacité,
    sécurité perçue)."""
    return [r for agent, m in enumerate(marks, start=1) for r in rate(agent, key, *m)]


def report(
    suites: Sequence[Suite],
    ratings: Sequence[TrialRating] = (),
    comments: Sequence[TrialComment] = (),
    *,
    weights: ChoiceWeights | None = None,
    agents: int = 100,
    needed: Sequence[str] = NEEDED,
) -> ChoiceReport:
    return choice_report(
        suites,
        needed,
        agents,
        ratings,
        comments,
        threshold=THRESHOLD,
        weights=weights or ChoiceWeights(),
        invited_pilots=8,
    )


# --------------------------------------------------------------------- the components


def test_the_components_and_the_score_follow_the_method() -> None:
    result = report([suite("alpha")], pilots("alpha", (6, 5, 4), (7, 5, 6), (8, 8, 8)))
    alpha = result.candidate("alpha")

    assert alpha.pilots == 3
    assert alpha.means == {"simplicite": 7.0, "efficacite": 6.0, "securite": 6.0}
    assert alpha.components == {
        "security": 8.0,  # (perceived 6 + SecNumCloud 10) / 2
        "simplicity": 7.0,
        "sovereignty": 10.0,  # (French publisher 10 + hosted in France 10) / 2
        "proximity": 10.0,  # in French, in France
        "efficiency": 6.0,
        "cost": 10.0,  # the cheapest itself
    }
    # (3·8 + 3·7 + 2·10 + 2·10 + 2·6 + 1·10) / 13 = 107 / 13
    assert alpha.score == pytest.approx(107 / 13)
    assert alpha.missing == ()
    assert alpha.yearly_cost == Decimal(7200)  # 6 € × 12 months × 100 agents


@pytest.mark.parametrize(
    ("certifications", "points"),
    [(("secnumcloud ",), 10.0), (("HDS", "SecNumCloud"), 10.0), (("HDS",), 5.0), ((), 0.0)],
)
def test_the_certification_counts_secnumcloud_whatever_its_case(
    certifications: tuple[str, ...], points: float
) -> None:
    alpha = report([suite("alpha", certifications=certifications)]).candidate("alpha")

    assert alpha.certification == points
    assert alpha.components["security"] == points  # no pilot figure: certification alone


@pytest.mark.parametrize(
    ("country", "hosting", "sovereignty"),
    [
        ("FR", Hosting.FRANCE, 10.0),
        ("FR", Hosting.OUTSIDE_EU, 5.0),
        ("DE", Hosting.EU, 5.0),
        ("DE", Hosting.FRANCE, 7.5),
        ("US", Hosting.EU, 2.5),
        ("US", Hosting.OUTSIDE_EU, 0.0),
    ],
)
def test_sovereignty_is_the_mean_of_the_publisher_s_country_and_the_hosting(
    country: str, hosting: Hosting, sovereignty: float
) -> None:
    alpha = report([suite("alpha", country=country, hosting=hosting)]).candidate("alpha")

    assert alpha.components["sovereignty"] == sovereignty


@pytest.mark.parametrize(
    ("support", "proximity"),
    [
        (Support("Rennes", in_french=True, country="FR"), 10.0),
        (Support("Bruxelles", in_french=True, country="BE"), 5.0),
        (Support("à distance", in_french=True), 5.0),
        (Support("Lyon", in_french=False, country="FR"), 0.0),
        (Support("Dublin", in_french=False, country="IE"), 0.0),
    ],
)
def test_the_support_is_close_when_it_speaks_french_in_france(
    support: Support, proximity: float
) -> None:
    alpha = report([suite("alpha", support=support)]).candidate("alpha")

    assert alpha.components["proximity"] == proximity


def test_the_cost_is_against_the_cheapest_suite_that_covers_every_need() -> None:
    result = report(
        [
            suite("alpha", price="6"),
            suite("beta", price="8"),
            suite("gamma", price="3", covers=(VISIO,)),  # cheaper, but cannot be chosen
            suite("delta", price=None),
        ]
    )

    assert result.cost_reference == Decimal(6)
    assert result.candidate("alpha").components["cost"] == 10.0
    assert result.candidate("beta").components["cost"] == 7.5  # 10 × 6 / 8
    assert result.candidate("gamma").components["cost"] is None  # not compared on price
    assert result.candidate("delta").components["cost"] is None
    assert result.candidate("delta").missing == ("simplicity", "efficiency", "cost")
    assert result.candidate("delta").yearly_cost is None


def test_a_candidate_no_pilot_rated_is_scored_on_the_rest_and_says_what_it_lacks() -> None:
    beta = suite(
        "beta",
        country="DE",
        hosting=Hosting.EU,
        certifications=("ISO 27001",),
        support=Support("à distance", in_french=True),
        price=None,
    )
    result = report([suite("alpha"), beta], pilots("alpha", (8, 8, 8), (8, 8, 8), (8, 8, 8)))
    scored = result.candidate("beta")

    assert scored.pilots is None
    assert scored.components == {
        "security": 5.0,  # ISO 27001 alone: no pilot's perceived security
        "simplicity": None,
        "sovereignty": 5.0,
        "proximity": 5.0,
        "efficiency": None,
        "cost": None,
    }
    assert scored.score == 5.0  # (3·5 + 2·5 + 2·5) / (3 + 2 + 2)
    assert scored.missing == ("simplicity", "efficiency", "cost")


def test_a_component_with_no_weight_is_not_said_to_be_missing() -> None:
    weights = ChoiceWeights(simplicity=0, efficiency=0)
    alpha = report([suite("alpha", price=None)], weights=weights).candidate("alpha")

    assert alpha.missing == ("cost",)
    assert alpha.score == 10.0  # security 10, sovereignty 10, proximity 10


def test_the_pooled_mean_counts_every_category_tried_and_leaves_no_opinion_out() -> None:
    ratings = [
        *pilots("alpha", (4, None, 6), (6, 7, 6), (8, 7, 6)),
        *rate(1, "alpha", 10, 7, None, category=MESSAGERIE),
        *rate(2, "alpha", 10, 7, None, category=MESSAGERIE),
        *rate(3, "alpha", 10, 7, None, category=MESSAGERIE),
    ]
    alpha = report([suite("alpha")], ratings).candidate("alpha")

    assert alpha.means["simplicite"] == 8.0  # (4 + 6 + 8 + 10 + 10 + 10) / 6
    assert alpha.means["efficacite"] == 7.0  # the « nsp » is no 0
    assert alpha.means["securite"] == 6.0
    assert alpha.raters == {"simplicite": 3, "efficacite": 3, "securite": 3}


def test_a_later_rating_replaces_an_earlier_one() -> None:
    ratings = [*pilots("alpha", (2, 2, 2), (6, 6, 6), (6, 6, 6)), *rate(1, "alpha", 6, 6, 6)]
    alpha = report([suite("alpha")], ratings).candidate("alpha")

    assert alpha.means == {"simplicite": 6.0, "efficacite": 6.0, "securite": 6.0}


def test_ratings_of_an_unknown_suite_or_criterion_are_left_out() -> None:
    ratings = [
        *pilots("alpha", (6, 6, 6), (6, 6, 6), (6, 6, 6)),
        *pilots("omega", (1, 1, 1), (1, 1, 1), (1, 1, 1)),
        TrialRating(1, "alpha", VISIO, "cout", 0),
    ]
    result = report([suite("alpha")], ratings)

    assert [c.key for c in result.candidates] == ["alpha"]
    assert result.candidate("alpha").means["simplicite"] == 6.0


def test_duplicate_suite_keys_are_a_programming_error() -> None:
    with pytest.raises(ValueError, match="duplicate suite keys"):
        report([suite("alpha"), suite("alpha")])


@pytest.mark.parametrize("values", [{"cost": -1.0}, {"security": float("nan")}])
def test_a_weight_must_be_a_number_at_least_zero(values: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="at least 0"):
        ChoiceWeights(**values)


def test_at_least_one_weight_counts() -> None:
    with pytest.raises(ValueError, match="at least one weight"):
        ChoiceWeights(0, 0, 0, 0, 0, 0)


# ------------------------------------------------------------------------ anonymity


def test_a_pilot_group_under_the_threshold_shows_no_figure_at_all() -> None:
    ratings = pilots("alpha", (1.5, 2, 3), (7.5, 8, 9))  # two pilots, three needed
    comments = [TrialComment(1, "alpha", "Trop lent")]
    result = report([suite("alpha")], ratings, comments)
    alpha = result.candidate("alpha")

    assert result.pilots_total is None
    assert alpha.pilots is None
    assert alpha.means == {"simplicite": None, "efficacite": None, "securite": None}
    assert alpha.raters == {"simplicite": None, "efficacite": None, "securite": None}
    assert alpha.cells and all(c.n is None and c.mean is None and c.withheld for c in alpha.cells)
    assert alpha.components["security"] == 10.0  # SecNumCloud alone: their 3 and 9 unused
    assert alpha.components["simplicity"] is None
    assert result.comments[0].hidden and result.comments[0].comments == ()
    assert result.comments[0].count == 1


def test_a_criterion_rated_by_too_few_pilots_has_no_mean_while_the_others_do() -> None:
    result = report([suite("alpha")], pilots("alpha", (6, None, 6), (6, None, 6), (6, 9, 6)))
    alpha = result.candidate("alpha")

    assert alpha.pilots == 3
    assert alpha.means == {"simplicite": 6.0, "efficacite": None, "securite": 6.0}
    assert alpha.missing == ("efficiency",)


def test_the_pilots_total_counts_each_agent_once_over_suites_and_comments() -> None:
    ratings = [*rate(1, "alpha", 5, 5, 5), *rate(1, "beta", 5, 5, 5), *rate(2, "beta", 5, 5, 5)]
    comments = [TrialComment(3, "beta", "Bien"), TrialComment(4, "omega", "Hors essai")]

    assert report([suite("alpha"), suite("beta")], ratings, comments).pilots_total == 3
    assert report([suite("alpha"), suite("beta")], ratings[:3]).pilots_total is None


def small_cell(ged: float, messagerie: tuple[float, float, float]) -> list[TrialRating]:
    """Simplicity of alpha: visioconference by pilots 1–4 (7 each), messagerie by pilots
    1–3, the GED by pilot 1 alone."""
    ratings = [TrialRating(agent, "alpha", VISIO, "simplicite", 7) for agent in (1, 2, 3, 4)]
    ratings += [
        TrialRating(agent, "alpha", MESSAGERIE, "simplicite", value)
        for agent, value in zip((1, 2, 3), messagerie, strict=True)
    ]
    ratings.append(TrialRating(1, "alpha", GED, "simplicite", ged))
    return ratings


def test_one_small_cell_takes_the_smallest_shown_one_with_it() -> None:
    alpha = report([suite("alpha")], small_cell(8, (6, 6, 6))).candidate("alpha")
    cells = {c.category: c for c in alpha.cells}

    # The pooled mean, 54 / 8, is shown. With only the GED withheld, the pooled mean over the
    # 8 values minus the visio (4 × 7) and messagerie (3 × 6) would give pilot 1's GED: 8.
    assert alpha.means["simplicite"] == 54 / 8
    assert cells[GED].withheld and not cells[GED].masked
    assert cells[MESSAGERIE].withheld and cells[MESSAGERIE].masked  # 3 pilots: the smallest
    assert cells[MESSAGERIE].n is None and cells[MESSAGERIE].mean is None
    assert (cells[VISIO].n, cells[VISIO].mean) == (4, 7.0)


def test_what_is_shown_is_the_same_whatever_the_small_cell_said() -> None:
    """Pilot 1 gave the GED 8, or 2: the figures moved between the two withheld cells, and
    the report — everything a manager can read — is the same."""
    said_8 = report([suite("alpha")], small_cell(8, (6, 6, 6)))
    said_2 = report([suite("alpha")], small_cell(2, (8, 8, 8)))  # 8 + 18 = 2 + 24

    assert said_8 == said_2


def test_small_cells_that_together_reach_the_threshold_protect_each_other() -> None:
    ratings = [TrialRating(a, "alpha", VISIO, "simplicite", 7) for a in (1, 2, 3, 4)]
    ratings += [TrialRating(a, "alpha", MESSAGERIE, "simplicite", 5) for a in (5, 6)]
    ratings += [TrialRating(7, "alpha", GED, "simplicite", 9)]
    alpha = report([suite("alpha")], ratings).candidate("alpha")
    cells = {c.category: c for c in alpha.cells}

    assert not cells[MESSAGERIE].masked and not cells[GED].masked  # both under 3
    assert cells[MESSAGERIE].withheld and cells[GED].withheld  # 3 pilots together
    assert not cells[VISIO].withheld


def test_cells_that_together_hold_too_few_pilots_take_the_pooled_mean_with_them() -> None:
    ratings = [TrialRating(1, "alpha", c, "simplicite", 5) for c in (VISIO, MESSAGERIE, GED)]
    ratings += [TrialRating(2, "alpha", VISIO, "simplicite", 9)]
    alpha = report([suite("alpha")], ratings).candidate("alpha")

    assert alpha.means["simplicite"] is None
    assert all(c.withheld for c in alpha.cells)


# Each pilot's last word on some (category, criterion): six pilots, three categories, two
# criteria, so that cells of every size — from one pilot to all six — come up often.
cell_ratings = st.dictionaries(
    st.tuples(st.integers(1, 6), st.sampled_from(NEEDED), st.sampled_from(CRITERIA[:2])),
    st.one_of(st.none(), st.integers(0, 10).map(float)),
    max_size=36,
)


@PROPERTIES
@given(cell_ratings)
def test_no_withheld_cell_can_be_taken_out_of_a_shown_mean(
    answers: dict[tuple[int, str, str], float | None],
) -> None:
    """Whatever the answers: a shown cell has at least the threshold of pilots; where a mean
    is shown and a cell withheld, at least two cells are withheld and they hold at least the
    threshold of pilots together — what subtraction gives is never one small group."""
    ratings = [TrialRating(a, "alpha", cat, crit, v) for (a, cat, crit), v in answers.items()]
    alpha = report([suite("alpha")], ratings).candidate("alpha")
    raters: dict[tuple[str, str], set[int]] = defaultdict(set)
    for (a, cat, crit), v in answers.items():
        if v is not None:
            raters[(cat, crit)].add(a)
    for cell in alpha.cells:
        if not cell.withheld:
            assert cell.n is not None and cell.n >= THRESHOLD
            assert cell.n == len(raters[(cell.category, cell.criterion)])
    for criterion in CRITERIA:
        withheld = [c for c in alpha.cells if c.criterion == criterion and c.withheld]
        if withheld and alpha.means[criterion] is not None:
            together = set().union(*(raters[(c.category, criterion)] for c in withheld))
            assert len(withheld) >= 2
            assert len(together) >= THRESHOLD


# -------------------------------------------------------------------------- the ranking


def test_suites_covering_every_need_come_first_by_score_then_the_others_by_coverage() -> None:
    result = report(
        [
            suite("one", covers=(VISIO,)),
            suite("weak", country="US", hosting=Hosting.OUTSIDE_EU),
            suite("two", covers=(VISIO, GED)),
            suite("strong"),
        ]
    )

    assert [c.key for c in result.candidates] == ["strong", "weak", "two", "one"]
    assert [c.rank for c in result.candidates] == [1, 2, None, None]
    assert [c.score is None for c in result.candidates] == [False, False, True, True]


def test_once_pilots_rated_some_suites_an_untried_one_comes_after_them() -> None:
    # Untried, « ideal » Gamma would score 10 on the facts alone (SecNumCloud counts as
    # its whole security); Alpha, rated 7 by the pilots, stays first.
    result = report(
        [suite("alpha"), suite("gamma")], pilots("alpha", (7, 7, 7), (7, 7, 7), (7, 7, 7))
    )
    alpha, gamma = result.candidate("alpha"), result.candidate("gamma")

    assert gamma.score is not None and alpha.score is not None and gamma.score > alpha.score
    assert [c.key for c in result.candidates] == ["alpha", "gamma"]
    assert (alpha.rank, gamma.rank) == (1, 2)
    assert result.recommendation.kind == "recommended"
    assert result.recommendation.suite == "alpha"
    assert result.recommendation.overtake is None  # no gain puts an untried suite first
    assert result.recommendation.weight_change is None


def test_without_any_pilot_figure_the_facts_alone_rank_the_suites() -> None:
    result = report([suite("alpha", price="9"), suite("gamma")])

    assert [c.key for c in result.candidates] == ["gamma", "alpha"]
    assert result.recommendation.suite == "gamma"


def test_two_suites_shown_with_the_same_score_are_tied() -> None:
    only_simplicity = ChoiceWeights(0, 1, 0, 0, 0, 0)
    ratings = [
        *(r for a in (1, 2, 3) for r in rate(a, "alpha", 7, 7, 7)),
        *(r for a in range(1, 13) for r in rate(a, "beta", 7, 7, 7)),
        *rate(13, "beta", 7.5, 7, 7),
    ]
    result = report([suite("alpha"), suite("beta")], ratings, weights=only_simplicity)
    alpha, beta = result.candidate("alpha"), result.candidate("beta")

    assert alpha.score == 7.0
    assert beta.score == pytest.approx(91.5 / 13)  # 7,038…: shown « 7,0 » as well
    assert (alpha.rank, alpha.tied, beta.rank, beta.tied) == (1, True, 1, True)
    assert [c.key for c in result.candidates] == ["alpha", "beta"]  # the catalogue's order
    verdict = result.recommendation
    assert verdict.kind == "tie" and verdict.suite is None
    assert verdict.tied == ("alpha", "beta")


def test_a_tie_below_the_first_leaves_the_next_rank_out() -> None:
    result = report(
        [
            suite("alpha"),
            suite("beta", certifications=()),
            suite("gamma", certifications=()),
            suite("delta", certifications=(), price="12"),
        ]
    )

    assert [(c.key, c.rank, c.tied) for c in result.candidates] == [
        ("alpha", 1, False),
        ("beta", 2, True),
        ("gamma", 2, True),
        ("delta", 4, False),
    ]
    assert result.recommendation.kind == "recommended"


def test_the_weights_change_the_order() -> None:
    """Alpha: French, hosted in France, SecNumCloud, support in Rennes, but hard to pick up;
    Beta: German, hosted in the EU, ISO 27001, remote support in French, easy."""
    suites = [
        suite("alpha"),
        suite(
            "beta",
            country="DE",
            hosting=Hosting.EU,
            certifications=("ISO 27001",),
            support=Support("à distance", in_french=True),
        ),
    ]
    ratings = [
        *(r for a in (1, 2, 3) for r in rate(a, "alpha", 5, 7, 7)),
        *(r for a in (1, 2, 3) for r in rate(a, "beta", 9, 7, 7)),
    ]
    by_default = report(suites, ratings)
    # alpha: security (7+10)/2 = 8,5, simplicity 5, sovereignty 10, proximity 10,
    # efficiency 7, cost 10 → (25,5 + 15 + 20 + 20 + 14 + 10) / 13 = 104,5 / 13
    # beta: security (7+5)/2 = 6, simplicity 9, sovereignty 5, proximity 5, efficiency 7,
    # cost 10 → (18 + 27 + 10 + 10 + 14 + 10) / 13 = 89 / 13
    assert by_default.candidate("alpha").score == pytest.approx(104.5 / 13)
    assert by_default.candidate("beta").score == pytest.approx(89 / 13)
    assert by_default.recommendation.suite == "alpha"

    simple_first = report(suites, ratings, weights=ChoiceWeights(simplicity=10))
    # alpha (25,5 + 50 + 64) / 20 = 6,975; beta (18 + 90 + 44) / 20 = 7,6
    assert simple_first.candidate("alpha").score == pytest.approx(6.975)
    assert simple_first.candidate("beta").score == pytest.approx(7.6)
    assert simple_first.recommendation.suite == "beta"
    assert [c.key for c in simple_first.candidates] == ["beta", "alpha"]


# -------------------------------------------------------------------------- the verdict


def test_the_recommendation_gives_its_reasons_as_facts() -> None:
    ratings = [
        *pilots("alpha", (8, 8, 8), (7, 8, 8), (8.4, 8, 8)),
        *pilots("beta", *[(6, 6, 6)] * 3),
    ]
    result = report([suite("alpha"), suite("beta")], ratings)
    verdict = result.recommendation

    assert verdict.kind == "recommended" and verdict.suite == "alpha"
    (reasons,) = verdict.reasons
    assert (reasons.covered, reasons.needed, reasons.missing) == (3, 3, ())
    assert reasons.simplicity == pytest.approx(7.8)  # (8 + 7 + 8,4) / 3
    assert reasons.simplicity_pilots == 3
    assert (reasons.publisher_origin, reasons.hosting) == ("FR", Hosting.FRANCE)
    assert (reasons.support_where, reasons.support_country) == ("Rennes", "FR")
    assert reasons.support_in_french and reasons.certifications == ("SecNumCloud",)
    assert reasons.score == result.candidate("alpha").score


def test_the_runner_up_is_told_the_smallest_single_gain_that_would_put_it_first() -> None:
    """Same catalogue facts; only the pilots' simplicity differs.
    Alpha: security (8+10)/2 = 9, simplicity 8, 10, 10, efficiency 8, cost 10
      → (27 + 24 + 20 + 20 + 16 + 10) / 13 = 117 / 13 = 9,0.
    Beta: simplicity 6 → 111 / 13 = 8,54, shown « 8,5 ». To be shown above « 9,0 » it needs
    at least 9,05: 111 + 3·x ≥ 117,65 → x ≥ 2,22, so 2,3 points of simplicity (2,2 gives
    117,6 / 13 = 9,046, shown « 9,0 »: a tie, not ahead). Security would need 9 + 2,3 > 10,
    efficiency 8 + 3,4 > 10: out of reach."""
    ratings = [*pilots("alpha", *[(8, 8, 8)] * 3), *pilots("beta", *[(6, 8, 8)] * 3)]
    result = report([suite("alpha"), suite("beta")], ratings)

    assert result.candidate("alpha").score == 9.0
    assert result.recommendation.overtake == Overtake("beta", "simplicity", 2.3)
    assert result.recommendation.weight_change is None  # beta is nowhere better


def test_a_runner_up_no_single_gain_can_lift_is_said_so_and_a_weight_change_found() -> None:
    """As in the weights test: beta (89/13 = 6,8) cannot reach alpha's 8,0 with one
    component at 10 (simplicity 9 → 10 gives 92/13 = 7,1). A simplicity weight of 7 would
    put it first: alpha (89,5 + 35) / 17 = 7,32, beta (62 + 63) / 17 = 7,35; 6 would not:
    alpha 119,5 / 16 = 7,47, beta 116 / 16 = 7,25."""
    suites = [
        suite("alpha"),
        suite(
            "beta",
            country="DE",
            hosting=Hosting.EU,
            certifications=("ISO 27001",),
            support=Support("à distance", in_french=True),
        ),
    ]
    ratings = [*pilots("alpha", *[(5, 7, 7)] * 3), *pilots("beta", *[(9, 7, 7)] * 3)]
    verdict = report(suites, ratings).recommendation

    assert verdict.suite == "alpha"
    assert verdict.overtake == Overtake("beta", None, None)
    assert verdict.weight_change == WeightChange("simplicity", 7.0, 3.0, "beta")


def test_a_suite_that_does_not_cover_every_need_is_named_with_what_it_lacks() -> None:
    result = report([suite("alpha"), suite("gamma", covers=(VISIO,), price="1")])
    verdict = result.recommendation

    assert verdict.suite == "alpha"
    assert [(lack.suite, lack.missing) for lack in verdict.lacking] == [
        ("gamma", (MESSAGERIE, GED))
    ]
    assert verdict.overtake is None  # no other suite passes the gate


def test_when_no_suite_covers_every_need_the_closest_are_named() -> None:
    result = report(
        [
            suite("one", covers=(VISIO,)),
            suite("two", covers=(VISIO, GED)),
            suite("deux", covers=(MESSAGERIE, GED)),
        ]
    )
    verdict = result.recommendation

    assert verdict.kind == "none_covers" and verdict.suite is None
    assert verdict.closest == ("two", "deux")
    assert [r.missing for r in verdict.reasons] == [(MESSAGERIE,), (VISIO,)]
    assert [c.key for c in result.candidates] == ["two", "deux", "one"]
    assert all(c.score is None and c.rank is None for c in result.candidates)


def test_an_empty_catalogue_recommends_nothing() -> None:
    verdict = report([]).recommendation

    assert verdict.kind == "no_candidate" and verdict.suite is None


def test_the_only_suite_covering_the_needs_is_recommended_even_without_a_score() -> None:
    pilots_only = ChoiceWeights(0, 1, 0, 0, 1, 0)
    result = report([suite("alpha"), suite("gamma", covers=(VISIO,))], weights=pilots_only)

    assert result.candidate("alpha").score is None
    assert result.candidate("alpha").missing == ("simplicity", "efficiency")
    assert result.recommendation.kind == "recommended"
    assert result.recommendation.suite == "alpha"


def test_suites_with_no_score_to_tell_them_apart_are_tied() -> None:
    pilots_only = ChoiceWeights(0, 1, 0, 0, 1, 0)
    verdict = report([suite("alpha"), suite("beta")], weights=pilots_only).recommendation

    assert verdict.kind == "tie" and verdict.tied == ("alpha", "beta")


# ------------------------------------------------------------------------- the comments


def test_comments_are_shown_for_a_suite_enough_pilots_rated_identical_ones_once() -> None:
    ratings = pilots("alpha", *[(7, 7, 7)] * 3)
    comments = [
        TrialComment(1, "alpha", "Simple à prendre en main"),
        TrialComment(2, "alpha", "  simple à prendre  en main "),
        TrialComment(3, "alpha", "Visio instable"),
        TrialComment(3, "alpha", "   "),
        TrialComment(1, "beta", "Jamais essayée"),
    ]
    result = report([suite("alpha"), suite("beta")], ratings, comments)
    alpha, beta = sorted(result.comments, key=lambda group: group.suite)

    assert alpha.suite == "alpha" and not alpha.hidden and alpha.count == 3
    assert alpha.comments == (("Simple à prendre en main", 2), ("Visio instable", 1))
    assert beta.suite == "beta" and beta.hidden and beta.comments == () and beta.count == 1


def test_the_order_of_the_answers_changes_nothing() -> None:
    ratings = [
        *pilots("alpha", (6, 5, 4), (7, 5, 6), (8, 8, 8)),
        *rate(1, "alpha", 3, 3, 3, category=GED),
        *pilots("beta", (9, 9, 9), (2, 2, 2), (5, 5, 5)),
    ]
    comments = [TrialComment(a, "alpha", text) for a, text in ((1, "Bien"), (2, "bien"))]
    forward = report([suite("alpha"), suite("beta")], ratings, comments)
    backward = report([suite("alpha"), suite("beta")], ratings[::-1], comments[::-1])

    assert forward == backward
