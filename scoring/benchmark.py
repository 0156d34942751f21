"""The anonymous benchmark of the organisations one structure serves (a Centre de gestion
and its communes): each organisation's scores, and what may be shown of them to whom.

Two levels of anonymity, one above the other.

Inside an organisation, its scores obey its own anonymity threshold, as its report does
(`organisation_scores`): a score averages at least that many agents, and none can be
subtracted from the report's own figures to give a smaller group's.

Across organisations, a score is compared only when at least `threshold` organisations have
it (5 by default):

- the structure's staff (`staff_benchmark`) see every organisation named, with its scores,
  next to their distribution (quartiles and median): they serve these organisations;
- an organisation's managers (`organisation_benchmark`) see their own scores and their
  *position*: how many of the other organisations are strictly below each. Only when those
  others number at least `threshold` on their own (complementary suppression: never "you
  and four others"), and never another organisation's name nor any score of theirs — no
  median, quartile, minimum or mean. With five others, their median *is* the third one's
  score; and as organisations publish one after another, any statistic that moves with a
  newcomer's score (a mean, a quantile) gives that score by difference between two
  benchmarks. A position only tells on which side of one's own score a newcomer fell.

The records a view is made of hold nothing its readers may not see: an organisation's
`OrganisationBenchmark` holds no other organisation's key, name or score, so no renderer
can show one.
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from .compute import PRECISION, canonical_answers, weighted_mean
from .records import Answer, ScoringSpec

DEFAULT_THRESHOLD = 5  # organisations contributing to a score, at least


# ----------------------------------------------------------------------- the input


@dataclass(frozen=True)
class Figure:
    """One organisation's score on one point, 0–10: a category's overall score
    (`criterion` None) or one criterion's mean in that category; `respondents` the agents
    who gave it."""

    category: str
    criterion: str | None
    value: float
    respondents: int


@dataclass(frozen=True)
class OrganisationScores:
    """What one organisation brings to the benchmark: its figures that its own anonymity
    threshold lets out (a figure it must hide is simply absent)."""

    key: str  # the tenant's key, e.g. "plouzane"
    name: str  # shown to the structure's staff only
    figures: tuple[Figure, ...]
    anonymity_threshold: int = 5  # the organisation's own, which its figures obey

    def figure(self, category: str, criterion: str | None = None) -> Figure | None:
        return next(
            (f for f in self.figures if f.category == category and f.criterion == criterion),
            None,
        )


def organisation_scores(
    key: str, name: str, spec: ScoringSpec, answers: Iterable[Answer]
) -> OrganisationScores:
    """An organisation's figures from its answers (those its report reads) and its spec.

    A criterion's mean in a category is the mean of every rating of it given there,
    whatever the tool ("nsp" left out): an agent who rates two tools of the category
    counts in both, and once among the respondents. The category's overall score is the
    weighted mean of those criterion means with the spec's weights — what the report does
    for one tool, done for the whole category.

    A figure is left out when fewer agents than `spec.anonymity_threshold` gave it, or when
    the tools the report hides (used by fewer agents than the threshold) hold ratings of
    it from between one and threshold − 1 agents: the category's mean minus the tools the
    report shows would be those few agents' mean. The overall score is left out as soon as
    one of its criteria is: it would give the missing one back.
    """
    threshold = spec.anonymity_threshold
    rows = [a for a in canonical_answers(answers) if a.tool is not None and not a.skipped]
    figures: list[Figure] = []
    for category in spec.categories:
        answered = [a for a in rows if a.category == category.key]
        users: dict[str, set[int]] = defaultdict(set)
        for answer in answered:
            users[answer.tool or ""].add(answer.agent)
        hidden_tools = {tool for tool, agents in users.items() if len(agents) < threshold}
        means: dict[str, float | None] = {}
        detail: list[Figure] = []
        complete = True
        for criterion in spec.criteria:
            given = [
                (answer, value)
                for answer in answered
                if (value := answer.ratings.get(criterion.key)) is not None
            ]
            if not given:  # nobody rated it: left out of the overall, as in the report
                continue
            agents = {answer.agent for answer, _ in given}
            few = {answer.agent for answer, _ in given if answer.tool in hidden_tools}
            if len(agents) < threshold or 0 < len(few) < threshold:
                complete = False
                continue
            mean = round(statistics.fmean(value for _, value in given), PRECISION)
            means[criterion.key] = mean
            detail.append(Figure(category.key, criterion.key, mean, len(agents)))
        overall = weighted_mean(spec, means) if complete else None
        if overall is not None:
            rating = {
                answer.agent
                for answer in answered
                if any(answer.ratings.get(c.key) is not None for c in spec.criteria)
            }
            figures.append(Figure(category.key, None, overall, len(rating)))
        figures.extend(detail)
    return OrganisationScores(key, name, tuple(figures), threshold)


def dump_scores(scores: OrganisationScores) -> str:
    """The scores as JSON, to be frozen with the release they were computed with: built
    again later from the answers, an erasure since would move them by one agent, and the
    frozen report beside them would give that agent's ratings by difference."""
    return json.dumps(asdict(scores), ensure_ascii=False, sort_keys=True)


