"""The recommendation of phase 2 (« choisir »): the candidate suites compared on coverage of
the needs (a gate), the pilots' ratings, sovereignty, support and cost, and one verdict
with its reasons and what would change it.

Pure: the catalogue's suites, the needs and the trial's answers in, a `ChoiceReport` out.
It is one pipeline read from top to bottom (inputs, outputs, the pilots' figures, the
components, the ranking, the verdict): the verdict re-scores candidates with the ranking's
own rules and the report holds the verdict, so its 600-odd lines stay in one module rather
than in two that import each other. The words are in `choice_labels`, `choice_line` and
`choice_render`.
The anonymity threshold is applied here, in `choice_report`, once: a figure of fewer pilots
than the threshold is not in the report, so no renderer can show it.

The components of the score, each on 0–10:

- simplicity, efficiency, perceived security: the mean of the pilots' ratings of the suite
  on that criterion, every tried category pooled, when at least `threshold` pilots gave one;
- security: the mean of perceived security and certification (SecNumCloud 10, any other
  certification 5, none 0); certification alone without a pilots' figure;
- sovereignty: the mean of the publisher's country (France 10, EU 5, else 0) and the
  hosting (France 10, EU 5, outside the EU 0);
- proximity: support in French from a team in France 10, in French only 5, else 0;
- cost: 10 × the cheapest known price among the suites that cover every need ÷ this one's;
  unknown price: no cost component. The reference is taken among the suites that pass the
  gate: a suite that cannot be chosen must not set the price the others are judged by
  (adding one to the catalogue would otherwise reorder the others), and no suite that passes
  scores above 10. A suite that does not cover every need is not compared on price.

The score is Σ wᵢcᵢ / Σ wᵢ over the components present; the absent ones are listed.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from typing import Literal

from .compute import PRECISION
from .suites import EU_COUNTRIES, Coverage, Hosting, Suite, coverage

# The trial's criteria, in the order they are asked (conversations/trial.py names them).
SIMPLICITE, EFFICACITE, SECURITE = "simplicite", "efficacite", "securite"
CRITERIA = (SIMPLICITE, EFFICACITE, SECURITE)

Component = Literal["security", "simplicity", "sovereignty", "proximity", "efficiency", "cost"]
COMPONENTS: tuple[Component, ...] = (
    "security",
    "simplicity",
    "sovereignty",
    "proximity",
    "efficiency",
    "cost",
)

Origin = Literal["FR", "EU", "other"]


# ------------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class TrialRating:
    agent_id: int
    suite: str  # suite key
    category: str
    criterion: str  # one of CRITERIA
    value: float | None  # 0..10, None = no opinion (« nsp », « passer »)


@dataclass(frozen=True)
class TrialComment:
    agent_id: int
    suite: str
    body: str


@dataclass(frozen=True)
class ChoiceWeights:
    """How much each component counts (the `[choice.weights]` of the configuration)."""

    security: float = 3
    simplicity: float = 3
    sovereignty: float = 2
    proximity: float = 2
    efficiency: float = 2
    cost: float = 1

    def __post_init__(self) -> None:
        values = [getattr(self, f.name) for f in fields(self)]
        if any(not math.isfinite(v) or v < 0 for v in values):
            raise ValueError(f"weights must be finite and at least 0: {values}")
        if not any(v > 0 for v in values):
            raise ValueError("give at least one weight above 0")

    def of(self, component: Component) -> float:
        value: float = getattr(self, component)
        return value


# ------------------------------------------------------------------------------ outputs


@dataclass(frozen=True)
class Cell:
    """The pilots' mean of one suite on one criterion in one category they tried."""

    category: str
    criterion: str
    n: int | None  # pilots who gave a value; None when withheld
    mean: float | None  # None when withheld
    withheld: bool = False  # fewer pilots than the threshold, or `masked`
    masked: bool = False  # withheld although large enough, so that a small one is not deduced


