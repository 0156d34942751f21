"""What a report finds, on worked examples: gaps, problems, fragmentation, recommendations,
participation, and a report filtered by category or service.
"""

from __future__ import annotations

import pytest

from scoring import (
    Answer,
    Fragmentation,
    Gap,
    ParticipationLine,
    Problem,
    ScoringSpec,
    build_report,
)
from tests.unit.scoring.compute_kit import (
    AGENDA,
    ASSIMILATION,
    CATEGORIES,
    COUT,
    CRITERION_KEYS,
    EFFICACITE,
    MESSAGERIE,
    SECURITE,
    SPEC,
    VISIO,
    Ratings,
    criteria,
    participant,
    problem_of,
    rated,
    score_of,
    users,
    without_tool,
)

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
