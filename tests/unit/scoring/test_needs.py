"""What the collectivité needs, from its evaluation: the categories in use or judged
necessary, each with the bar today's best tool sets."""

from __future__ import annotations

from scoring import build_report
from scoring.needs import needs
from tests.unit.scoring.compute_kit import (
    AGENDA,
    COUT,
    MESSAGERIE,
    SPEC,
    VISIO,
    users,
    without_tool,
)


def test_a_category_in_use_is_needed_with_its_best_tool_and_weakest_criteria() -> None:
    answers = [
        *users(VISIO, "Zoom", range(1, 6), (8, 3, 7, 7)),
        *users(VISIO, "Teams", range(6, 11), (6, 6, 6, 6)),
    ]

    [need] = needs(build_report(SPEC, answers))

    assert need.category == VISIO and need.in_use
    assert need.best_tool == "Zoom"
    assert need.best_overall is not None and need.best_overall > 6
    assert need.weakest == (COUT,)  # 3 is under the problem threshold of 5


def test_a_missing_tool_judged_necessary_is_needed_without_a_bar() -> None:
    answers = [
        *users(VISIO, "Zoom", range(1, 11)),
        *[without_tool(agent, AGENDA, needed=True) for agent in range(1, 9)],
        *[without_tool(agent, AGENDA, needed=False) for agent in range(9, 11)],
    ]

    found = {n.category: n for n in needs(build_report(SPEC, answers))}

    assert set(found) == {VISIO, AGENDA}
    assert not found[AGENDA].in_use
    assert found[AGENDA].best_tool is None and found[AGENDA].weakest == ()


def test_a_category_nobody_uses_nor_asks_for_is_not_needed() -> None:
    answers = [
        *users(VISIO, "Zoom", range(1, 11)),
        *[without_tool(agent, MESSAGERIE, needed=False) for agent in range(1, 11)],
    ]

    assert [n.category for n in needs(build_report(SPEC, answers))] == [VISIO]


def test_a_tool_used_by_too_few_agents_to_be_shown_still_makes_its_category_needed() -> None:
    answers = [*users(VISIO, "Jitsi", range(1, 3)), *users(AGENDA, "Zimbra", range(1, 11))]

    found = {n.category: n for n in needs(build_report(SPEC, answers))}

    assert found[VISIO].in_use and found[VISIO].best_tool is None  # 2 < threshold 5
    assert found[AGENDA].best_tool == "Zimbra"