@dataclass(frozen=True)
class Candidate:
    suite: Suite
    coverage: Coverage
    yearly_cost: Decimal | None  # for the organisation's agents; None: price unknown
    pilots: int | None  # distinct pilots who rated the suite; None under the threshold
    means: Mapping[str, float | None]  # per criterion, every tried category pooled
    raters: Mapping[str, int | None]  # per criterion, the pilots behind the mean
    cells: tuple[Cell, ...]  # per category tried, then criterion
    certification: float  # 10 SecNumCloud, 5 another, 0 none
    components: Mapping[Component, float | None]
    score: float | None  # None: fails the coverage gate (or no weighted component present)
    missing: tuple[Component, ...]  # weighted components the score goes without (if scored)
    rank: int | None  # 1 best, equal for a tie; None: not retained (needs not covered)
    tied: bool = False  # shares its rank with another suite

    @property
    def key(self) -> str:
        return self.suite.key

    @property
    def retained(self) -> bool:
        """Covers every need: only such a suite is scored and can be recommended."""
        return self.coverage.complete


@dataclass(frozen=True)
class SuiteComments:
    suite: str
    comments: tuple[tuple[str, int], ...]  # (body, how many pilots wrote it); empty if hidden
    count: int  # comments written, even when hidden
    hidden: bool  # the suite's pilots are fewer than the threshold


@dataclass(frozen=True)
class Reasons:
    """The facts a recommendation stands on, for one suite."""

    suite: str
    covered: int
    needed: int
    missing: tuple[str, ...]  # categories not covered
    score: float | None
    simplicity: float | None  # pilots' mean of ease of getting started, if shown
    simplicity_pilots: int | None
    publisher_origin: Origin
    publisher_country: str
    hosting: Hosting
    support_where: str
    support_country: str | None
    support_in_french: bool
    certifications: tuple[str, ...]


@dataclass(frozen=True)
class Overtake:
    """The runner-up would be ranked first if this one component gained `gain` points."""

    suite: str
    component: Component | None  # None: no single component's gain within 0–10 would do
    gain: float | None


@dataclass(frozen=True)
class WeightChange:
    """With this one weight (the others unchanged), `leader` would be recommended instead."""

    component: Component
    weight: float
    was: float
    leader: str


@dataclass(frozen=True)
class Lacking:
    suite: str
    missing: tuple[str, ...]  # the needed categories it does not cover


VerdictKind = Literal["recommended", "tie", "none_covers", "no_candidate"]


@dataclass(frozen=True)
class Verdict:
    kind: VerdictKind
    suite: str | None  # the recommended suite's key
    tied: tuple[str, ...]  # "tie": the suites ranked first together; the admin decides
    closest: tuple[str, ...]  # "none_covers": the suites covering the most needs
    reasons: tuple[Reasons, ...]  # of the recommended, the tied or the closest suites
    overtake: Overtake | None  # "recommended": what the runner-up lacks to pass it
    weight_change: WeightChange | None  # "recommended": the smallest weight change that would
    lacking: tuple[Lacking, ...]  # every suite failing the gate, with what it lacks


@dataclass(frozen=True)
class ChoiceReport:
    candidates: tuple[Candidate, ...]  # ranked: retained by score, then the others
    needed: tuple[str, ...]
    threshold: int
    pilots_total: int | None  # distinct pilots who answered anything; None under the threshold
    invited_pilots: int
    recommendation: Verdict
    comments: tuple[SuiteComments, ...]  # in the candidates' order, suites with comments only
    weights: ChoiceWeights
    cost_reference: Decimal | None  # the cheapest known price per user and month that passes

    def candidate(self, key: str) -> Candidate:
        return next(c for c in self.candidates if c.key == key)


# ---------------------------------------------------------------------------- the report


