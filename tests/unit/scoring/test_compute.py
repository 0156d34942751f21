"""Scoring: the method's arithmetic ("faites une moyenne et classez") and the anonymity rule.

Worked examples state their hand-computed figures beside the asserts; property tests check, on
random campaigns, the rules that must hold for every report: scores stay on the 0-10 scale,
"nsp" never moves a mean, ranks follow the scores, no figure or comment is shown for fewer
agents than the anonymity threshold, and the report does not depend on the order of its input.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import (
    Answer,
    CategorySpec,
    CriterionSpec,
    Fragmentation,
    Gap,
    Participant,
    ParticipationLine,
    Problem,
    Report,
    ScoringSpec,
    ToolScore,
    build_report,
    weighted_mean,
)

EFFICACITE, COUT, SECURITE, ASSIMILATION = "efficacite", "cout", "securite", "assimilation"
CRITERION_KEYS = (EFFICACITE, COUT, SECURITE, ASSIMILATION)
VISIO, MESSAGERIE, AGENDA = "visio", "messagerie", "agenda"

CATEGORIES = (
    CategorySpec(VISIO, "visioconférence"),
    CategorySpec(MESSAGERIE, "messagerie instantanée"),
    CategorySpec(AGENDA, "agenda partagé"),
)


def criteria(*weights: float) -> tuple[CriterionSpec, ...]:
    names = ("efficacité", "coût", "sécurité", "assimilation")
    return tuple(
        CriterionSpec(key, name, weight)
        for key, name, weight in zip(CRITERION_KEYS, names, weights, strict=True)
    )


# Efficacité counts double: overall = (2·efficacité + coût + sécurité + assimilation) / 5.
SPEC = ScoringSpec(CATEGORIES, criteria(2.0, 1.0, 1.0, 1.0))  # threshold 5, problems under 5
EQUAL = ScoringSpec(CATEGORIES, criteria(1.0, 1.0, 1.0, 1.0))

Ratings = tuple[int | None, int | None, int | None, int | None]


def rated(
    agent: int,
    category: str,
    tool: str,
    ratings: Ratings,
    *,
    service: str | None = "DRH",
    problem: str | None = None,
    skipped: bool = False,
) -> Answer:
    """One agent's answer for a tool they use, ratings in criteria order (None: "nsp")."""
    return Answer(
        agent=agent,
        service=service,
        category=category,
        tool=tool,
        problem=problem,
        skipped=skipped,
        ratings=dict(zip(CRITERION_KEYS, ratings, strict=True)),
    )


def users(
    category: str,
    tool: str,
    agents: range,
    ratings: Ratings = (7, 7, 7, 7),
    *,
    service: str | None = "DRH",
) -> list[Answer]:
    """The same ratings from each of `agents`."""
    return [rated(agent, category, tool, ratings, service=service) for agent in agents]


def without_tool(
    agent: int, category: str, needed: bool | None, *, service: str | None = "DRH"
) -> Answer:
    return Answer(agent=agent, service=service, category=category, tool=None, needed=needed)


def score_of(report: Report, category: str, tool: str) -> ToolScore:
    matching = [s for s in report.tools if s.category == category and s.tool == tool]
    assert len(matching) == 1, f"{tool} ({category}) should be shown once"
    return matching[0]


def problem_of(report: Report, tool: str) -> Problem:
    matching = [p for p in report.problems if p.tool == tool]
    assert len(matching) == 1, f"{tool} should have one problem entry"
    return matching[0]


def participant(
    agent: int,
    service: str | None,
    *,
    invited: bool = True,
    started: bool = False,
    finished: bool = False,
) -> Participant:
    return Participant(agent, service, invited, started, finished)


# --- the weighted mean -----------------------------------------------------------------------


def test_weighted_mean_weighs_each_criterion_by_its_weight() -> None:
    # (2·8 + 6 + 9 + 7) / 5 = 38 / 5 = 7.6
    values = {EFFICACITE: 8.0, COUT: 6.0, SECURITE: 9.0, ASSIMILATION: 7.0}
    assert weighted_mean(SPEC, values) == pytest.approx(7.6)
    # with equal weights: 30 / 4 = 7.5
    assert weighted_mean(EQUAL, values) == pytest.approx(7.5)


def test_weighted_mean_leaves_out_the_criteria_without_a_value() -> None:
    # coût is "nsp": (2·8 + 6 + 4) / (2 + 1 + 1) = 26 / 4 = 6.5
    values = {EFFICACITE: 8.0, COUT: None, SECURITE: 6.0, ASSIMILATION: 4.0}
    assert weighted_mean(SPEC, values) == pytest.approx(6.5)
    # a missing key is the same as "nsp"
    del values[COUT]
    assert weighted_mean(SPEC, values) == pytest.approx(6.5)


def test_weighted_mean_of_nothing_is_no_score_rather_than_zero() -> None:
    assert weighted_mean(SPEC, dict.fromkeys(CRITERION_KEYS)) is None
    assert weighted_mean(SPEC, {}) is None


# --- a tool's score ----------------------------------------------------------------------------

# Five agents rate Jitsi (efficacité, coût, sécurité, assimilation), "nsp" as None:
JITSI_RATINGS: list[Ratings] = [
    (8, 6, 9, 7),  # own score (16 + 6 + 9 + 7) / 5 = 7.6
    (6, None, 7, 5),  # (12 + 7 + 5) / 4 = 6.0
    (7, 8, None, 6),  # (14 + 8 + 6) / 4 = 7.0
    (9, 7, 8, None),  # (18 + 7 + 8) / 4 = 8.25
    (5, 9, 6, 7),  # (10 + 9 + 6 + 7) / 5 = 6.4
]
JITSI = [rated(agent, VISIO, "Jitsi", r) for agent, r in enumerate(JITSI_RATINGS, 1)]