def load_scores(text: str) -> OrganisationScores:
    data = json.loads(text)
    return OrganisationScores(
        key=data["key"],
        name=data["name"],
        figures=tuple(Figure(**f) for f in data["figures"]),
        anonymity_threshold=data["anonymity_threshold"],
    )


# ----------------------------------------------------------------------- the staff's view


@dataclass(frozen=True)
class Distribution:
    """The scores of the organisations that have one, as quartiles (interpolated, as a
    spreadsheet's QUARTILE.INC does)."""

    organisations: int
    low_quartile: float
    median: float
    high_quartile: float


@dataclass(frozen=True)
class Ranked:
    """One organisation's score in the staff's view; equal scores share a rank."""

    organisation: str  # key
    name: str
    value: float
    respondents: int
    rank: int  # 1: the highest score


@dataclass(frozen=True)
class StaffFigure:
    category: str
    criterion: str | None  # None: the category's overall score
    contributors: int  # organisations that have this score
    distribution: Distribution | None  # None: fewer than the threshold, nothing is compared
    ranked: tuple[Ranked, ...]  # highest first; empty when there is no distribution


@dataclass(frozen=True)
class StaffBenchmark:
    spec: ScoringSpec
    threshold: int
    organisations: tuple[tuple[str, str], ...]  # (key, name) of each, by name
    figures: tuple[StaffFigure, ...]  # per category in the spec's order: overall, criteria

    def figure(self, category: str, criterion: str | None = None) -> StaffFigure:
        return next(f for f in self.figures if f.category == category and f.criterion == criterion)


def staff_benchmark(
    spec: ScoringSpec,
    organisations: Sequence[OrganisationScores],
    threshold: int = DEFAULT_THRESHOLD,
) -> StaffBenchmark:
    """Every organisation's scores next to their distribution, for the structure's staff;
    a score that fewer than `threshold` organisations have is not compared at all."""
    _check(organisations, threshold)
    figures = []
    for category, criterion in _points(spec):
        having = [
            (organisation, figure)
            for organisation in organisations
            if (figure := organisation.figure(category, criterion)) is not None
        ]
        if len(having) < threshold:
            figures.append(StaffFigure(category, criterion, len(having), None, ()))
            continue
        values = [figure.value for _, figure in having]
        ordered = sorted(having, key=lambda pair: (-pair[1].value, *_by_name(pair[0])))
        ranked = tuple(
            Ranked(
                organisation.key,
                organisation.name,
                figure.value,
                figure.respondents,
                1 + sum(value > figure.value for value in values),
            )
            for organisation, figure in ordered
        )
        figures.append(StaffFigure(category, criterion, len(having), _distribution(values), ranked))
    named = tuple((o.key, o.name) for o in sorted(organisations, key=_by_name))
    return StaffBenchmark(spec, threshold, named, tuple(figures))