def choice_report(
    suites: Sequence[Suite],
    needed: Sequence[str],
    agents: int,
    ratings: Iterable[TrialRating],
    comments: Iterable[TrialComment],
    *,
    threshold: int,
    weights: ChoiceWeights,
    invited_pilots: int = 0,
) -> ChoiceReport:
    """Every candidate with its figures, ranked, and the verdict.

    Ratings and comments of a suite not in `suites`, or of an unknown criterion, are
    ignored; a later rating of the same pilot, suite, category and criterion replaces an
    earlier one.
    """
    keys = [s.key for s in suites]
    if len(set(keys)) != len(keys):
        raise ValueError(f"duplicate suite keys in {keys}")
    given: dict[str, dict[tuple[str, str, int], float | None]] = {key: {} for key in keys}
    for rating in ratings:
        if rating.suite in given and rating.criterion in CRITERIA:
            cell = (rating.category, rating.criterion, rating.agent_id)
            given[rating.suite][cell] = rating.value
    written = [c for c in comments if c.suite in given]
    answered = {a for rows in given.values() for (_, _, a) in rows} | {c.agent_id for c in written}

    covers = {s.key: coverage(s, needed) for s in suites}
    prices = [
        s.price_per_user_month
        for s in suites
        if covers[s.key].complete and s.price_per_user_month is not None
    ]
    reference = min(prices) if prices else None
    unranked = []
    for suite in suites:
        pilots, means, raters, cells = _figures(given[suite.key], needed, threshold)
        components = _components(suite, means, covers[suite.key].complete, reference)
        score, missing = weighted_score(components, weights)
        unranked.append(
            Candidate(
                suite=suite,
                coverage=covers[suite.key],
                yearly_cost=suite.yearly_cost(agents),
                pilots=pilots,
                means=means,
                raters=raters,
                cells=cells,
                certification=certification(suite),
                components=components,
                score=score if covers[suite.key].complete else None,
                missing=missing if covers[suite.key].complete else (),
                rank=None,
            )
        )
    candidates = _ranked(unranked)
    return ChoiceReport(
        candidates=candidates,
        needed=tuple(needed),
        threshold=threshold,
        pilots_total=len(answered) if len(answered) >= threshold else None,
        invited_pilots=invited_pilots,
        recommendation=_verdict(candidates, weights),
        comments=_comments(candidates, written),
        weights=weights,
        cost_reference=reference,
    )


# ------------------------------------------------------------- the pilots' figures


def _figures(
    given: Mapping[tuple[str, str, int], float | None], needed: Sequence[str], threshold: int
) -> tuple[int | None, dict[str, float | None], dict[str, int | None], tuple[Cell, ...]]:
    """The suite's pilots, pooled means per criterion and cells, the threshold applied.

    Complementary suppression. The pooled mean of a criterion is over every value (all the
    categories tried), and each shown cell gives its mean and how many pilots are behind it.
    With a single cell withheld, the pooled figure minus the shown cells would give it back
    (the count it lacks is bounded by the threshold, the sum follows). So, as for the
    evaluation's services (`scoring.disclosure`): every cell of fewer pilots than the
    threshold is withheld; then, if the withheld cells of that criterion together hold fewer
    distinct pilots than the threshold, more cells are withheld, the smallest first, until
    they do. What subtraction recovers is then the mean over a group at least as large as
    any group shown, and never one cell of it. If even every cell together holds fewer
    pilots than the threshold, the pooled mean is withheld too (it is then such a group).
    """
    agents = {agent for (_, _, agent) in given}
    raters_by_cell: dict[tuple[str, str], set[int]] = defaultdict(set)
    values_by_cell: dict[tuple[str, str], list[float]] = defaultdict(list)
    for (category, criterion, agent), value in given.items():
        if value is not None:
            raters_by_cell[(category, criterion)].add(agent)
            values_by_cell[(category, criterion)].append(value)
    order = {key: index for index, key in enumerate(needed)}
    categories = sorted(
        {category for category, _ in raters_by_cell},
        key=lambda key: (key not in order, order.get(key, 0), key),
    )
    means: dict[str, float | None] = {}
    raters: dict[str, int | None] = {}
    cells: list[Cell] = []
    withheld_by_criterion: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
    for criterion in CRITERIA:
        mine = {
            category: raters_by_cell[(category, criterion)]
            for category in categories
            if (category, criterion) in raters_by_cell
        }
        everyone = set().union(*mine.values()) if mine else set()
        values = [v for category in mine for v in values_by_cell[(category, criterion)]]
        shown = len(everyone) >= threshold
        means[criterion] = round(statistics.fmean(values), PRECISION) if shown else None
        raters[criterion] = len(everyone) if shown else None
        withheld_by_criterion[criterion] = _suppressed(mine, threshold, categories)
    for category in categories:
        for criterion in CRITERIA:
            if (category, criterion) not in raters_by_cell:
                continue
            primary, secondary = withheld_by_criterion[criterion]
            if category in primary or category in secondary:
                cells.append(Cell(category, criterion, None, None, True, category in secondary))
                continue
            values = values_by_cell[(category, criterion)]
            cells.append(
                Cell(
                    category,
                    criterion,
                    len(raters_by_cell[(category, criterion)]),
                    round(statistics.fmean(values), PRECISION),
                )
            )
    pilots = len(agents) if len(agents) >= threshold else None
    return pilots, means, raters, tuple(cells)