def test_a_tool_score_counts_its_respondents_and_averages_each_criterion_without_nsp() -> None:
    jitsi = score_of(build_report(SPEC, JITSI), VISIO, "Jitsi")

    assert jitsi.n == 5
    # efficacité 35/5 = 7.0; coût 30/4 = 7.5; sécurité 30/4 = 7.5; assimilation 25/4 = 6.25
    assert jitsi.means == {
        EFFICACITE: pytest.approx(7.0),
        COUT: pytest.approx(7.5),
        SECURITE: pytest.approx(7.5),
        ASSIMILATION: pytest.approx(6.25),
    }


def test_the_overall_score_is_the_weighted_mean_of_the_criterion_means() -> None:
    jitsi = score_of(build_report(SPEC, JITSI), VISIO, "Jitsi")
    # (2·7.0 + 7.5 + 7.5 + 6.25) / 5 = 35.25 / 5 = 7.05
    assert jitsi.overall == pytest.approx(7.05)
    # with equal weights: (7.0 + 7.5 + 7.5 + 6.25) / 4 = 7.0625
    assert score_of(build_report(EQUAL, JITSI), VISIO, "Jitsi").overall == pytest.approx(7.0625)


def test_median_and_spread_are_those_of_the_agents_own_weighted_scores() -> None:
    jitsi = score_of(build_report(SPEC, JITSI), VISIO, "Jitsi")
    # own scores sorted: 6.0, 6.4, 7.0, 7.6, 8.25 → median 7.0
    assert jitsi.median == pytest.approx(7.0)
    # their mean is 35.25 / 5 = 7.05; squared deviations 1.1025 + 0.4225 + 0.0025 + 0.3025
    # + 1.44 = 3.27; population variance 3.27 / 5 = 0.654
    assert jitsi.spread == pytest.approx(math.sqrt(0.654))


def test_the_median_of_an_even_number_of_agents_is_the_middle_pair_average() -> None:
    answers = [
        *users(VISIO, "Zoom", range(1, 4), (4, 4, 4, 4)),  # own score 4
        *users(VISIO, "Zoom", range(4, 7), (9, 9, 9, 9)),  # own score 9
    ]
    zoom = score_of(build_report(SPEC, answers), VISIO, "Zoom")
    assert zoom.median == pytest.approx(6.5)  # (4 + 9) / 2
    assert zoom.spread == pytest.approx(2.5)  # every own score is 2.5 away from 6.5


def test_agents_who_agree_have_no_spread() -> None:
    zoom = score_of(build_report(SPEC, users(VISIO, "Zoom", range(1, 6))), VISIO, "Zoom")
    assert zoom.median == pytest.approx(7.0)
    assert zoom.spread == 0.0


def test_a_criterion_nobody_rated_has_no_mean_and_the_overall_uses_the_others() -> None:
    answers = users(VISIO, "Zoom", range(1, 6), (6, None, 8, 4))
    zoom = score_of(build_report(SPEC, answers), VISIO, "Zoom")
    assert zoom.means[COUT] is None
    assert zoom.overall == pytest.approx(6.0)  # (2·6 + 8 + 4) / 4 = 24 / 4


def test_an_agent_with_no_opinion_at_all_counts_as_respondent_but_not_in_the_median() -> None:
    answers = [
        *users(VISIO, "Zoom", range(1, 6), (8, 8, 8, 8)),
        rated(6, VISIO, "Zoom", (None, None, None, None)),
    ]
    zoom = score_of(build_report(SPEC, answers), VISIO, "Zoom")
    assert zoom.n == 6
    assert zoom.means == dict.fromkeys(CRITERION_KEYS, 8.0)
    assert zoom.overall == pytest.approx(8.0)
    assert zoom.median == pytest.approx(8.0)
    assert zoom.spread == 0.0


def test_a_tool_nobody_rated_has_no_score_and_ranks_after_every_rated_tool() -> None:
    answers = [
        *users(VISIO, "Teams", range(1, 8), (None, None, None, None)),
        *users(VISIO, "Zoom", range(8, 13), (1, 0, 1, 0)),  # a poor score still beats none
    ]
    report = build_report(SPEC, answers)
    teams = score_of(report, VISIO, "Teams")
    assert teams.means == dict.fromkeys(CRITERION_KEYS)
    assert (teams.overall, teams.median, teams.spread) == (None, None, None)
    assert [s.tool for s in report.tools] == ["Zoom", "Teams"]
    assert (teams.rank_in_category, teams.rank_overall) == (2, 2)
    assert problem_of(report, "Teams") == Problem(VISIO, "Teams", None, (), ())
    assert [r.best_tool for r in report.recommendations] == ["Zoom"]


# --- ranks ---------------------------------------------------------------------------------------


def test_tools_are_ranked_within_their_category_and_across_all_categories() -> None:
    answers = [
        *users(VISIO, "Zoom", range(1, 6), (6, 6, 6, 6)),  # overall 6.0
        *users(VISIO, "Jitsi", range(6, 11), (8, 8, 8, 8)),  # overall 8.0
        *users(MESSAGERIE, "Tchap", range(1, 6), (7, 7, 7, 7)),  # overall 7.0
    ]
    report = build_report(SPEC, answers)

    ranks = [(s.category, s.tool, s.rank_in_category, s.rank_overall) for s in report.tools]
    # listed in catalogue order of the categories, best first within each
    assert ranks == [
        (VISIO, "Jitsi", 1, 1),
        (VISIO, "Zoom", 2, 3),
        (MESSAGERIE, "Tchap", 1, 2),
    ]