def _distribution(values: Sequence[float]) -> Distribution:
    if len(values) == 1:  # a threshold of 1: the quartiles of one score are that score
        low = median = high = values[0]
    else:
        low, median, high = statistics.quantiles(values, n=4, method="inclusive")
    return Distribution(
        len(values),
        round(low, PRECISION),
        round(median, PRECISION),
        round(high, PRECISION),
    )


# ----------------------------------------------------------------------- an organisation's view


@dataclass(frozen=True)
class Position:
    """Where an organisation's score stands among the others': two counts, never a score
    of theirs."""

    others: int  # organisations compared with, itself excluded (at least the threshold)
    below: int  # of them, those strictly below (an equal score is not below)

    @property
    def share_below(self) -> float:
        return self.below / self.others


@dataclass(frozen=True)
class Standing:
    """One of the organisation's scores and, if it may be compared, its position."""

    category: str
    criterion: str | None  # None: the category's overall score
    own: Figure | None  # None: the organisation has no such score
    position: Position | None  # None: no score, or fewer than the threshold others


@dataclass(frozen=True)
class OrganisationBenchmark:
    """What an organisation's managers see: nothing of any other organisation but counts."""

    spec: ScoringSpec
    threshold: int
    key: str
    name: str  # the organisation's own name
    published: bool  # whether it is among the organisations with published results
    standings: tuple[Standing, ...]  # per category in the spec's order: overall, criteria

    def standing(self, category: str, criterion: str | None = None) -> Standing:
        return next(
            s for s in self.standings if s.category == category and s.criterion == criterion
        )

    def lowest(self, limit: int = 3) -> tuple[Standing, ...]:
        """The criteria where it stands lowest, in the lower half of the others only:
        fewest below first; equal positions in the spec's order."""
        low = [
            s
            for s in self.standings
            if s.criterion is not None and s.position and s.position.share_below < 0.5
        ]
        order = {point: index for index, point in enumerate(_points(self.spec))}
        low.sort(key=lambda s: (_share(s), order[(s.category, s.criterion)]))
        return tuple(low[:limit])


def organisation_benchmark(
    spec: ScoringSpec,
    organisations: Sequence[OrganisationScores],
    key: str,
    threshold: int = DEFAULT_THRESHOLD,
) -> OrganisationBenchmark:
    """The position of organisation `key` among the others, for its managers. An
    organisation not among `organisations` (no results published yet) gets no score."""
    _check(organisations, threshold)
    mine = next((o for o in organisations if o.key == key), None)
    others = [o for o in organisations if o.key != key]
    standings = []
    for category, criterion in _points(spec):
        own = mine.figure(category, criterion) if mine is not None else None
        position = None
        if own is not None:
            theirs = [
                figure.value
                for organisation in others
                if (figure := organisation.figure(category, criterion)) is not None
            ]
            if len(theirs) >= threshold:
                position = Position(len(theirs), sum(value < own.value for value in theirs))
        standings.append(Standing(category, criterion, own, position))
    return OrganisationBenchmark(
        spec=spec,
        threshold=threshold,
        key=key,
        name=mine.name if mine is not None else "",
        published=mine is not None,
        standings=tuple(standings),
    )


# ----------------------------------------------------------------------- shared


def _points(spec: ScoringSpec) -> list[tuple[str, str | None]]:
    """Every score compared, in the order shown: per category, the overall then each
    criterion."""
    return [
        (category.key, criterion)
        for category in spec.categories
        for criterion in (None, *(c.key for c in spec.criteria))
    ]


def _by_name(organisation: OrganisationScores) -> tuple[str, str]:
    return (organisation.name.casefold(), organisation.key)


def _share(standing: Standing) -> float:
    return standing.position.share_below if standing.position else 1.0


def _check(organisations: Sequence[OrganisationScores], threshold: int) -> None:
    if threshold < 1:
        raise ValueError(f"the benchmark's threshold must be at least 1, not {threshold}")
    seen: set[str] = set()
    for organisation in organisations:
        if organisation.key in seen:
            raise ValueError(f"organisation {organisation.key!r} is given twice")
        seen.add(organisation.key)