def _suppressed(
    cells: Mapping[str, set[int]], threshold: int, categories: Sequence[str]
) -> tuple[frozenset[str], frozenset[str]]:
    """(cells under the threshold, cells withheld to protect them): see `_figures`."""
    primary = {key for key, agents in cells.items() if len(agents) < threshold}
    if not primary:
        return frozenset(), frozenset()
    position = {key: index for index, key in enumerate(categories)}
    together = set().union(*(cells[key] for key in primary))
    secondary: set[str] = set()
    for key in sorted(
        (key for key in cells if key not in primary),
        key=lambda key: (len(cells[key]), position[key]),
    ):
        if len(together) >= threshold:
            break
        secondary.add(key)
        together |= cells[key]
    return frozenset(primary), frozenset(secondary)


# ------------------------------------------------------------------ the components


def certification(suite: Suite) -> float:
    """10 for SecNumCloud (ANSSI's qualification for the cloud), 5 for any other, 0 none."""
    names = [name.strip().casefold() for name in suite.certifications if name.strip()]
    if "secnumcloud" in names:
        return 10.0
    return 5.0 if names else 0.0


def origin(country: str) -> Origin:
    if country.upper() == "FR":
        return "FR"
    return "EU" if country.upper() in EU_COUNTRIES else "other"


_ORIGIN_POINTS: dict[Origin, float] = {"FR": 10.0, "EU": 5.0, "other": 0.0}
_HOSTING_POINTS = {Hosting.FRANCE: 10.0, Hosting.EU: 5.0, Hosting.OUTSIDE_EU: 0.0}


def _components(
    suite: Suite,
    means: Mapping[str, float | None],
    retained: bool,
    reference: Decimal | None,
) -> dict[Component, float | None]:
    perceived = means[SECURITE]
    certified = certification(suite)
    security = certified if perceived is None else (perceived + certified) / 2
    sovereignty = (
        _ORIGIN_POINTS[origin(suite.publisher_country)] + _HOSTING_POINTS[suite.hosting]
    ) / 2
    support = suite.support
    if support.in_french and (support.country or "").upper() == "FR":
        proximity = 10.0
    else:
        proximity = 5.0 if support.in_french else 0.0
    price = suite.price_per_user_month
    cost: float | None = None
    if retained and price is not None and reference is not None:
        cost = 10.0 if price == 0 else float(10 * reference / price)
    found: dict[Component, float | None] = {
        "security": security,
        "simplicity": means[SIMPLICITE],
        "sovereignty": sovereignty,
        "proximity": proximity,
        "efficiency": means[EFFICACITE],
        "cost": cost,
    }
    return {key: None if v is None else round(v, PRECISION) for key, v in found.items()}