def test_the_weights_can_change_the_ranking() -> None:
    answers = [
        *users(VISIO, "Zoom", range(1, 6), (9, 5, 5, 5)),  # 2·9+15 = 33/5 = 6.6; equal: 6.0
        *users(VISIO, "Jitsi", range(6, 11), (5, 7, 7, 7)),  # 2·5+21 = 31/5 = 6.2; equal: 6.5
    ]
    weighted = build_report(SPEC, answers)
    equal = build_report(EQUAL, answers)
    assert [s.tool for s in weighted.tools] == ["Zoom", "Jitsi"]
    assert [s.tool for s in equal.tools] == ["Jitsi", "Zoom"]


def test_equal_scores_rank_more_respondents_first_then_by_name_ignoring_case() -> None:
    answers = [
        *users(VISIO, "Webconf", range(1, 6)),  # all tools: overall 7.0
        *users(VISIO, "jitsi", range(6, 11)),
        *users(VISIO, "Zoom", range(11, 17)),  # six respondents
    ]
    report = build_report(SPEC, answers)
    # Zoom has more respondents; then "jitsi" before "Webconf" although "W" < "j" in ASCII
    assert [(s.tool, s.rank_in_category, s.rank_overall) for s in report.tools] == [
        ("Zoom", 1, 1),
        ("jitsi", 2, 2),
        ("Webconf", 3, 3),
    ]
    assert build_report(SPEC, list(reversed(answers))) == report


def test_equal_scores_in_different_categories_are_ranked_overall_deterministically() -> None:
    answers = [
        *users(MESSAGERIE, "Tchap", range(1, 6)),
        *users(VISIO, "Tchap", range(1, 6)),
        *users(AGENDA, "Agenda", range(1, 6)),
    ]
    report = build_report(SPEC, answers)
    assert sorted(s.rank_overall for s in report.tools) == [1, 2, 3]
    assert build_report(SPEC, list(reversed(answers))) == report


def test_tool_names_differing_only_in_case_are_one_tool_whatever_the_order() -> None:
    # Free-text "autre" tools are kept as typed: "autre Framadate" and "autre framadate"
    # are the same tool, shown under its most typed spelling (a tie: the first in order).
    answers = [
        *users(AGENDA, "Framadate", range(1, 6)),
        *users(AGENDA, "framadate", range(6, 11)),
        *users(AGENDA, "FRAMADATE ", range(11, 12)),
    ]
    report = build_report(SPEC, answers)
    assert [(s.tool, s.n) for s in report.tools] == [("Framadate", 11)]
    assert build_report(SPEC, list(reversed(answers))) == report


# Weights as a DSI writes them in the config: 40 % efficacité, 20 % coût, 30 % sécurité,
# 10 % assimilation.
PERCENT = ScoringSpec(CATEGORIES, criteria(0.4, 0.2, 0.3, 0.1))


def test_equal_overall_scores_with_decimal_weights_rank_more_respondents_first() -> None:
    answers = [
        # 0.4·8 + 0.2·8 + 0.3·8 + 0.1·8 = 8
        *users(VISIO, "Jitsi", range(1, 6), (8, 8, 8, 8)),
        # 0.4·10 + 0.2·4 + 0.3·8 + 0.1·8 = 4 + 0.8 + 2.4 + 0.8 = 8, with six respondents
        *users(VISIO, "Zoom", range(6, 12), (10, 4, 8, 8)),
    ]
    report = build_report(PERCENT, answers)
    assert score_of(report, VISIO, "Jitsi").overall == pytest.approx(8.0)
    assert score_of(report, VISIO, "Zoom").overall == pytest.approx(8.0)
    # a tie: Zoom, with more respondents, ranks first
    assert [s.tool for s in report.tools] == ["Zoom", "Jitsi"]


@pytest.mark.parametrize(
    "weights",
    [(0.4, 0.2, 0.3, 0.1), (0.6, 0.25, 0.7, 0.2)],
    ids=["percent", "decimals"],
)
def test_a_perfect_tool_scores_exactly_ten_whatever_the_weights(
    weights: tuple[float, float, float, float],
) -> None:
    spec = ScoringSpec(CATEGORIES, criteria(*weights))
    zoom = score_of(
        build_report(spec, users(VISIO, "Zoom", range(1, 6), (10, 10, 10, 10))), VISIO, "Zoom"
    )
    assert zoom.means == dict.fromkeys(CRITERION_KEYS, 10.0)
    assert zoom.overall == 10.0
    assert zoom.median == 10.0


# --- the anonymity threshold ------------------------------------------------------------------


def test_a_tool_used_by_fewer_agents_than_the_threshold_is_shown_nowhere() -> None:
    answers = [
        *users(VISIO, "Jitsi", range(1, 6), (8, 8, 8, 8)),
        *[
            rated(agent, VISIO, "Whereby", (2, 2, 2, 2), problem="micro coupé")
            for agent in range(6, 10)  # four users: one short of the threshold
        ],
    ]
    report = build_report(SPEC, answers)

    assert [s.tool for s in report.tools] == ["Jitsi"]
    assert report.hidden_tools == 1
    assert [p.tool for p in report.problems] == ["Jitsi"]
    assert all("micro coupé" not in p.comments for p in report.problems)
    assert score_of(report, VISIO, "Jitsi").rank_overall == 1
    # fragmentation: 9 users of a visio tool, Jitsi 5/9 shown, Whereby folded into 4/9
    assert report.fragmentation == (Fragmentation(VISIO, 9, 2, (("Jitsi", 5 / 9),), 4 / 9),)


def test_a_tool_used_by_exactly_the_threshold_is_shown() -> None:
    report = build_report(SPEC, users(VISIO, "Jitsi", range(1, 6)))
    assert score_of(report, VISIO, "Jitsi").n == 5
    assert report.hidden_tools == 0


