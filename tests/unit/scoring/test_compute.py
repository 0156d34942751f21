"""Scoring: the method's arithmetic ("faites une moyenne et classez") and the anonymity rule.

Worked examples state their hand-computed figures beside the asserts: the weighted mean, a
tool's score, ranks, the anonymity threshold, skipped answers. What a report finds is in
`test_compute_findings.py`, the rules that hold on random campaigns in
`test_compute_properties.py`.
"""

from __future__ import annotations

import math

import pytest

from scoring import (
    Answer,
    Fragmentation,
    Gap,
    Problem,
    ScoringSpec,
    build_report,
    weighted_mean,
)
from tests.unit.scoring.compute_kit import (
    AGENDA,
    ASSIMILATION,
    CATEGORIES,
    COUT,
    CRITERION_KEYS,
    EFFICACITE,
    EQUAL,
    MESSAGERIE,
    SECURITE,
    SPEC,
    VISIO,
    Ratings,
    criteria,
    problem_of,
    rated,
    score_of,
    users,
)

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
