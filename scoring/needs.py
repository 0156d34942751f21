"""The collectivité's needs, read from an evaluation's report: the bar a suite must clear.

A category is needed when agents use a tool of that kind, or when those without one judged
it necessary (the gaps verdict « à acquérir »). For each, today's best tool and its score
(when enough agents rated it to be shown) and its weakest criteria: what the candidate
suite's module must do at least as well.
"""

from __future__ import annotations

from dataclasses import dataclass

from .compute import TO_ACQUIRE
from .records import Report


@dataclass(frozen=True)
class Need:
    category: str
    in_use: bool  # agents use a tool of this kind today (else: judged necessary)
    best_tool: str | None  # the best-ranked tool shown; None: none shown
    best_overall: float | None
    weakest: tuple[str, ...]  # criterion keys under the problem threshold, else the lowest


def needs(report: Report) -> tuple[Need, ...]:
    """The needed categories, in the survey's order."""
    users = {f.category: f.users for f in report.fragmentation}
    hidden = dict(report.hidden_by_category)  # tools used by too few agents to be detailed
    verdicts = {g.category: g.verdict for g in report.gaps}
    found: list[Need] = []
    for spec in report.spec.categories:
        in_use = users.get(spec.key, 0) > 0 or hidden.get(spec.key, 0) > 0
        if not in_use and verdicts.get(spec.key) != TO_ACQUIRE:
            continue
        ranked = sorted(
            (t for t in report.tools if t.category == spec.key), key=lambda t: t.rank_in_category
        )
        best = ranked[0] if ranked else None
        found.append(
            Need(
                spec.key,
                in_use,
                best.tool if best else None,
                best.overall if best else None,
                _weakest(report, spec.key, best.tool) if best else (),
            )
        )
    return tuple(found)


def _weakest(report: Report, category: str, tool: str) -> tuple[str, ...]:
    problem = next((p for p in report.problems if p.category == category and p.tool == tool), None)
    if problem is None:
        return ()
    if problem.under_threshold:
        return problem.under_threshold
    return (problem.weakest,) if problem.weakest else ()