def test_the_threshold_comes_from_the_spec() -> None:
    spec = ScoringSpec(CATEGORIES, criteria(2.0, 1.0, 1.0, 1.0), anonymity_threshold=3)
    answers = [*users(VISIO, "Jitsi", range(1, 4)), *users(VISIO, "Zoom", range(4, 6))]
    report = build_report(spec, answers)
    assert [(s.tool, s.n) for s in report.tools] == [("Jitsi", 3)]
    assert report.hidden_tools == 1


def test_hidden_tools_are_counted_per_category() -> None:
    answers = [
        *users(VISIO, "Whereby", range(1, 3)),
        *users(MESSAGERIE, "Whereby", range(1, 3)),
        *users(MESSAGERIE, "Signal", range(3, 4)),
    ]
    report = build_report(SPEC, answers)
    assert report.tools == ()
    assert report.hidden_tools == 3
    assert report.problems == ()
    assert report.recommendations == ()


# --- skipped answers -------------------------------------------------------------------------


def test_skipped_answers_count_nowhere() -> None:
    answers = [
        *users(VISIO, "Jitsi", range(1, 6), (8, 8, 8, 8)),
        rated(6, VISIO, "Jitsi", (0, 0, 0, 0), skipped=True),
        rated(7, VISIO, "Zoom", (0, 0, 0, 0), skipped=True),
        Answer(agent=8, service="DRH", category=VISIO, tool=None, needed=True, skipped=True),
    ]
    report = build_report(SPEC, answers)

    jitsi = score_of(report, VISIO, "Jitsi")
    assert (jitsi.n, jitsi.overall, jitsi.median) == (5, pytest.approx(8.0), pytest.approx(8.0))
    assert report.hidden_tools == 0  # the skipped Zoom answer is no hidden tool
    assert report.gaps == (Gap(VISIO, 5, 0, 0, 0, "—"),)  # nobody lacks one: nothing to decide
    assert report.fragmentation == (Fragmentation(VISIO, 5, 1, (("Jitsi", 1.0),), 0.0),)
    assert report.recommendations[0].migration_share == 0.0


def test_skipped_answers_do_not_count_towards_the_threshold() -> None:
    answers = [
        *users(VISIO, "Jitsi", range(1, 5)),
        rated(5, VISIO, "Jitsi", (7, 7, 7, 7), skipped=True),
    ]
    report = build_report(SPEC, answers)
    assert report.tools == ()
    assert report.hidden_tools == 1
    assert report.gaps == ()
    assert report.fragmentation == ()


def test_a_skipped_answer_leaves_no_problem_comment() -> None:
    answers = [
        *users(VISIO, "Jitsi", range(1, 6)),
        rated(6, VISIO, "Jitsi", (None, None, None, None), problem="son haché", skipped=True),
    ]
    report = build_report(SPEC, answers)
    assert score_of(report, VISIO, "Jitsi").n == 5
    assert problem_of(report, "Jitsi").comments == ()


# --- gaps ---------------------------------------------------------------------------------------


def test_a_gap_counts_the_agents_without_a_tool_and_those_who_need_one() -> None:
    answers = [
        *users(AGENDA, "Outlook", range(1, 4)),
        without_tool(4, AGENDA, needed=True),
        without_tool(5, AGENDA, needed=True),
        without_tool(6, AGENDA, needed=True),
        without_tool(7, AGENDA, needed=False),
        without_tool(8, AGENDA, needed=None),  # did not say
    ]
    report = build_report(SPEC, answers)
    # 8 respondents, 5 without a tool: 3 need one, 1 does not → "à acquérir"
    assert report.gaps == (Gap(AGENDA, 8, 5, 3, 1, "à acquérir"),)


@pytest.mark.parametrize(
    ("needs", "verdict"),
    [
        ((True, True, True, False, False), "à acquérir"),
        ((True, False, False, False, None), "à exclure"),
        ((True, True, False, False, None), "indécis"),
        ((None, None, None, None, None), "indécis"),
    ],
    ids=["most-need-one", "most-do-not", "as-many-each-way", "nobody-said"],
)
def test_the_gap_verdict_follows_the_majority_of_agents_without_a_tool(
    needs: tuple[bool | None, ...], verdict: str
) -> None:
    answers = [without_tool(agent, AGENDA, need) for agent, need in enumerate(needs, 1)]
    (gap,) = build_report(SPEC, answers).gaps
    assert gap.verdict == verdict
    assert (gap.respondents, gap.without_tool) == (5, 5)
    assert gap.needed == needs.count(True)
    assert gap.not_needed == needs.count(False)


def test_a_category_where_everyone_has_a_tool_has_no_gap_to_fill() -> None:
    report = build_report(SPEC, users(MESSAGERIE, "Tchap", range(1, 6)))
    assert report.gaps == (Gap(MESSAGERIE, 5, 0, 0, 0, "—"),)


def test_no_gap_is_shown_for_fewer_respondents_than_the_threshold() -> None:
    answers = [without_tool(agent, AGENDA, needed=True) for agent in range(1, 5)]
    assert build_report(SPEC, answers).gaps == ()


def test_gaps_are_listed_in_catalogue_order() -> None:
    answers = [
        *[without_tool(agent, AGENDA, needed=False) for agent in range(1, 6)],
        *[without_tool(agent, VISIO, needed=True) for agent in range(1, 6)],
    ]
    report = build_report(SPEC, answers)
    assert [(g.category, g.verdict) for g in report.gaps] == [
        (VISIO, "à acquérir"),
        (AGENDA, "à exclure"),
    ]


# --- problems -----------------------------------------------------------------------------------

