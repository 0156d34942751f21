"""The method's arithmetic: average, rank, find the gaps, the problems, the fragmentation.

Pure functions over `records`; the anonymity threshold is applied here, once, so that no
renderer (chat, CSV, ODS, chart) can show a figure for a group smaller than it. What the
reports of one moment must withhold together is decided in `scoring.release`.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from .records import (
    Answer,
    Fragmentation,
    Gap,
    Participant,
    ParticipationLine,
    Problem,
    Recommendation,
    Report,
    ScoringSpec,
    ToolScore,
)

TO_ACQUIRE = "à acquérir"
TO_EXCLUDE = "à exclure"
UNDECIDED = "indécis"
WITHHELD = "non communiqué"
NO_GAP = "—"  # nobody lacks a tool of this kind: there is nothing to decide


@dataclass(frozen=True)
class Withheld:
    """What one report must hide beyond its own small groups, because the other reports
    of the same moment would let it be deduced (see `scoring.release`)."""

    tools: frozenset[tuple[str, str]] = frozenset()  # (category, tool)
    needs: frozenset[str] = frozenset()  # categories whose yes/no split is withheld
    services: frozenset[str | None] = frozenset()  # participation lines withheld
    masked: frozenset[str | None] = frozenset()  # ...of which large enough (secondary)


def canonical_answers(answers: Iterable[Answer]) -> list[Answer]:
    """One tool whatever the case typed ("autre Framadate", "autre framadate"), shown
    under its most typed spelling — decided over the whole campaign, so that every
    report of it names a tool the same way."""
    return _canonical_tools(list(answers))


def scoped_report(
    spec: ScoringSpec,
    rows: Sequence[Answer],
    people: Sequence[Participant],
    categories: Sequence[str],
    withheld: Withheld | None = None,
) -> Report:
    """The report over `rows` (already canonical and filtered to one scope)."""
    withheld = withheld or Withheld()
    by_category: dict[str, list[Answer]] = {key: [] for key in categories}
    for answer in rows:
        if answer.category in by_category:
            by_category[answer.category].append(answer)
    comments: dict[tuple[str, str | None], list[str]] = defaultdict(list)
    for answer in rows:
        if answer.problem and not answer.skipped:
            comments[(answer.category, answer.tool)].append(answer.problem)
    scores, hidden = _tool_scores(spec, rows, categories, withheld.tools)
    return Report(
        spec=spec,
        tools=scores,
        hidden_tools=sum(hidden.values()),
        hidden_by_category=tuple((key, hidden[key]) for key in categories if hidden[key]),
        gaps=tuple(
            g
            for key in categories
            if (g := _gap(spec, by_category[key], key, key in withheld.needs)) is not None
        ),
        problems=tuple(
            _problem(spec, comments.get((score.category, score.tool), []), score)
            for score in scores
        ),
        fragmentation=tuple(
            f
            for key in categories
            if (f := _fragmentation(spec, by_category[key], key, withheld.tools)) is not None
        ),
        recommendations=_recommendations(by_category, scores, categories),
        participation=_participation_by_service(spec, people, withheld),
        total=_participation_line(spec, None, people, withheld=False),
    )


PRECISION = 9  # decimals kept: 10 stays 10 and equal scores stay equal, whatever the weights


def weighted_mean(spec: ScoringSpec, values: Mapping[str, float | None]) -> float | None:
    """The weighted mean of the criteria that have a value; None if none has."""
    total = weight = 0.0
    for criterion in spec.criteria:
        value = values.get(criterion.key)
        if value is not None:
            total += value * criterion.weight
            weight += criterion.weight
    return round(total / weight, PRECISION) if weight else None


def _canonical_tools(rows: list[Answer]) -> list[Answer]:
    """One tool whatever the case typed ("autre Framadate", "autre framadate"), shown
    under its most typed spelling."""
    folded: dict[str, str] = {}  # tool names repeat: fold each spelling once
    spellings: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for answer in rows:
        if answer.tool is not None:
            key = folded.get(answer.tool) or folded.setdefault(answer.tool, fold_name(answer.tool))
            spellings[(answer.category, key)][answer.tool] += 1
    canonical = {
        key: min(counter, key=lambda name: (-counter[name], name))
        for key, counter in spellings.items()
    }
    result = []
    for answer in rows:
        if answer.tool is not None:
            name = canonical[(answer.category, folded[answer.tool])]
            if name != answer.tool:
                answer = replace(answer, tool=name)
        result.append(answer)
    return result


def fold_name(name: str) -> str:
    """A tool name as compared: case and spacing ignored."""
    return " ".join(name.casefold().split())


def _tool_scores(
    spec: ScoringSpec,
    rows: Sequence[Answer],
    categories: Sequence[str],
    withheld: frozenset[tuple[str, str]],
) -> tuple[tuple[ToolScore, ...], Counter[str]]:
    users: dict[tuple[str, str], list[Answer]] = defaultdict(list)
    for answer in rows:
        if answer.tool is not None and not answer.skipped and answer.category in categories:
            users[(answer.category, answer.tool)].append(answer)
    visible: list[tuple[str, str, list[Answer]]] = []
    hidden: Counter[str] = Counter()
    for (category_key, tool), group in users.items():
        if (
            len({a.agent for a in group}) >= spec.anonymity_threshold
            and (category_key, tool) not in withheld
        ):
            visible.append((category_key, tool, group))
        else:
            hidden[category_key] += 1
    unranked = [_score(spec, category_key, tool, group) for category_key, tool, group in visible]
    overall_order = sorted(unranked, key=_rank_key)
    overall_rank = {(s.category, s.tool): index for index, s in enumerate(overall_order, 1)}
    in_category: dict[tuple[str, str], int] = {}
    for category_key in categories:
        ordered = sorted((s for s in unranked if s.category == category_key), key=_rank_key)
        for index, score in enumerate(ordered, 1):
            in_category[(score.category, score.tool)] = index
    category_order = {key: index for index, key in enumerate(categories)}
    ranked = [
        ToolScore(
            category=s.category,
            tool=s.tool,
            n=s.n,
            means=s.means,
            overall=s.overall,
            median=s.median,
            spread=s.spread,
            rank_in_category=in_category[(s.category, s.tool)],
            rank_overall=overall_rank[(s.category, s.tool)],
        )
        for s in unranked
    ]
    ranked.sort(key=lambda s: (category_order[s.category], s.rank_in_category))
    return tuple(ranked), hidden


def _rank_key(score: ToolScore) -> tuple[float, int, str, str]:
    """Best score first; ties: more respondents first, then alphabetical (deterministic)."""
    overall = score.overall if score.overall is not None else -1.0
    return (-overall, -score.n, score.tool.casefold(), score.category)


def _score(spec: ScoringSpec, category: str, tool: str, group: list[Answer]) -> ToolScore:
    means: dict[str, float | None] = {}
    for criterion in spec.criteria:
        values = [a.ratings.get(criterion.key) for a in group]
        given = [v for v in values if v is not None]
        means[criterion.key] = round(statistics.fmean(given), PRECISION) if given else None
    personal = [w for a in group if (w := weighted_mean(spec, a.ratings)) is not None]
    return ToolScore(
        category=category,
        tool=tool,
        n=len({a.agent for a in group}),
        means=means,
        overall=weighted_mean(spec, means),
        median=round(statistics.median(personal), PRECISION) if personal else None,
        spread=(
            round(statistics.pstdev(personal), PRECISION)
            if len(personal) > 1
            else (0.0 if personal else None)
        ),
        rank_in_category=0,
        rank_overall=0,
    )


def _gap(spec: ScoringSpec, rows: Sequence[Answer], category: str, withheld: bool) -> Gap | None:
    answered = [a for a in rows if a.category == category and not a.skipped]
    respondents = len({a.agent for a in answered})  # an agent with two tools counts once
    if respondents < spec.anonymity_threshold:
        return None
    without = [a for a in answered if a.tool is None]
    if not without:
        return Gap(category, respondents, 0, 0, 0, NO_GAP)
    if withheld or len({a.agent for a in without}) < spec.anonymity_threshold:
        # too few without a tool: their yes/no would be their own answers
        return Gap(category, respondents, len(without), None, None, WITHHELD)
    needed = sum(1 for a in without if a.needed is True)
    not_needed = sum(1 for a in without if a.needed is False)
    if needed == not_needed:
        verdict = UNDECIDED
    else:
        verdict = TO_ACQUIRE if needed > not_needed else TO_EXCLUDE
    return Gap(category, respondents, len(without), needed, not_needed, verdict)


def _problem(spec: ScoringSpec, texts: Sequence[str], score: ToolScore) -> Problem:
    given = {k: v for k, v in score.means.items() if v is not None}
    order = {c.key: index for index, c in enumerate(spec.criteria)}
    weakest = min(given, key=lambda k: (given[k], order.get(k, 0))) if given else None
    under = tuple(
        c.key
        for c in spec.criteria
        if (m := given.get(c.key)) is not None and m < spec.problem_threshold
    )
    return Problem(score.category, score.tool, weakest, under, tuple(sorted(texts)))


def _fragmentation(
    spec: ScoringSpec,
    rows: Sequence[Answer],
    category: str,
    withheld: frozenset[tuple[str, str]],
) -> Fragmentation | None:
    with_tool = [a for a in rows if a.category == category and a.tool is not None and not a.skipped]
    users = len({a.agent for a in with_tool})
    if users < spec.anonymity_threshold:
        return None
    # Each agent counts once per tool; one who uses two tools counts for both, so the
    # shares of a fragmented category add up to more than 100 %.
    counts = Counter(tool for _, tool in {(a.agent, a.tool) for a in with_tool if a.tool})

    def visible(tool: str, count: int) -> bool:
        return count >= spec.anonymity_threshold and (category, tool) not in withheld

    shown = sorted(
        ((tool, count / users) for tool, count in counts.items() if visible(tool, count)),
        key=lambda item: (-item[1], item[0].casefold()),
    )
    # "others": the agents who use some tool not shown, each once (not « autres 140 % »)
    others = {a.agent for a in with_tool if a.tool and not visible(a.tool, counts[a.tool])}
    hidden = len(others) / users
    return Fragmentation(category, users, len(counts), tuple(shown), hidden)


def _recommendations(
    by_category: dict[str, list[Answer]],
    scores: Sequence[ToolScore],
    categories: Sequence[str],
) -> tuple[Recommendation, ...]:
    result = []
    for category in categories:
        best = next((s for s in scores if s.category == category and s.rank_in_category == 1), None)
        if best is None or best.overall is None:
            continue
        rows = by_category[category]
        users = {a.agent for a in rows if a.tool is not None and not a.skipped}
        others = {a.agent for a in rows if a.tool not in (None, best.tool) and not a.skipped}
        result.append(Recommendation(category, best.tool, best.overall, len(others) / len(users)))
    return tuple(result)


def _participation_by_service(
    spec: ScoringSpec, people: Sequence[Participant], withheld: Withheld
) -> tuple[ParticipationLine, ...]:
    services = sorted({p.service for p in people}, key=lambda s: (s is None, s or ""))
    return tuple(
        _participation_line(
            spec,
            service,
            [p for p in people if p.service == service],
            withheld=service in withheld.services,
            masked=service in withheld.masked,
        )
        for service in services
    )


def _participation_line(
    spec: ScoringSpec,
    service: str | None,
    people: Sequence[Participant],
    *,
    withheld: bool,
    masked: bool = False,
) -> ParticipationLine:
    """A service's line, or the total (service None, `withheld` False): how many were
    invited is no one's answer, but who started or finished would be."""
    invited = sum(p.invited for p in people)
    small = invited < spec.anonymity_threshold
    if withheld or (small and service is not None):
        return ParticipationLine(service, None, None, None, hidden=True, masked=masked)
    return ParticipationLine(
        service=service,
        invited=invited,
        started=None if small else sum(p.started for p in people),
        finished=None if small else sum(p.finished for p in people),
        hidden=small,
    )
