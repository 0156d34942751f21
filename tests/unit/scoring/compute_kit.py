"""What the scoring tests share: the criteria, the categories, and answers as agents give them."""

from __future__ import annotations

from scoring import (
    Answer,
    CategorySpec,
    CriterionSpec,
    Participant,
    Problem,
    Report,
    ScoringSpec,
    ToolScore,
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