ZOOM_PROBLEMS = [
    # efficacité mean 4.0; coût 6.0; sécurité (3+4+3+4)/4 = 3.5; assimilation exactly 5.0
    rated(1, VISIO, "Zoom", (4, 6, 3, 5), problem="trop cher pour ce que c'est"),
    rated(2, VISIO, "Zoom", (4, 6, 4, 5), problem="données hors UE"),
    rated(3, VISIO, "Zoom", (4, 6, 3, 5), problem=None),
    rated(4, VISIO, "Zoom", (4, 6, 4, 5), problem=""),
    rated(5, VISIO, "Zoom", (4, 6, None, 5), problem="coupures fréquentes"),
]


def test_a_problem_names_the_weakest_criterion_those_under_threshold_and_the_comments() -> None:
    report = build_report(SPEC, ZOOM_PROBLEMS)
    assert report.problems == (
        Problem(
            category=VISIO,
            tool="Zoom",
            weakest=SECURITE,  # 3.5
            under_threshold=(EFFICACITE, SECURITE),  # in criteria order; 5.0 is not under 5
            # sorted, so that their order says nothing about who wrote them; no empty comment
            comments=("coupures fréquentes", "données hors UE", "trop cher pour ce que c'est"),
        ),
    )


def test_the_problem_threshold_comes_from_the_spec() -> None:
    spec = ScoringSpec(CATEGORIES, criteria(2.0, 1.0, 1.0, 1.0), problem_threshold=6.5)
    problem = problem_of(build_report(spec, ZOOM_PROBLEMS), "Zoom")
    assert problem.under_threshold == (EFFICACITE, COUT, SECURITE, ASSIMILATION)


def test_a_well_rated_tool_has_a_problem_entry_with_nothing_under_threshold() -> None:
    problem = problem_of(build_report(SPEC, users(VISIO, "Jitsi", range(1, 6))), "Jitsi")
    assert problem.weakest in CRITERION_KEYS  # all four at 7.0: any of them, never None
    assert (problem.under_threshold, problem.comments) == ((), ())


def test_comments_are_kept_to_their_own_tool_and_category() -> None:
    answers = [
        *[rated(a, VISIO, "Tchap", (7, 7, 7, 7), problem="visio floue") for a in range(1, 6)],
        *[rated(a, MESSAGERIE, "Tchap", (7, 7, 7, 7), problem="notifs") for a in range(1, 6)],
    ]
    report = build_report(SPEC, answers)
    assert [(p.category, p.comments) for p in report.problems] == [
        (VISIO, ("visio floue",) * 5),
        (MESSAGERIE, ("notifs",) * 5),
    ]


# --- fragmentation ------------------------------------------------------------------------------


def visio_in_three_tools(jitsi: Ratings, zoom: Ratings, teams: Ratings) -> list[Answer]:
    """12 agents: 6 on Jitsi, 5 on Zoom, 1 on Teams; 2 more have no visio tool."""
    return [
        *users(VISIO, "Jitsi", range(1, 7), jitsi),
        *users(VISIO, "Zoom", range(7, 12), zoom),
        *users(VISIO, "Teams", range(12, 13), teams),
        without_tool(13, VISIO, needed=None),
        without_tool(14, VISIO, needed=None),
    ]


def test_fragmentation_shows_each_tool_share_and_folds_the_small_ones_together() -> None:
    report = build_report(SPEC, visio_in_three_tools((7,) * 4, (7,) * 4, (7,) * 4))
    (fragmentation,) = report.fragmentation
    assert fragmentation.users == 12  # agents without a tool are not users
    assert fragmentation.distinct_tools == 3
    assert fragmentation.shares == (("Jitsi", 0.5), ("Zoom", 5 / 12))  # largest first
    assert fragmentation.hidden_share == pytest.approx(1 / 12)  # Teams
    total = sum(share for _, share in fragmentation.shares) + fragmentation.hidden_share
    assert total == pytest.approx(1.0)


def test_no_fragmentation_is_shown_for_fewer_users_than_the_threshold() -> None:
    answers = [*users(VISIO, "Jitsi", range(1, 3)), *users(VISIO, "Zoom", range(3, 5))]
    assert build_report(SPEC, answers).fragmentation == ()


def test_fragmentation_of_one_category_split_in_small_tools_shows_no_tool_name() -> None:
    answers = [  # three tools, two users each
        *users(VISIO, "Whereby", range(1, 3)),
        *users(VISIO, "Webex", range(3, 5)),
        *users(VISIO, "Skype", range(5, 7)),
    ]
    assert build_report(SPEC, answers).fragmentation == (
        Fragmentation(VISIO, 6, 3, (), pytest.approx(1.0)),
    )


# --- recommendations ----------------------------------------------------------------------------


def test_the_recommendation_is_the_best_visible_tool_and_who_would_have_to_move() -> None:
    report = build_report(
        SPEC,
        visio_in_three_tools(jitsi=(7, 7, 7, 7), zoom=(8, 8, 8, 8), teams=(10, 10, 10, 10)),
    )
    (recommendation,) = report.recommendations
    # Teams scores best but has one user: it is not shown, so it cannot be recommended
    assert (recommendation.category, recommendation.best_tool) == (VISIO, "Zoom")
    assert recommendation.overall == pytest.approx(8.0)
    # 12 tool users, 7 of whom (6 Jitsi + 1 Teams) use another tool than Zoom
    assert recommendation.migration_share == pytest.approx(7 / 12)


def test_each_category_with_a_visible_tool_gets_its_recommendation_in_catalogue_order() -> None:
    answers = [
        *users(AGENDA, "Outlook", range(1, 6), (6, 6, 6, 6)),
        *users(VISIO, "Jitsi", range(1, 6), (9, 9, 9, 9)),
        *users(MESSAGERIE, "Signal", range(1, 3)),  # hidden: no recommendation
    ]
    report = build_report(SPEC, answers)
    assert [(r.category, r.best_tool, r.migration_share) for r in report.recommendations] == [
        (VISIO, "Jitsi", 0.0),
        (AGENDA, "Outlook", 0.0),
    ]