def weighted_score(
    components: Mapping[Component, float | None], weights: ChoiceWeights
) -> tuple[float | None, tuple[Component, ...]]:
    """Σ wᵢcᵢ / Σ wᵢ over the components present, and the weighted ones absent."""
    total = weight = 0.0
    missing: list[Component] = []
    for component in COMPONENTS:
        w = weights.of(component)
        value = components.get(component)
        if w <= 0:
            continue
        if value is None:
            missing.append(component)
            continue
        total += w * value
        weight += w
    return (round(total / weight, PRECISION) if weight else None), tuple(missing)


# --------------------------------------------------------------------- the ranking


def shown(score: float) -> Decimal:
    """A score as the report shows it, to one decimal: two suites shown equal are tied."""
    return Decimal(f"{score:.1f}")


def _ranked(candidates: Sequence[Candidate]) -> tuple[Candidate, ...]:
    """Suites covering every need first, by score shown (a tie keeps the catalogue's order),
    those without a score after them; then the others, by needs covered.

    Once the pilots rated some suites, one they did not (or too few of them) comes after
    those they did, whatever its score: the method tests before it chooses, and a score
    without the pilots' figures rests on the certification and the facts alone."""
    position = {c.key: index for index, c in enumerate(candidates)}
    scored = [c for c in candidates if c.retained and c.score is not None]
    tried = any(c.pilots is not None for c in scored)

    def standing(c: Candidate) -> tuple[bool, Decimal]:
        return (tried and c.pilots is None, -shown(c.score or 0.0))

    scored.sort(key=lambda c: (standing(c), position[c.key]))
    unscored = [c for c in candidates if c.retained and c.score is None]
    failing = sorted(
        (c for c in candidates if not c.retained),
        key=lambda c: (-len(c.coverage.covered), position[c.key]),
    )
    values = [standing(c) for c in scored]
    ranked = [
        replace(
            c,
            rank=1 + sum(other < value for other in values),  # 1, 1, 3: ties share a rank
            tied=values.count(value) > 1,
        )
        for c, value in zip(scored, values, strict=True)
    ]
    return (*ranked, *unscored, *failing)


# --------------------------------------------------------------------- the verdict


def _verdict(candidates: Sequence[Candidate], weights: ChoiceWeights) -> Verdict:
    lacking = tuple(Lacking(c.key, c.coverage.missing) for c in candidates if not c.retained)
    if not candidates:
        return Verdict("no_candidate", None, (), (), (), None, None, ())
    retained = [c for c in candidates if c.retained]
    if not retained:
        most = max(len(c.coverage.covered) for c in candidates)
        closest = tuple(c for c in candidates if len(c.coverage.covered) == most)
        return Verdict(
            "none_covers",
            None,
            (),
            tuple(c.key for c in closest),
            tuple(reasons(c) for c in closest),
            None,
            None,
            lacking,
        )
    first = [c for c in retained if c.rank == 1]
    if not first:  # no suite has a score: with no figure to tell them apart, all are equal
        first = retained
    if len(first) > 1:
        return Verdict(
            "tie",
            None,
            tuple(c.key for c in first),
            (),
            tuple(reasons(c) for c in first),
            None,
            None,
            lacking,
        )
    leader = first[0]
    # Once the pilots rated some suites, only those can overtake: no gain of a score or
    # change of weight puts an untried suite first (see `_ranked`).
    rivals = [c for c in candidates if leader.pilots is None or c.pilots is not None]
    runner_up = next(
        (c for c in rivals if c.retained and c is not leader and c.score is not None), None
    )
    overtake = _overtake(leader, runner_up, weights) if runner_up else None
    return Verdict(
        "recommended",
        leader.key,
        (),
        (),
        (reasons(leader),),
        overtake,
        _weight_change(rivals, leader, weights),
        lacking,
    )