# --- participation ------------------------------------------------------------------------------


def test_participation_is_counted_per_service_and_withheld_under_the_threshold() -> None:
    people = [
        *[participant(a, "DRH", started=a <= 5, finished=a <= 3) for a in range(1, 7)],
        participant(7, "Finances", started=True, finished=True),
        participant(8, "Finances", started=True),
        *[participant(a, None, started=a == 9) for a in range(9, 14)],
        participant(14, "Finances", invited=False),  # not invited yet
    ]
    report = build_report(SPEC, [], people)
    assert report.participation == (
        ParticipationLine("DRH", invited=6, started=5, finished=3, hidden=False),
        ParticipationLine("Finances", None, None, None, hidden=True),  # no stand-in 0
        # withheld too, though large enough: the total minus DRH and it would be Finances
        ParticipationLine(None, None, None, None, hidden=True, masked=True),  # last
    )
    assert report.total == ParticipationLine(None, 13, 8, 4, hidden=False)


def test_total_participation_is_withheld_under_the_threshold() -> None:
    people = [participant(a, "DRH", started=True, finished=True) for a in range(1, 5)]
    report = build_report(SPEC, [], people)
    assert report.total == ParticipationLine(None, 4, None, None, hidden=True)
    assert report.participation == (ParticipationLine("DRH", None, None, None, hidden=True),)


def test_a_campaign_with_nobody_is_an_empty_report() -> None:
    report = build_report(SPEC, [])
    assert report.tools == report.gaps == report.problems == report.fragmentation == ()
    assert report.recommendations == report.participation == ()
    assert report.hidden_tools == 0
    assert report.total == ParticipationLine(None, 0, None, None, hidden=True)


# --- filters ------------------------------------------------------------------------------------


def two_categories_two_services() -> list[Answer]:
    return [
        *users(VISIO, "Jitsi", range(1, 6), (8, 8, 8, 8), service="DRH"),
        *users(VISIO, "Jitsi", range(6, 9), (4, 4, 4, 4), service="Finances"),
        *users(VISIO, "Zoom", range(9, 11), (6, 6, 6, 6), service="Finances"),
        *users(MESSAGERIE, "Tchap", range(1, 6), (7, 7, 7, 7), service="DRH"),
        *users(MESSAGERIE, "Tchap", range(6, 11), (5, 5, 5, 5), service="Finances"),
    ]


def test_a_report_for_one_category_shows_only_that_category() -> None:
    answers = two_categories_two_services()
    report = build_report(SPEC, answers, category=MESSAGERIE)
    tchap = score_of(report, MESSAGERIE, "Tchap")
    assert [s.tool for s in report.tools] == ["Tchap"]
    assert (tchap.n, tchap.overall, tchap.rank_in_category, tchap.rank_overall) == (
        10,
        pytest.approx(6.0),
        1,
        1,
    )
    assert report.hidden_tools == 0  # Zoom is a visio tool
    assert [g.category for g in report.gaps] == [MESSAGERIE]
    assert [f.category for f in report.fragmentation] == [MESSAGERIE]
    assert [r.category for r in report.recommendations] == [MESSAGERIE]
    assert [p.category for p in report.problems] == [MESSAGERIE]


def test_an_unknown_category_gives_an_empty_report() -> None:
    report = build_report(SPEC, two_categories_two_services(), category="fax")
    assert report.tools == report.gaps == report.fragmentation == report.recommendations == ()
    assert report.hidden_tools == 0


def test_a_report_for_one_service_applies_the_threshold_to_that_service() -> None:
    answers = two_categories_two_services()
    people = [participant(a, "DRH" if a <= 5 else "Finances") for a in range(1, 11)]

    whole = build_report(SPEC, answers, people)
    assert score_of(whole, VISIO, "Jitsi").n == 8  # 5 DRH + 3 Finances

    finances = build_report(SPEC, answers, people, service="Finances")
    # in Finances, Jitsi (3 users) and Zoom (2) are under the threshold: no visio figure
    assert [(s.category, s.tool, s.n) for s in finances.tools] == [(MESSAGERIE, "Tchap", 5)]
    assert finances.hidden_tools == 2
    assert [g.category for g in finances.gaps] == [VISIO, MESSAGERIE]  # 5 respondents each
    assert finances.fragmentation == (
        Fragmentation(VISIO, 5, 2, (), pytest.approx(1.0)),
        Fragmentation(MESSAGERIE, 5, 1, (("Tchap", 1.0),), 0.0),
    )
    assert score_of(finances, MESSAGERIE, "Tchap").overall == pytest.approx(5.0)
    assert finances.participation == (ParticipationLine("Finances", 5, 0, 0, hidden=False),)
    assert finances.total == ParticipationLine(None, 5, 0, 0, hidden=False)

    drh = build_report(SPEC, answers, people, service="DRH")
    # DRH's five Jitsi users are enough, but the whole campaign's Jitsi minus DRH's would
    # be Finances' three: withheld too (secondary suppression)
    assert [(s.category, s.tool, s.n) for s in drh.tools] == [(MESSAGERIE, "Tchap", 5)]
    assert drh.hidden_tools == 1


def test_category_and_service_filters_combine() -> None:
    answers = two_categories_two_services()
    report = build_report(SPEC, answers, category=MESSAGERIE, service="DRH")
    assert [(s.tool, s.n, s.overall) for s in report.tools] == [("Tchap", 5, pytest.approx(7.0))]
    assert [g.category for g in report.gaps] == [MESSAGERIE]
    visio = build_report(SPEC, answers, category=VISIO, service="DRH")
    assert (visio.tools, visio.hidden_tools) == ((), 1)


# --- properties over random campaigns -----------------------------------------------------------

PROPERTIES = settings(database=None, derandomize=True, max_examples=200, deadline=None)
TOOLS = ("Jitsi", "Zoom", "Teams", "Tchap", "Webconf")  # distinct even ignoring case
SERVICES = ("DRH", "Finances", "Voirie", None)
COMMENTS = (None, "", "trop cher", "lent", "données hors UE")
CATEGORY_KEYS = tuple(c.key for c in CATEGORIES)


@st.composite
def specs(draw: st.DrawFn) -> ScoringSpec:
    # weights exact in binary, so that a perfect score is exactly 10 (see the decimal-weight
    # tests above for what happens otherwise)
    weights = draw(st.tuples(*[st.sampled_from([0.5, 1.0, 2.0, 3.0])] * 4))
    return ScoringSpec(
        CATEGORIES,
        criteria(*weights),
        anonymity_threshold=draw(st.sampled_from([1, 2, 3, 5])),
        problem_threshold=draw(st.sampled_from([4.0, 5.0, 6.5])),
    )


@st.composite
def campaigns(draw: st.DrawFn) -> tuple[list[Answer], list[Participant]]:
    """At most one answer per agent and category, as the database stores them.

    Tools and ratings are drawn from small pools so that tools often reach the threshold and
    scores often tie.
    """
    palette = draw(st.lists(st.integers(0, 10), min_size=1, max_size=4))
    rating = st.sampled_from([None, *palette])
    tool_choice = st.sampled_from([None, "Jitsi", "Jitsi", "Jitsi", "Zoom", "Zoom", *TOOLS[2:]])
    answers: list[Answer] = []
    people: list[Participant] = []
    for agent in range(draw(st.integers(0, 20))):
        service = draw(st.sampled_from(SERVICES))
        flags = draw(st.tuples(st.booleans(), st.booleans(), st.booleans()))
        people.append(Participant(agent, service, *flags))
        for category in CATEGORY_KEYS:
            if draw(st.integers(0, 3)) == 0:
                continue  # not answered yet
            tool = draw(tool_choice)
            ratings = dict(zip(CRITERION_KEYS, draw(st.tuples(*[rating] * 4)), strict=True))
            answers.append(
                Answer(
                    agent=agent,
                    service=service,
                    category=category,
                    tool=tool,
                    needed=draw(st.sampled_from([None, True, False])) if tool is None else None,
                    problem=draw(st.sampled_from(COMMENTS)) if tool is not None else None,
                    skipped=draw(st.integers(0, 7)) == 0,
                    ratings=ratings if tool is not None else {},
                )
            )
    return answers, people


Campaign = tuple[list[Answer], list[Participant]]


def filters() -> st.SearchStrategy[tuple[str | None, str | None]]:
    return st.tuples(
        st.one_of(st.none(), st.sampled_from(CATEGORY_KEYS)),
        st.one_of(st.none(), st.sampled_from([s for s in SERVICES if s is not None])),
    )


def in_scale(value: float | None) -> bool:
    return value is None or 0.0 <= value <= 10.0


@PROPERTIES
@given(specs(), campaigns(), filters())
def test_every_score_stays_on_the_zero_to_ten_scale(
    spec: ScoringSpec, campaign: Campaign, chosen: tuple[str | None, str | None]
) -> None:
    category, service = chosen
    report = build_report(spec, *campaign, category=category, service=service)
    for score in report.tools:
        assert all(in_scale(mean) for mean in score.means.values())
        assert in_scale(score.overall)
        assert in_scale(score.median)
        assert score.spread is None or 0.0 <= score.spread <= 5.0
    for recommendation in report.recommendations:
        assert in_scale(recommendation.overall)
        assert 0.0 <= recommendation.migration_share < 1.0


@PROPERTIES
@given(specs(), campaigns())
def test_an_answer_with_no_opinion_at_all_moves_no_score(
    spec: ScoringSpec, campaign: Campaign
) -> None:
    answers, people = campaign
    before = build_report(spec, answers, people)
    newcomer = 1000
    for score in before.tools:
        silent = rated(newcomer, score.category, score.tool, (None, None, None, None))
        after = score_of(build_report(spec, [*answers, silent], people), score.category, score.tool)
        assert after.n == score.n + 1
        assert after.means == score.means
        assert after.overall == score.overall
        assert after.median == score.median
        assert after.spread == score.spread


def rank_key(score: ToolScore) -> tuple[float, int]:
    return (score.overall if score.overall is not None else -1.0, score.n)


@PROPERTIES
@given(specs(), campaigns(), filters())
def test_ranks_follow_the_scores(
    spec: ScoringSpec, campaign: Campaign, chosen: tuple[str | None, str | None]
) -> None:
    category, service = chosen
    report = build_report(spec, *campaign, category=category, service=service)
    tools = report.tools

    assert sorted(s.rank_overall for s in tools) == list(range(1, len(tools) + 1))
    for key in CATEGORY_KEYS:
        in_category = [s for s in tools if s.category == key]
        assert [s.rank_in_category for s in in_category] == list(range(1, len(in_category) + 1))
    for better in tools:
        for worse in tools:
            if rank_key(better) > rank_key(worse):  # higher overall, or as high and more users
                assert better.rank_overall < worse.rank_overall
                if better.category == worse.category:
                    assert better.rank_in_category < worse.rank_in_category
    for recommendation in report.recommendations:
        best = score_of(report, recommendation.category, recommendation.best_tool)
        assert best.rank_in_category == 1


def agents_by_tool(answers: Sequence[Answer]) -> dict[tuple[str, str], set[int]]:
    found: dict[tuple[str, str], set[int]] = {}
    for a in answers:
        if a.tool is not None and not a.skipped:
            found.setdefault((a.category, a.tool), set()).add(a.agent)
    return found