def reasons(candidate: Candidate) -> Reasons:
    suite = candidate.suite
    return Reasons(
        suite=suite.key,
        covered=len(candidate.coverage.covered),
        needed=candidate.coverage.needed,
        missing=candidate.coverage.missing,
        score=candidate.score,
        simplicity=candidate.means[SIMPLICITE],
        simplicity_pilots=candidate.raters[SIMPLICITE],
        publisher_origin=origin(suite.publisher_country),
        publisher_country=suite.publisher_country,
        hosting=suite.hosting,
        support_where=suite.support.where,
        support_country=suite.support.country,
        support_in_french=suite.support.in_french,
        certifications=suite.certifications,
    )


def _overtake(leader: Candidate, runner_up: Candidate, weights: ChoiceWeights) -> Overtake:
    """The smallest gain, in tenths of a point, of one of the runner-up's components that
    puts its score shown above the leader's (equal shown scores are a tie, not ahead)."""
    target = shown(leader.score or 0.0)
    best: tuple[float, Component] | None = None
    for component in COMPONENTS:
        value = runner_up.components.get(component)
        if value is None or weights.of(component) <= 0:
            continue
        for tenths in range(1, 101):
            raised = round(value + tenths / 10, PRECISION)
            if raised > 10:
                break
            score, _ = weighted_score({**runner_up.components, component: raised}, weights)
            if score is not None and shown(score) > target:
                if best is None or tenths / 10 < best[0]:
                    best = (tenths / 10, component)
                break
    if best is None:
        return Overtake(runner_up.key, None, None)
    return Overtake(runner_up.key, best[1], best[0])


def _weight_change(
    candidates: Sequence[Candidate], leader: Candidate, weights: ChoiceWeights
) -> WeightChange | None:
    """The smallest change of one weight, to a whole number from 0 to 10, after which
    another suite alone would be ranked first; None if none would."""
    retained = [c for c in candidates if c.retained]
    found: list[tuple[float, int, float, Component, str]] = []
    for index, component in enumerate(COMPONENTS):
        was = weights.of(component)
        for weight in range(0, 11):
            if weight == was:
                continue
            try:
                changed = replace(weights, **{component: float(weight)})
            except ValueError:  # every weight at 0
                continue
            scores = {
                c.key: s
                for c in retained
                if (s := weighted_score(c.components, changed)[0]) is not None
            }
            if not scores:
                continue
            top = max(shown(s) for s in scores.values())
            first = [key for key, s in scores.items() if shown(s) == top]
            if len(first) == 1 and first[0] != leader.key:
                found.append((abs(weight - was), index, float(weight), component, first[0]))
    if not found:
        return None
    _, _, chosen, component, key = min(found)
    return WeightChange(component, chosen, weights.of(component), key)


# --------------------------------------------------------------------- the comments


def _comments(
    candidates: Sequence[Candidate], comments: Sequence[TrialComment]
) -> tuple[SuiteComments, ...]:
    """Each suite's comments, identical ones once with how many pilots wrote them; shown
    only for a suite rated by at least the threshold of pilots, like a tool's comments in
    the evaluation."""
    by_suite: dict[str, list[TrialComment]] = defaultdict(list)
    for comment in comments:
        if comment.body.strip():
            by_suite[comment.suite].append(comment)
    groups = []
    for candidate in candidates:
        mine = by_suite.get(candidate.key)
        if not mine:
            continue
        hidden = candidate.pilots is None
        spelling: dict[str, str] = {}
        authors: dict[str, set[int]] = defaultdict(set)
        for comment in mine:
            folded = " ".join(comment.body.casefold().split())
            body = comment.body.strip()
            spelling[folded] = min(spelling.get(folded, body), body)  # whatever the order
            authors[folded].add(comment.agent_id)
        ordered = sorted(spelling, key=lambda f: (-len(authors[f]), f))
        groups.append(
            SuiteComments(
                candidate.key,
                () if hidden else tuple((spelling[f], len(authors[f])) for f in ordered),
                len(mine),
                hidden,
            )
        )
    return tuple(groups)