@PROPERTIES
@given(specs(), campaigns(), filters())
def test_no_figure_or_comment_is_shown_for_fewer_agents_than_the_threshold(
    spec: ScoringSpec, campaign: Campaign, chosen: tuple[str | None, str | None]
) -> None:
    category, service = chosen
    answers, people = campaign
    report = build_report(spec, answers, people, category=category, service=service)
    threshold = spec.anonymity_threshold
    group = [
        a
        for a in answers
        if (category is None or a.category == category)
        and (service is None or a.service == service)
    ]
    users_of = agents_by_tool(group)

    visible = {(s.category, s.tool) for s in report.tools}
    for score in report.tools:
        assert score.n >= threshold
        assert score.n == len(users_of[(score.category, score.tool)])
    # every tool under the threshold is hidden (and some more, by secondary suppression)
    assert report.hidden_tools >= sum(1 for u in users_of.values() if len(u) < threshold)
    assert report.hidden_tools + len(report.tools) == len(users_of)
    for problem in report.problems:
        assert (problem.category, problem.tool) in visible
    assert len(report.problems) == len(report.tools)
    hidden_comments = {
        a.problem
        for a in group
        if a.problem and (a.category, a.tool) not in visible and not a.skipped
    }
    shown_comments = {c for p in report.problems for c in p.comments}
    visible_comments = {a.problem for a in group if a.problem and (a.category, a.tool) in visible}
    assert shown_comments <= visible_comments
    assert shown_comments.isdisjoint(hidden_comments - visible_comments)
    for fragmentation in report.fragmentation:
        assert fragmentation.users >= threshold
        for tool, share in fragmentation.shares:
            assert round(share * fragmentation.users) >= threshold
            assert (fragmentation.category, tool) in visible
        total = sum(share for _, share in fragmentation.shares) + fragmentation.hidden_share
        assert total == pytest.approx(1.0)
    for gap in report.gaps:
        assert gap.respondents >= threshold
        assert gap.without_tool <= gap.respondents
        if gap.needed is None or gap.not_needed is None:  # withheld: both, and the verdict
            assert (gap.needed, gap.not_needed, gap.verdict) == (None, None, "non communiqué")
        else:
            assert gap.needed + gap.not_needed <= gap.without_tool
    for recommendation in report.recommendations:
        assert (recommendation.category, recommendation.best_tool) in visible
    for line in (*report.participation, report.total):
        if line.hidden:  # withheld: no figure at all, not a stand-in 0
            assert (line.started, line.finished) == (None, None)
        else:
            assert line.invited is not None and line.invited >= threshold
            assert line.started is not None and line.finished is not None


@PROPERTIES
@given(specs(), campaigns(), filters(), st.data())
def test_the_report_does_not_depend_on_the_order_of_answers_and_participants(
    spec: ScoringSpec,
    campaign: Campaign,
    chosen: tuple[str | None, str | None],
    data: st.DataObject,
) -> None:
    category, service = chosen
    answers, people = campaign
    shuffled_answers = data.draw(st.permutations(answers))
    shuffled_people = data.draw(st.permutations(people))
    assert build_report(
        spec, shuffled_answers, shuffled_people, category=category, service=service
    ) == build_report(spec, answers, people, category=category, service=service)


@PROPERTIES
@given(specs(), campaigns(), st.sampled_from(CATEGORY_KEYS))
def test_a_one_category_report_scores_that_category_as_the_whole_report_does(
    spec: ScoringSpec, campaign: Campaign, category: str
) -> None:
    whole = build_report(spec, *campaign)
    one = build_report(spec, *campaign, category=category)

    def without_overall_rank(report: Report) -> list[tuple[object, ...]]:
        return [
            (s.tool, s.n, s.means, s.overall, s.median, s.spread, s.rank_in_category)
            for s in report.tools
            if s.category == category
        ]

    assert without_overall_rank(one) == without_overall_rank(whole)
    assert one.gaps == tuple(g for g in whole.gaps if g.category == category)
    assert one.problems == tuple(p for p in whole.problems if p.category == category)
    assert one.fragmentation == tuple(f for f in whole.fragmentation if f.category == category)
    assert one.recommendations == tuple(r for r in whole.recommendations if r.category == category)


def test_the_need_of_fewer_agents_without_a_tool_than_the_threshold_is_withheld() -> None:
    # six agents answered; the only one without a tool must not have their "oui" shown
    answers = [*users(AGENDA, "Zimbra", range(1, 6)), without_tool(6, AGENDA, needed=True)]

    gap = next(g for g in build_report(SPEC, answers).gaps if g.category == AGENDA)

    assert (gap.respondents, gap.without_tool) == (6, 1)
    assert (gap.needed, gap.not_needed, gap.verdict) == (None, None, "non communiqué")


def test_equal_weakest_criteria_name_the_first_in_the_survey_order() -> None:
    report = build_report(SPEC, users(VISIO, "Jitsi", range(1, 6), (7, 7, 7, 7)))

    assert problem_of(report, "Jitsi").weakest == SPEC.criteria[0].key


def test_others_in_the_fragmentation_counts_each_agent_once_whatever_their_tools() -> None:
    # seen in the demo: « autres 140 % » when agents used two small tools each
    answers = [
        *users(VISIO, "Jitsi", range(1, 6)),
        *users(VISIO, "Zoom", range(1, 3)),
        *users(VISIO, "Webex", range(1, 3)),
        *users(VISIO, "Meet", range(1, 2)),
    ]
    (fragmentation,) = build_report(SPEC, answers).fragmentation
    assert fragmentation.shares == (("Jitsi", 1.0),)
    assert fragmentation.hidden_share == pytest.approx(2 / 5)  # agents 1 and 2, once each
